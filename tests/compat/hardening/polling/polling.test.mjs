// HTTP long-polling against abandoning and hostile clients (issue #13), each test with its own banterd:
// 10,000 sessions opened and abandoned (bounded memory, all reclaimed after the deadlines), a POST over
// maxPayload, forged session ids, and the Origin checks of --allowed-origins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBanterd, until } from '../banterd.mjs';

const METRICS_TOKEN = 'hardening-polling-metrics-token';
process.env.BANTER_METRICS_TOKEN = METRICS_TOKEN; // startBanterd passes the environment on
// Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) before it is reused, which would
// hide what the sessions themselves cost: a small one makes RSS say something.
if (process.env.ASAN_OPTIONS !== undefined)
  process.env.ASAN_OPTIONS = `${process.env.ASAN_OPTIONS}:quarantine_size_mb=16:thread_local_quarantine_size_kb=256`;

async function gauge(server, sample) {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function handshake(server, init = {}) {
  const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { signal: AbortSignal.timeout(10_000), ...init });
  const text = await res.text();
  return { res, text, sid: res.status === 200 ? JSON.parse(text.slice(1)).sid : null };
}

test('10,000 polling sessions opened and abandoned: memory bounded, every session reclaimed after the deadlines', async () => {
  const server = await startBanterd(['--ping-interval-ms', '1000', '--ping-timeout-ms', '1000', '--pending-auth-ms', '2000',
    '--max-connections-per-address', '20000', '--max-connections', '20000']);
  try {
    const baseRss = server.rssKiB();
    const baseFiles = server.openFiles();
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    let opened = 0;
    const TOTAL = 10_000;
    const started = Date.now();
    async function worker() {
      while (opened < TOTAL) {
        opened += 1;
        const status = await new Promise((resolve, reject) => {
          const req = httpRequest(`${server.url}/socket.io/?EIO=4&transport=polling`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(status, 200);
      }
    }
    await Promise.all(Array.from({ length: 32 }, worker));
    agent.destroy();
    const openedIn = Date.now() - started;
    const peakRss = server.rssKiB();
    const live = await gauge(server, 'banter_connections{transport="polling"}');
    console.log(`# ${TOTAL} sessions in ${openedIn} ms; live ${live}; RSS ${baseRss} -> ${peakRss} KiB`);
    server.assertHealthy('while opening sessions');
    assert.ok(live > 0, 'sessions are counted while they wait');
    // Bounded: well under 20 KiB per abandoned session, even with the sanitizers' overhead.
    assert.ok(peakRss - baseRss < 200 * 1024, `RSS grew by ${peakRss - baseRss} KiB for ${TOTAL} sessions`);
    // Nobody authenticates or polls: the pending-auth deadline closes them, the close grace cuts them off.
    await until('every abandoned session is gone', async () => (await gauge(server, 'banter_connections{transport="polling"}')) === 0, 30_000);
    await until('file descriptors back to the baseline', () => server.openFiles() <= baseFiles + 8, 15_000);
    server.assertHealthy('after the sessions expired');
    // And the server still serves a new session.
    assert.equal((await handshake(server)).res.status, 200);
  } finally {
    await server.stop();
  }
});

test('a POST over maxPayload is 413 and ends the session; a noop flood ends its session; forged or foreign session ids are 400 and harm nobody', async () => {
  const server = await startBanterd(['--max-payload-bytes', '4096']);
  try {
    const victim = await handshake(server);
    const attacker = await handshake(server);
    assert.match(victim.text, /"upgrades":\["websocket"\]/);
    const big = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${attacker.sid}`, {
      method: 'POST', body: `4${'x'.repeat(5000)}`,
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error.code, 'payload_too_large');
    await until('the oversized session ends', async () =>
      (await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${attacker.sid}`)).status === 400, 5_000);
    for (const sid of ['forged', `${victim.sid}x`, '', 'a'.repeat(5000)]) {
      const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, {
        method: 'POST', body: '40',
      });
      assert.ok([400, 414].includes(res.status), `sid ${sid.slice(0, 20)}: ${res.status}`);
    }
    // Bad payloads: the sender's own session ends, nobody else's.
    const bad = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${attacker.sid}`, { method: 'POST', body: 'b!!' });
    assert.equal(bad.status, 400);
    // Noops answer nothing but cost a request each: they count against the event rate, and a flood of them
    // ends the session like an event flood (1,000 packets per POST, the payload's cap).
    const noisy = await handshake(server);
    const noops = Array(1000).fill('6').join('\x1e');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${noisy.sid}`, { method: 'POST', body: noops });
      if (res.status !== 200) break; // ended already
    }
    await until('the noop flood ends its session', async () => {
      const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${noisy.sid}`);
      return res.status === 400 || (await res.text()) === '1';
    }, 5_000);
    // The victim's session is untouched: its connect works.
    const post = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${victim.sid}`, { method: 'POST', body: '40' });
    assert.equal(post.status, 200);
    const poll = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${victim.sid}`);
    assert.equal(poll.status, 200);
    assert.match(await poll.text(), /^40\{"sid":"/);
    // A second GET while one is held ends the session: the held one gets the close packet.
    const [first, second] = await Promise.all([
      fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${victim.sid}`),
      sleep(50).then(() => fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${victim.sid}`)),
    ]);
    assert.equal(second.status, 400);
    assert.equal(first.status, 200);
    assert.equal(await first.text(), '1');
    server.assertHealthy();
  } finally {
    await server.stop();
  }
});

function upgradeStatus(server, origin) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}/socket.io/?EIO=4&transport=websocket`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...(origin ? { origin } : {}) },
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end();
  });
}

test('--allowed-origins: CORS for listed origins only; WebSocket and polling handshakes from other origins are 403', async () => {
  const allowed = 'https://chat.example';
  const server = await startBanterd(['--allowed-origins', allowed]);
  try {
    const ok = await handshake(server, { headers: { origin: allowed } });
    assert.equal(ok.res.status, 200);
    assert.equal(ok.res.headers.get('access-control-allow-origin'), allowed);
    const evil = await handshake(server, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.res.status, 403);
    assert.equal(evil.res.headers.get('access-control-allow-origin'), null);
    assert.equal((await handshake(server)).res.status, 200, 'no Origin: not a browser cross-origin request');
    // banterd's own origin (its web client at /app/) passes.
    assert.equal((await handshake(server, { headers: { origin: server.url } })).res.status, 200);

    assert.equal(await upgradeStatus(server, 'https://evil.example'), 403);
    assert.equal(await upgradeStatus(server, allowed), 101);
    assert.equal(await upgradeStatus(server, undefined), 101);

    const preflight = await fetch(`${server.url}/api/auth/login`, {
      method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), allowed);
    assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/i);
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    // tus has an OPTIONS route of its own (its capabilities); a browser's preflight of it gets the CORS answer too.
    const tus = await fetch(`${server.url}/api/media/tus/`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'upload-length, tus-resumable' },
    });
    assert.equal(tus.status, 204);
    assert.equal(tus.headers.get('tus-version'), '1.0.0');
    assert.equal(tus.headers.get('access-control-allow-origin'), allowed);
    assert.match(tus.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(tus.headers.get('access-control-allow-headers') ?? '', /Upload-Length/i);
    assert.match(tus.headers.get('access-control-allow-headers') ?? '', /Tus-Resumable/i);

    const health = await fetch(`${server.url}/healthz`, { headers: { origin: allowed } });
    assert.equal(health.headers.get('access-control-allow-origin'), allowed);
    assert.match(health.headers.get('vary') ?? '', /Origin/);
    const other = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.status, 200); // answered (the browser will not let the page read it)
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    server.assertHealthy();
  } finally {
    await server.stop();
  }
});

test('without --allowed-origins: no CORS headers at all, and Origin is not checked', async () => {
  const server = await startBanterd([]);
  try {
    const res = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal((await handshake(server, { headers: { origin: 'https://elsewhere.example' } })).res.status, 200);
    const preflight = await fetch(`${server.url}/api/auth/login`, {
      method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  } finally {
    await server.stop();
  }
});
