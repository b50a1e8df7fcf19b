// An independent implementation of Cocoon's sealed envelope v1 (docs/protocol.md), written from the
// format description on top of hpke-js (@hpke/core), a third-party HPKE (RFC 9180) implementation.
// The C++ test suite drives it as a child process:
//   node interop.mjs seal --to PUBHEX --purpose P [--aad-hex H] [--aead NAME] [--chunk-size N] --in FILE --out FILE
//   node interop.mjs open --key KEY.pem --purpose P [--aad-hex H] --in FILE --out FILE
import { readFileSync, writeFileSync } from "node:fs";
import { createPrivateKey } from "node:crypto";
import { CipherSuite, Aes256Gcm, HkdfSha256 } from "@hpke/core";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";
import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";

const HEADER = 54;
const TAG = 16;

function args(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) out[argv[i].slice(2)] = argv[++i];
    else out._.push(argv[i]);
  }
  return out;
}

function suiteFor(aeadId) {
  const aead = aeadId === 2 ? new Aes256Gcm() : aeadId === 3 ? new Chacha20Poly1305() : null;
  if (!aead) throw new Error(`unsupported aead ${aeadId}`);
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead });
}

function chunkAad(header, contextAad, index, last) {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = last ? 1 : 0;
  return Buffer.concat([header, contextAad, tail]);
}

async function seal(a) {
  const aeadId = (a.aead ?? "aes-256-gcm") === "aes-256-gcm" ? 2 : 3;
  const chunkSize = Number(a["chunk-size"] ?? 1048576);
  const pt = readFileSync(a.in);
  const contextAad = Buffer.from(a["aad-hex"] ?? "", "hex");
  const suite = suiteFor(aeadId);
  const pk = await suite.kem.deserializePublicKey(Buffer.from(a.to, "hex"));
  const sender = await suite.createSenderContext({
    recipientPublicKey: pk,
    info: Buffer.from("cocoon/v1 " + a.purpose),
  });
  const header = Buffer.alloc(HEADER);
  header.write("CCN1", 0, "latin1");
  header.writeUInt16BE(0x0020, 4);
  header.writeUInt16BE(0x0001, 6);
  header.writeUInt16BE(aeadId, 8);
  header.writeUInt32BE(chunkSize, 10);
  Buffer.from(sender.enc).copy(header, 14);
  header.writeBigUInt64BE(BigInt(pt.length), 46);
  const count = pt.length === 0 ? 1 : Math.ceil(pt.length / chunkSize);
  const parts = [header];
  for (let i = 0; i < count; i++) {
    const chunk = pt.subarray(i * chunkSize, Math.min(pt.length, (i + 1) * chunkSize));
    parts.push(Buffer.from(await sender.seal(chunk, chunkAad(header, contextAad, i, i === count - 1))));
  }
  writeFileSync(a.out, Buffer.concat(parts));
}

async function open(a) {
  const data = readFileSync(a.in);
  const contextAad = Buffer.from(a["aad-hex"] ?? "", "hex");
  if (data.length < HEADER || data.subarray(0, 4).toString("latin1") !== "CCN1") throw new Error("not an envelope");
  const header = data.subarray(0, HEADER);
  if (header.readUInt16BE(4) !== 0x20 || header.readUInt16BE(6) !== 1) throw new Error("unsupported suite");
  const suite = suiteFor(header.readUInt16BE(8));
  const chunkSize = header.readUInt32BE(10);
  const len = Number(header.readBigUInt64BE(46));
  const count = len === 0 ? 1 : Math.ceil(len / chunkSize);
  const d = createPrivateKey(readFileSync(a.key)).export({ format: "jwk" }).d;
  const sk = await suite.kem.deserializePrivateKey(Buffer.from(d, "base64url"));
  const recipient = await suite.createRecipientContext({
    recipientKey: sk,
    enc: header.subarray(14, 46),
    info: Buffer.from("cocoon/v1 " + a.purpose),
  });
  const out = [];
  let off = HEADER;
  for (let i = 0; i < count; i++) {
    const n = Math.min(chunkSize, len - i * chunkSize) + TAG;
    if (off + n > data.length) throw new Error("truncated");
    out.push(Buffer.from(await recipient.open(data.subarray(off, off + n), chunkAad(header, contextAad, i, i === count - 1))));
    off += n;
  }
  if (off !== data.length) throw new Error("trailing data");
  writeFileSync(a.out, Buffer.concat(out));
}

const a = args(process.argv.slice(2));
const verb = a._[0];
try {
  if (verb === "seal") await seal(a);
  else if (verb === "open") await open(a);
  else throw new Error("usage: interop.mjs seal|open ...");
} catch (e) {
  console.error(`interop: ${e.message ?? e}`);
  process.exit(1);
}
