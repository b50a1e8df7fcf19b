// A real TON chain on loopback for the wallet tests: @ton/sandbox (the TON virtual machine
// emulator) holds the accounts; this server answers the toncenter HTTP API v2 calls the app makes
// from that state, plus /control/* calls the tests use to move money.
//
//   node server.mjs [--port N] [--api-key KEY]
// Prints one JSON line when ready: {"port": N, "coordinator": "<raw payout address>"}.
//
// toncenter v2 (GET, ?address=...): getAddressInformation, getAddressBalance,
// getWalletInformation, getTransactions (limit, lt, hash, to_lt); answers {"ok": true, "result": ...}
// or {"ok": false, "error": "...", "code": N}. As on the real service, getWalletInformation
// recognises wallet v4r2 but reports a v5r1 wallet as wallet=false (clients read its data cell).
// sendBoc (POST {"boc": base64}) applies an external message; one the account does not accept
// answers HTTP 500 as toncenter does ("cannot apply external message").
// Control (POST, JSON body):
//   /control/payout {"to": ADDRESS, "amountNano": "N", "count": K, "comment": "..."}  coordinator pays
//   /control/deploy {"mnemonic": "w1 ... w24", "version": "v4r2"|"v5r1"}  funds and deploys a wallet
//   /control/fund {"to": ADDRESS, "amountNano": "N"}  the faucet sends (non-bounceable)
//   /control/fail {"status": 429, "count": K, "method": "sendBoc", "after": true}  the next K calls
//       (of that method only, if given) answer that HTTP status; with "after", the call is carried
//       out first (a send that reached the chain but whose answer was lost); status 0: no answer
//       at all (the client times out)
//   /control/stale {"count": K}  the next K reads answer as the chain was before the last sendBoc
//       (a lagging replica behind a load balancer)
//   /control/now {"unix": T}  the chain's clock (wallets check valid_until against it)
//   /control/received {"from": ADDRESS, "to": ADDRESS}  {"nano": "N", "count": K} sent from -> to
import http from 'node:http';
import { Blockchain } from '@ton/sandbox';
import { Address, beginCell, Cell, internal, loadMessage, toNano } from '@ton/core';
import { mnemonicToPrivateKey } from '@ton/crypto';
import { WalletContractV4, WalletContractV5R1 } from '@ton/ton';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const apiKey = opt('--api-key', '');

const chain = await Blockchain.create();
const coordinator = await chain.treasury('cocoon-coordinator-payouts');
const faucet = await chain.treasury('faucet');
const txsByAccount = new Map(); // raw address -> transactions, oldest first
const walletKinds = new Map(); // raw address -> 'v4r2' | 'v5r1'
let failNext = { status: 0, count: 0, method: '', after: false };
let stale = { count: 0, accounts: new Map() }; // raw -> {info, txCount} before the last sendBoc

function rawOf(hashBigint) {
  return new Address(0, Buffer.from(hashBigint.toString(16).padStart(64, '0'), 'hex')).toRawString();
}

function record(result) {
  for (const tx of result.transactions) {
    const raw = rawOf(tx.address);
    if (!txsByAccount.has(raw)) txsByAccount.set(raw, []);
    txsByAccount.get(raw).push(tx);
  }
}

function msgJson(m) {
  if (!m) return null;
  const info = m.info;
  const internalMsg = info.type === 'internal';
  let comment = '';
  try {
    const s = m.body.beginParse();
    if (s.remainingBits >= 32 && s.loadUint(32) === 0) comment = s.loadStringTail();
  } catch (e) {
    comment = '';
  }
  return {
    '@type': 'raw.message',
    source: internalMsg ? info.src.toString({ bounceable: true }) : '',
    destination: info.dest ? info.dest.toString({ bounceable: true }) : '',
    value: internalMsg ? info.value.coins.toString() : '0',
    fwd_fee: internalMsg ? info.forwardFee.toString() : '0',
    ihr_fee: internalMsg ? info.ihrFee.toString() : '0',
    created_lt: internalMsg ? info.createdLt.toString() : '0',
    body_hash: m.body.hash().toString('base64'),
    message: comment,
  };
}

function txJson(tx) {
  return {
    '@type': 'raw.transaction',
    utime: tx.now,
    data: '',
    transaction_id: { '@type': 'internal.transactionId', lt: tx.lt.toString(), hash: tx.hash().toString('base64') },
    fee: tx.totalFees.coins.toString(),
    storage_fee: '0',
    other_fee: tx.totalFees.coins.toString(),
    in_msg: msgJson(tx.inMessage),
    out_msgs: tx.outMessages.values().map(msgJson),
  };
}

async function account(text) {
  const address = Address.parse(text);
  const contract = await chain.getContract(address);
  const raw = address.toRawString();
  const txs = txsByAccount.get(raw) ?? [];
  const last = txs[txs.length - 1];
  const type = contract.accountState?.type ?? 'uninit';
  return { address, raw, contract, txs, last, type };
}

function lastTxId(last) {
  return {
    '@type': 'internal.transactionId',
    lt: last ? last.lt.toString() : '0',
    hash: last ? last.hash().toString('base64') : 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  };
}

function staleView(raw) {
  if (stale.count <= 0 || !stale.accounts.has(raw)) return null;
  stale.count--;
  return stale.accounts.get(raw);
}

const api = {
  async getAddressInformation(q) {
    const a = await account(q.get('address'));
    const old = staleView(a.raw);
    if (old) return old.info;
    const state = a.type === 'active' ? a.contract.accountState.state : null;
    return {
      '@type': 'raw.fullAccountState',
      balance: a.contract.balance.toString(),
      code: state?.code ? state.code.toBoc().toString('base64') : '',
      data: state?.data ? state.data.toBoc().toString('base64') : '',
      last_transaction_id: lastTxId(a.last),
      frozen_hash: '',
      sync_utime: chain.now ?? Math.floor(Date.now() / 1000),
      state: a.type === 'active' ? 'active' : a.type === 'frozen' ? 'frozen' : 'uninitialized',
    };
  },
  async getAddressBalance(q) {
    return (await account(q.get('address'))).contract.balance.toString();
  },
  async getWalletInformation(q) {
    const a = await account(q.get('address'));
    const kind = walletKinds.get(a.raw);
    const out = {
      wallet: kind === 'v4r2',
      balance: a.contract.balance.toString(),
      account_state: a.type === 'active' ? 'active' : a.type === 'frozen' ? 'frozen' : 'uninitialized',
      last_transaction_id: lastTxId(a.last),
    };
    if (kind === 'v4r2') {
      const r = await chain.runGetMethod(a.address, 'seqno');
      out.wallet_type = 'wallet v4 r2';
      out.seqno = Number(r.stackReader.readBigNumber());
      out.wallet_id = 698983191;
    }
    return out;
  },
  async getTransactions(q) {
    const a = await account(q.get('address'));
    const limit = Math.min(Number(q.get('limit') ?? 10), 100);
    const lt = q.get('lt');
    const hash = q.get('hash');
    const toLt = BigInt(q.get('to_lt') ?? '0');
    const old = staleView(a.raw);
    const newestFirst = (old ? a.txs.slice(0, old.txCount) : [...a.txs]).reverse();
    let start = 0;
    if (lt) {
      start = newestFirst.findIndex((t) => t.lt.toString() === lt && (!hash || t.hash().toString('base64') === hash));
      if (start < 0) throw Object.assign(new Error('cannot locate transaction by lt and hash'), { code: 404 });
    }
    return newestFirst.slice(start, start + limit).filter((t) => t.lt > toLt).map(txJson);
  },
  async sendBoc(q, body) {
    const message = Cell.fromBase64(JSON.parse(body).boc);
    const dest = loadMessage(message.beginParse()).info.dest;
    const a = await account(dest.toString());
    if (stale.count <= 0) {
      // What a lagging replica will show: the account before this message.
      stale.accounts.set(a.raw, {
        info: await api.getAddressInformation(new URLSearchParams({ address: a.raw })),
        txCount: a.txs.length,
      });
    }
    try {
      record(await chain.sendMessage(message));
    } catch (e) {
      throw Object.assign(new Error(`LITE_SERVER_UNKNOWN: cannot apply external message to current state: ${e.message ?? e}`), { code: 500 });
    }
    return { '@type': 'ok' };
  },
};

async function control(path, body) {
  if (path === '/control/payout') {
    const to = Address.parse(body.to);
    const count = body.count ?? 1;
    const comment = body.comment ?? 'cocoon payout';
    for (let i = 0; i < count; i++) {
      record(await coordinator.send({
        to, value: BigInt(body.amountNano), bounce: false,
        body: beginCell().storeUint(0, 32).storeStringTail(comment).endCell(),
      }));
    }
    return { sent: count };
  }
  if (path === '/control/deploy') {
    const keys = await mnemonicToPrivateKey(body.mnemonic.split(' '));
    const wallet = body.version === 'v5r1'
      ? WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey })
      : WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
    const opened = chain.openContract(wallet);
    record(await faucet.send({ to: wallet.address, value: toNano('2'), bounce: false }));
    // A first transfer (to the faucet) deploys the contract with its StateInit.
    const transfer = await opened.sendTransfer({
      seqno: 0, secretKey: keys.secretKey, messages: [internal({ to: faucet.address, value: toNano('0.1') })],
    });
    record(transfer);
    walletKinds.set(wallet.address.toRawString(), body.version === 'v5r1' ? 'v5r1' : 'v4r2');
    return { address: wallet.address.toRawString() };
  }
  if (path === '/control/fail') {
    failNext = { status: body.status, count: body.count ?? 1, method: body.method ?? '', after: !!body.after };
    return failNext;
  }
  if (path === '/control/fund') {
    record(await faucet.send({ to: Address.parse(body.to), value: BigInt(body.amountNano), bounce: false }));
    return { funded: body.amountNano };
  }
  if (path === '/control/stale') {
    stale.count = body.count ?? 1;
    return { stale: stale.count };
  }
  if (path === '/control/now') {
    chain.now = body.unix;
    return { now: chain.now };
  }
  if (path === '/control/received') {
    const from = Address.parse(body.from).toRawString();
    const to = await account(body.to);
    let nano = 0n;
    let count = 0;
    for (const tx of to.txs) {
      const m = tx.inMessage;
      if (m && m.info.type === 'internal' && m.info.src.toRawString() === from) {
        nano += m.info.value.coins;
        count++;
      }
    }
    return { nano: nano.toString(), count };
  }
  throw Object.assign(new Error(`unknown control call ${path}`), { code: 404 });
}

function send(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname.startsWith('/control/')) {
        return send(res, 200, await control(url.pathname, body ? JSON.parse(body) : {}));
      }
      const method = url.pathname.replace(/^\/api\/v2\//, '');
      if (!api[method]) return send(res, 404, { ok: false, error: `unknown method ${method}`, code: 404 });
      if (apiKey && req.headers['x-api-key'] !== apiKey && url.searchParams.get('api_key') !== apiKey) {
        return send(res, 401, { ok: false, error: 'API key does not exist', code: 401 });
      }
      if (failNext.count > 0 && (!failNext.method || failNext.method === method)) {
        failNext.count--;
        if (failNext.after) await api[method](url.searchParams, body).catch(() => {});
        if (failNext.status === 0) return; // no answer at all: the client times out
        return send(res, failNext.status, { ok: false, error: 'injected failure', code: failNext.status });
      }
      send(res, 200, { ok: true, result: await api[method](url.searchParams, body) });
    } catch (e) {
      const code = e.code === 404 || e.code === 500 ? e.code : 416;
      send(res, code, { ok: false, error: String(e.message ?? e), code });
    }
  });
});
server.listen(Number(opt('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port, coordinator: coordinator.address.toRawString() }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
