// HTTP limits in front of QHttpServer: sizes refused with their status before the bytes are buffered,
// deadlines for slow or silent clients, bounded memory whatever a client sends (issue #9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBanterd } from './banterd.mjs';

let server;
before(async () => {
  server = await startBanterd(['--http-head-timeout-ms', '1000', '--http-idle-timeout-ms', '1500',
    '--max-connections-per-address', '40', '--max-body-bytes', '65536', '--http-body-memory-bytes', '200000']);
});
after(async () => {
  const exit = await server.stop();
  server.assertHealthy('at shutdown');
  assert.equal(exit.code, 0);
});

/**
 * Sends `chunks` (strings/Buffers; numbers are pauses in ms) on a raw connection and collects the answer until
 * the server closes or `timeout` passes. Resolves {status, body, closed, elapsed, response}.
 */
function raw(chunks, { timeout = 8000, end = false } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect({ port: server.port, host: '127.0.0.1' });
    let data = '';
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      const m = data.match(/^HTTP\/1\.1 (\d{3})/);
      const body = data.includes('\r\n\r\n') ? data.slice(data.indexOf('\r\n\r\n') + 4) : '';
      let json = null;
      try { json = JSON.parse(body); } catch { /* not JSON */ }
      resolve({ status: m ? Number(m[1]) : null, json, closed, elapsed: Date.now() - t0, response: data });
    };
    const timer = setTimeout(finish, timeout);
    sock.on('data', (d) => { data += d.toString('latin1'); });
    sock.on('error', () => {});
    sock.on('close', () => { closed = true; finish(); });
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (typeof c === 'number') await sleep(c);
        else if (!sock.destroyed) sock.write(c);
      }
      if (end) sock.end();
    });
  });
}

const ok = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';

test('a normal request still works, keep-alive included', async () => {
  const r = await raw([ok, 50, ok], { timeout: 1000 });
  assert.equal(r.status, 200);
  assert.equal(r.response.match(/HTTP\/1\.1 200/g)?.length, 2, r.response);
});

test('a request line over 8 KiB gets 414', async () => {
  const r = await raw([`GET /healthz?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
  assert.equal(r.status, 414, r.response.slice(0, 200));
  assert.equal(r.json?.error?.code, 'uri_too_long');
  assert.ok(r.closed);
});

test('more than 100 header lines get 431', async () => {
  const headers = Array.from({ length: 101 }, (_, i) => `X-H${i}: v\r\n`).join('');
  const r = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\n${headers}\r\n`]);
  assert.equal(r.status, 431, r.response.slice(0, 200));
  assert.equal(r.json?.error?.code, 'headers_too_large');
});

test('header lines over 32 KiB in all get 431, and a 10 MB header is refused at the limit', async () => {
  const big = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100 * 1024)}\r\n\r\n`]);
  assert.equal(big.status, 431);
  const rssBefore = server.rssKiB();
  const huge = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Huge: `, Buffer.alloc(10 * 1024 * 1024, 'h')]);
  assert.equal(huge.status, 431);
  assert.ok(server.rssKiB() - rssBefore < 64 * 1024, `RSS grew by ${server.rssKiB() - rssBefore} KiB`);
});

test('a never-finished header line from five clients leaves memory flat', async () => {
  const rssBefore = server.rssKiB();
  const endless = Array.from({ length: 50 }, () => Buffer.alloc(64 * 1024, 'z'));
  const results = await Promise.all(Array.from({ length: 5 }, () => raw(['GET / HTTP/1.1\r\nX-Endless: ', ...endless])));
  for (const r of results) assert.equal(r.status, 431, r.response.slice(0, 100));
  const grown = server.rssKiB() - rssBefore;
  assert.ok(grown < 64 * 1024, `RSS grew by ${grown} KiB`);
});

test('Content-Length above the body limit gets 413 before the body is sent', async () => {
  const r = await raw(['POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + 'Content-Length: 52428800\r\n\r\n'], { timeout: 3000 });
  assert.equal(r.status, 413);
  assert.equal(r.json?.error?.code, 'payload_too_large');
  assert.ok(r.elapsed < 2000, `took ${r.elapsed} ms`);
});

test('a chunked body growing past the limit gets 413; framing tricks get 400/501', async () => {
  const chunk = (n) => `${n.toString(16)}\r\n${'c'.repeat(n)}\r\n`;
  const r = await raw(['POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    chunk(40000), chunk(40000), '0\r\n\r\n']);
  assert.equal(r.status, 413);
  const both = await raw(['POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n']);
  assert.equal(both.status, 400);
  assert.equal(both.json?.error?.code, 'invalid_request');
  const gzip = await raw(['POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n']);
  assert.equal(gzip.status, 501);
  const conflicting = await raw(['POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n']);
  assert.equal(conflicting.status, 400);
});

test('bodies being received at once are capped: past the budget, 503', async () => {
  // Three 60 KB bodies announced and never sent: 180 KB of a 200 KB budget; the fourth is refused.
  const head = 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n';
  const holders = Array.from({ length: 3 }, () => raw([head, '{'], { timeout: 1200 }));
  await sleep(300);
  const fourth = await raw([head], { timeout: 1000 });
  assert.equal(fourth.status, 503, fourth.response.slice(0, 200));
  await Promise.all(holders);
});

test('half a request head is answered 408 and closed after the head deadline', async () => {
  const r = await raw(['GET /healthz HTTP/1.1\r\nHost: x\r\n'], { timeout: 5000 });
  assert.equal(r.status, 408);
  assert.equal(r.json?.error?.code, 'request_timeout');
  assert.ok(r.closed && r.elapsed >= 900 && r.elapsed < 3500, `closed=${r.closed} after ${r.elapsed} ms`);
});

test('a head dribbled a byte at a time is still cut at the head deadline (slowloris)', async () => {
  const bytes = [...'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnopqrstuvwxyz'];
  const r = await raw(bytes.flatMap((b) => [b, 100]), { timeout: 8000 });
  assert.equal(r.status, 408);
  assert.ok(r.elapsed < 3500, `took ${r.elapsed} ms`);
});

test('a connection that sends nothing, and an idle keep-alive one, are closed', async () => {
  const silent = await raw([], { timeout: 5000 });
  assert.ok(silent.closed && silent.elapsed < 3500, `silent: closed=${silent.closed} after ${silent.elapsed} ms`);
  const idle = await raw([ok], { timeout: 6000 });
  assert.equal(idle.status, 200);
  assert.ok(idle.closed && idle.elapsed >= 1400 && idle.elapsed < 4500, `idle: closed=${idle.closed} after ${idle.elapsed} ms`);
});

test('idle connections up to the per-address cap do not lock the address out for long', async () => {
  const socks = await Promise.all(Array.from({ length: 40 }, () => new Promise((resolve) => {
    const s = net.connect({ port: server.port, host: '127.0.0.1' }, () => resolve(s));
    s.on('error', () => {});
  })));
  await sleep(3500); // past the head deadline for connections that never spoke
  const r = await raw([ok], { timeout: 1000 });
  assert.equal(r.status, 200, 'the address is still locked out');
  for (const s of socks) s.destroy();
  const held = await server.drained();
  assert.equal(held.total, 0, JSON.stringify(held.byState));
  server.assertHealthy();
});
