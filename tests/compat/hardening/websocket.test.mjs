// RFC 6455 on banterd's own WebSocket (issue #9: an unmasked client frame used to be accepted): raw TCP
// clients that break a framing rule get a close frame with the code the RFC names and the connection ends,
// while the same bytes masked work; the handshake answers bad requests with a status, and an upgrade that is
// not a connection's first request is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import crypto from 'node:crypto';
import { startBanterd } from './banterd.mjs';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

function handshakeText(path = '/socket.io/?EIO=4&transport=websocket', extra = '') {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
    + `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;
}

/** A client frame; masked unless told otherwise. */
function frame(opcode, payload, { mask = true, fin = true, rsv = 0 } = {}) {
  const body = Buffer.from(payload);
  const head = [(fin ? 0x80 : 0) | rsv | opcode];
  const len = body.length;
  if (len < 126) head.push((mask ? 0x80 : 0) | len);
  else { head.push((mask ? 0x80 : 0) | 126, len >> 8, len & 0xff); }
  if (!mask) return Buffer.concat([Buffer.from(head), body]);
  const key = crypto.randomBytes(4);
  const masked = Buffer.from(body.map((b, i) => b ^ key[i & 3]));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** Parses the server's (unmasked) frames out of bytes; returns [{opcode, payload}] and the rest. */
function serverFrames(buf) {
  const out = [];
  let pos = 0;
  while (buf.length - pos >= 2) {
    let len = buf[pos + 1] & 0x7f; let h = 2;
    if (len === 126) { if (buf.length - pos < 4) break; len = buf.readUInt16BE(pos + 2); h = 4; }
    else if (len === 127) { if (buf.length - pos < 10) break; len = Number(buf.readBigUInt64BE(pos + 2)); h = 10; }
    if (buf.length - pos < h + len) break;
    out.push({ opcode: buf[pos] & 0x0f, payload: buf.subarray(pos + h, pos + h + len) });
    pos += h + len;
  }
  return out;
}

/** Connects, sends the handshake and then `after` (a Buffer), collects everything until the server closes. */
function session(port, after, { handshake = handshakeText(), timeout = 5000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let sent = false;
    const timer = setTimeout(() => { sock.destroy(); finish(false); }, timeout);
    function finish(closedByServer) {
      clearTimeout(timer);
      const text = data.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const head = headEnd >= 0 ? text.slice(0, headEnd) : text;
      const frames = headEnd >= 0 && head.startsWith('HTTP/1.1 101') ? serverFrames(data.subarray(headEnd + 4)) : [];
      resolve({ head, body: headEnd >= 0 ? text.slice(headEnd + 4) : '', frames, closedByServer });
    }
    sock.on('connect', () => sock.write(handshake));
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      if (!sent && data.includes('\r\n\r\n')) {
        sent = true;
        if (after) sock.write(after);
      }
    });
    sock.on('end', () => { sock.end(); finish(true); });
    sock.on('error', () => finish(true));
  });
}

const closeCode = (frames) => {
  const close = frames.find((f) => f.opcode === 8);
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
};

test('WebSocket framing rules: each violation is closed with its RFC 6455 code, masked traffic works', async (t) => {
  const server = await startBanterd(['--max-payload-bytes', '4096']);
  try {
    // The same CONNECT packet, masked: the handshake is ours (RFC accept key) and Socket.IO answers.
    const ok = await session(server.port, frame(1, '40'), { timeout: 1500 });
    assert.match(ok.head, /^HTTP\/1\.1 101 /);
    assert.ok(ok.head.includes(`Sec-WebSocket-Accept: ${ACCEPT}`), ok.head);
    const texts = ok.frames.filter((f) => f.opcode === 1).map((f) => f.payload.toString());
    assert.ok(texts[0].startsWith('0{'), `open packet first: ${texts}`);
    assert.ok(texts.some((s) => s.startsWith('40') || s.startsWith('44')), `an answer to CONNECT: ${texts}`);

    const cases = [
      ['unmasked frame', frame(1, '40', { mask: false }), 1002],
      ['reserved bit', frame(1, '40', { rsv: 0x40 }), 1002],
      ['unknown opcode', frame(3, 'x'), 1002],
      ['fragmented ping', frame(9, 'x', { fin: false }), 1002],
      ['ping over 125 bytes', frame(9, 'x'.repeat(126)), 1002],
      ['continuation without a start', frame(0, 'x'), 1002],
      ['text not UTF-8', frame(1, Buffer.from([0x34, 0x30, 0xc3, 0x28])), 1007],
      ['message over --max-payload-bytes', frame(1, 'x'.repeat(5000)), 1009],
      ['close code 1005 on the wire', frame(8, Buffer.from([0x03, 0xed])), 1002],
    ];
    for (const [name, bytes, code] of cases) {
      const r = await session(server.port, bytes);
      t.diagnostic(`${name}: ${r.head.split('\r\n')[0]}, close ${closeCode(r.frames)}, closed ${r.closedByServer}`);
      assert.match(r.head, /^HTTP\/1\.1 101 /, name);
      assert.equal(closeCode(r.frames), code, `${name}: close code`);
      assert.ok(r.closedByServer, `${name}: the server ends the connection`);
    }

    // A client's close is echoed with its code, then the server closes TCP.
    const bye = await session(server.port, frame(8, Buffer.from([0x03, 0xe8])));
    assert.equal(closeCode(bye.frames), 1000);
    assert.ok(bye.closedByServer);

    // A ping is answered with a pong carrying the same payload.
    const ping = await session(server.port, frame(9, 'abc'), { timeout: 1500 });
    const pong = ping.frames.find((f) => f.opcode === 10);
    assert.equal(pong && pong.payload.toString(), 'abc');
    server.assertHealthy('after the framing violations');
  } finally {
    await server.stop();
  }
});

test('WebSocket handshake: bad requests get a status and a body, not an upgrade', async () => {
  const server = await startBanterd([]);
  try {
    const expect = async (handshake, status, pattern) => {
      const r = await session(server.port, null, { handshake });
      assert.ok(r.head.startsWith(`HTTP/1.1 ${status} `), `${status} expected: ${r.head.split('\r\n')[0]}`);
      if (pattern) assert.match(r.body, pattern);
      assert.ok(r.closedByServer, 'closed after the answer');
    };
    await expect(handshakeText('/socket.io/?EIO=3&transport=websocket'), 400, /"code":5/);
    await expect(handshakeText('/socket.io/?EIO=4&transport=polling'), 400, /"code":0/);
    await expect(handshakeText('/elsewhere'), 404, /"not_found"/);
    await expect(handshakeText().replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 8'), 426);
    await expect(handshakeText().replace(`Sec-WebSocket-Key: ${KEY}`, 'Sec-WebSocket-Key: short'), 400, /"code":3/);
    // An upgrade after an ordinary request on the same connection: refused, the connection closed.
    const late = await new Promise((resolve) => {
      const sock = net.connect(server.port, '127.0.0.1');
      let text = ''; let upgraded = false;
      const timer = setTimeout(() => { sock.destroy(); resolve({ text, closed: false }); }, 5000);
      sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      sock.on('data', (d) => {
        text += d.toString('latin1');
        if (!upgraded && text.includes('"alive"')) { upgraded = true; sock.write(handshakeText()); }
      });
      const done = () => { clearTimeout(timer); resolve({ text, closed: true }); };
      sock.on('end', () => { sock.end(); done(); });
      sock.on('error', done);
    });
    assert.ok(late.text.startsWith('HTTP/1.1 200'), late.text.slice(0, 40));
    assert.ok(!late.text.includes('101 Switching'), 'no upgrade after another request');
    assert.ok(late.closed, 'the connection is closed');
    server.assertHealthy('after the bad handshakes');
  } finally {
    await server.stop();
  }
});
