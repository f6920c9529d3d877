// Connection churn and storms: the loops that crashed banterd within seconds (issue #9) — it must stay up,
// print no sanitizer report, and hold no connection once the clients are gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { io } from 'socket.io-client';
import { startBanterd, register } from './banterd.mjs';

// Counted, not timed, so a slow (sanitized, busy) machine does the same work; the deadline only bounds a hang.
const CYCLES = Number(process.env.HARDENING_CHURN_CYCLES || 150);
const DEADLINE_MS = 60_000;

/** One connect → CONNECT accepted (or not) → close, with the official client. */
function connectOnce(url, token, localAddress, timeout = 10_000) {
  return new Promise((resolve) => {
    const s = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true,
      timeout, ...(localAddress ? { localAddress } : {}) });
    let settled = false;
    const done = (ok) => { if (settled) return; settled = true; clearTimeout(timer); s.close(); resolve(ok); };
    const timer = setTimeout(() => done(false), timeout);
    s.once('connect', () => done(true));
    s.once('connect_error', () => done(false));
  });
}

/** Opens a socket and waits for CONNECT; resolves to the socket (connected) or null. */
function openSocket(url, token, localAddress, timeout = 10_000) {
  return new Promise((resolve) => {
    const s = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true,
      timeout, ...(localAddress ? { localAddress } : {}) });
    const timer = setTimeout(() => { s.close(); resolve(null); }, timeout);
    s.once('connect', () => { clearTimeout(timer); resolve(s); });
    s.once('connect_error', () => { clearTimeout(timer); s.close(); resolve(null); });
  });
}

const addressOf = (k) => `127.${20 + (k % 200)}.${(k >> 8) % 250 + 1}.${(k % 250) + 1}`;

async function churn(server, token, loops, cyclesPerLoop, addressFor) {
  const t0 = Date.now();
  let ok = 0; let failed = 0; let n = 0;
  await Promise.all(Array.from({ length: loops }, async (_, loop) => {
    for (let i = 0; i < cyclesPerLoop && server.alive() && Date.now() - t0 < DEADLINE_MS; i++) {
      const good = await connectOnce(server.url, token, addressFor(loop, n++));
      if (good) ok++; else failed++;
    }
  }));
  return { ok, failed, ms: Date.now() - t0 };
}

test('connect/close in a loop from one address, far past the per-address cap: no crash, no slot leaked', async (t) => {
  // 20 per address: before the fix every WebSocket leaked its slot and the 21st connect was refused.
  const server = await startBanterd(['--max-connections-per-address', '20']);
  try {
    const { token } = await register(server);
    const r = await churn(server, token, 1, CYCLES, () => undefined);
    t.diagnostic(`${r.ok} connects (${r.failed} failed) in ${r.ms} ms from one address`);
    server.assertHealthy('during single-address churn');
    assert.equal(r.ok, CYCLES, `${r.ok} of ${CYCLES} connects succeeded (${r.failed} failed) in ${r.ms} ms`);
    const held = await server.drained();
    assert.equal(held.total, 0, `banterd still holds connections: ${JSON.stringify(held.byState)}`);
    assert.ok(await connectOnce(server.url, token), 'the address is locked out after the churn');
  } finally {
    const exit = await server.stop();
    server.assertHealthy('at shutdown');
    assert.equal(exit.code, 0, `exit ${JSON.stringify(exit)}`);
  }
});

test('five loops from many source addresses: no crash, all connections released', async (t) => {
  const server = await startBanterd(['--max-connections-per-address', '10']);
  try {
    const { token } = await register(server);
    // 1,500: the release build of the old code died after ~1,200 of these (exit 139, 10 s into the repro).
    const r = await churn(server, token, 5, 2 * CYCLES, (loop, n) => addressOf(loop * 100000 + n));
    t.diagnostic(`${r.ok} connects (${r.failed} failed) in ${r.ms} ms from five loops`);
    server.assertHealthy('during multi-address churn');
    assert.equal(r.ok, 10 * CYCLES, `${r.ok} of ${10 * CYCLES} connects succeeded (${r.failed} failed) in ${r.ms} ms`);
    const held = await server.drained();
    assert.equal(held.total, 0, `banterd still holds connections: ${JSON.stringify(held.byState)}`);
  } finally {
    assert.equal((await server.stop()).code, 0);
    server.assertHealthy('at shutdown');
  }
});

/** A raw WebSocket upgrade on /socket.io/ that never sends CONNECT: the pending-auth deadline closes it. */
function pendingUpgrade(port, localAddress) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1', localAddress }, () => {
      sock.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'
        + 'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    });
    sock.on('error', () => {});
    sock.on('close', () => resolve());
    sock.setTimeout(15_000, () => sock.destroy());
  });
}

test('pending WebSockets expire by the hundred while new upgrades keep arriving', async (t) => {
  const server = await startBanterd(['--pending-auth-ms', '300', '--max-connections-per-address', '100000']);
  try {
    const t0 = Date.now();
    const closed = [];
    let k = 0;
    while (k < 1000) {
      for (let i = 0; i < 100; i++) closed.push(pendingUpgrade(server.port, addressOf(k++)));
      await sleep(200);
      server.assertHealthy('during the upgrade storm');
    }
    await Promise.all(closed);
    t.diagnostic(`${k} pending upgrades, all closed by banterd after ${Date.now() - t0} ms`);
    server.assertHealthy('after the upgrade storm');
    const held = await server.drained();
    assert.equal(held.total, 0, `banterd still holds connections: ${JSON.stringify(held.byState)}`);
  } finally {
    assert.equal((await server.stop()).code, 0);
    server.assertHealthy('at shutdown');
  }
});

test('1,000 sockets close while 1,000 others open, then shutdown with 1,000 connected', async () => {
  const server = await startBanterd(['--max-connections-per-address', '100000', '--socket-event-rate', '100000']);
  let second = [];
  try {
    const { token } = await register(server);
    const open = async (base) => {
      const out = [];
      for (let i = 0; i < 1000; i += 100) {
        out.push(...await Promise.all(Array.from({ length: 100 }, (_, j) => openSocket(server.url, token, addressOf(base + i + j)))));
      }
      return out;
    };
    const first = await open(0);
    assert.equal(first.filter(Boolean).length, 1000, 'the first thousand did not all connect');
    const closing = Promise.all(first.map((s) => new Promise((resolve) => { s.once('disconnect', resolve); s.close(); })));
    second = await open(5000);
    await closing;
    server.assertHealthy('while a thousand closed and a thousand opened');
    assert.equal(second.filter(Boolean).length, 1000, 'the second thousand did not all connect');
    const held = server.connections();
    assert.ok(held.total <= 1000 + 5, `banterd holds ${held.total} connections for 1000 sockets: ${JSON.stringify(held.byState)}`);
    // Shutdown with all of them connected: every client sees its socket close, banterd exits 0.
    const disconnected = Promise.all(second.map((s) => new Promise((resolve) => s.once('disconnect', resolve))));
    const exit = await server.stop();
    assert.equal(exit.code, 0, `exit ${JSON.stringify(exit)}`);
    server.assertHealthy('at shutdown with 1,000 sockets');
    await Promise.race([disconnected, sleep(10_000, null, { ref: false }).then(() => { throw new Error('clients were not disconnected'); })]);
  } finally {
    for (const s of second) s?.close();
    if (server.alive()) await server.kill();
  }
});
