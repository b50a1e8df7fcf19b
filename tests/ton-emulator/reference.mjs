// Independent reference for core/wallet: @ton/core and @ton/crypto answer the same questions as
// our C++ code, for the tests to compare. Reads one JSON request on stdin, writes JSON on stdout.
//   {"op":"addresses","pubkeys":[hex...]}            -> v4r2/v5r1 addresses, mainnet and testnet
//   {"op":"mnemonics","count":N}                     -> new phrases with their public keys
//   {"op":"validate","phrases":["w1 w2 ...", ...]}   -> validity and public key of each phrase
//   {"op":"cells","count":N,"seed":S}                -> random cell trees as BOC hex with hashes
//   {"op":"hashes","bocs":[hex...]}                  -> the root hash of each BOC (ours, read by them)
//   {"op":"parse","addresses":[text...]}             -> what @ton/core makes of each address
//   {"op":"transfer","seed":hex,"seqno":N,"validUntil":T,"withInit":bool,
//    "items":[{"to":text,"nano":"N","bounce":bool,"comment":text}]}
//                                                    -> a v5r1 transfer: body hash and external BOC
import { Address, beginCell, Cell, external, internal, storeMessage } from '@ton/core';
import { keyPairFromSeed, mnemonicNew, mnemonicToPrivateKey, mnemonicValidate } from '@ton/crypto';
import { WalletContractV4, WalletContractV5R1 } from '@ton/ton';

const input = await new Promise((resolve) => {
  let s = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (c) => (s += c));
  process.stdin.on('end', () => resolve(s));
});
const req = JSON.parse(input);

function forms(address) {
  return {
    raw: address.toRawString(),
    bounceable: address.toString({ bounceable: true, urlSafe: true }),
    nonBounceable: address.toString({ bounceable: false, urlSafe: true }),
  };
}

function v5(publicKey, testnet) {
  return WalletContractV5R1.create({ workchain: 0, publicKey, walletId: { networkGlobalId: testnet ? -3 : -239 } });
}

// A small deterministic generator so a failing case can be reproduced from its seed.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

function randomCell(next, depth) {
  const b = beginCell();
  const bits = next() % (depth > 0 ? 600 : 1024);
  for (let i = 0; i < bits; i++) b.storeBit(next() & 1);
  const refs = depth > 0 ? next() % 5 : 0;
  for (let i = 0; i < refs && b.refs < 4; i++) b.storeRef(randomCell(next, depth - 1));
  return b.endCell();
}

let out;
switch (req.op) {
  case 'addresses':
    out = req.pubkeys.map((hex) => {
      const publicKey = Buffer.from(hex, 'hex');
      return {
        pubkey: hex,
        v4r2: forms(WalletContractV4.create({ workchain: 0, publicKey }).address),
        v5r1: forms(v5(publicKey, false).address),
        v5r1Testnet: forms(v5(publicKey, true).address),
      };
    });
    break;
  case 'mnemonics':
    out = [];
    for (let i = 0; i < req.count; i++) {
      const words = await mnemonicNew();
      const keys = await mnemonicToPrivateKey(words);
      out.push({ phrase: words.join(' '), pubkey: Buffer.from(keys.publicKey).toString('hex') });
    }
    break;
  case 'validate':
    out = [];
    for (const phrase of req.phrases) {
      const words = phrase.split(' ');
      const valid = await mnemonicValidate(words);
      const pubkey = valid ? Buffer.from((await mnemonicToPrivateKey(words)).publicKey).toString('hex') : '';
      out.push({ valid, pubkey });
    }
    break;
  case 'cells': {
    const next = rng(req.seed);
    out = [];
    for (let i = 0; i < req.count; i++) {
      const c = randomCell(next, 1 + (next() % 4));
      out.push({ boc: c.toBoc().toString('hex'), hash: c.hash().toString('hex'), depth: c.depth() });
    }
    break;
  }
  case 'hashes':
    out = req.bocs.map((hex) => Cell.fromBoc(Buffer.from(hex, 'hex'))[0].hash().toString('hex'));
    break;
  case 'parse':
    out = req.addresses.map((text) => {
      try {
        const a = Address.parse(text);
        return { valid: true, raw: a.toRawString() };
      } catch (e) {
        return { valid: false };
      }
    });
    break;
  case 'transfer': {
    const keys = keyPairFromSeed(Buffer.from(req.seed, 'hex'));
    const wallet = v5(keys.publicKey, false);
    const body = wallet.createTransfer({
      seqno: req.seqno, secretKey: keys.secretKey, timeout: req.validUntil, sendMode: 3,
      messages: req.items.map((i) => internal({
        to: Address.parse(i.to), value: BigInt(i.nano), bounce: i.bounce,
        body: i.comment === '' ? undefined : i.comment,
      })),
    });
    const msg = external({ to: wallet.address, init: req.withInit ? wallet.init : undefined, body });
    const cell = beginCell().store(storeMessage(msg)).endCell();
    out = { bodyHash: body.hash().toString('hex'), boc: cell.toBoc().toString('hex'), address: wallet.address.toRawString() };
    break;
  }
  default:
    console.error(`unknown op ${req.op}`);
    process.exit(2);
}
process.stdout.write(JSON.stringify(out));
