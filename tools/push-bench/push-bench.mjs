// Push delivery throughput (issue #12; ./dev bench-push, see BENCHMARKS.md): G groups of M members, of whom O have
// no connected device and one Web Push subscription each (a real push service on loopback:
// tests/compat/lib/push-service.mjs, verifying VAPID and decrypting one request in --verify-every), the others
// connected. One message to every group makes G x O pushes; the time from the first send to the last push
// accepted is the drain rate. Prints one JSON line per round and a summary.
//
//   node push-bench.mjs URL [--groups 5] [--members 1000] [--offline 900] [--rounds 3] [--verify-every 20]
//                           [--window-ms 10500] [--sustain SECONDS [--paused]]
// --sustain S: instead of rounds, a message to every group each window for S seconds (pushes keep flowing while
// another benchmark runs: scenario a "with pushes"), then the summary.
import { io } from '../../tests/compat/node_modules/socket.io-client/build/esm-debug/index.js';
import { startPushService } from '../../tests/compat/lib/push-service.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: push-bench.mjs URL [--groups G] [--members M] [--offline O] [--rounds R] [--verify-every N] [--sustain S]');
  process.exit(64);
}
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const GROUPS = opt('groups', 5);
const MEMBERS = opt('members', 1000);
const OFFLINE = opt('offline', 900);
const ROUNDS = opt('rounds', 3);
const VERIFY_EVERY = opt('verify-every', 20);
// banterd pushes once per user and conversation per 10 s, the window opening when the fan-out ran (before the
// pushes went out): the next round waits that long after the last push of the one before.
const WINDOW_MS = opt('window-ms', 10_200);
const SUSTAIN_S = opt('sustain', 0);
const log = (...a) => console.error('push-bench:', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, path, token, body) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}${path}`, {
      method, signal: AbortSignal.timeout(30_000),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 429 && attempt < 50) { await sleep(200); continue; }
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
}

async function inBatches(n, size, fn) {
  const out = [];
  for (let i = 0; i < n; i += size) out.push(...await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k))));
  return out;
}

const push = await startPushService({ verifyEvery: VERIFY_EVERY });
push.setVapidPublicKey((await call('GET', '/api/notifications/vapid-public-key')).publicKey);
const run = Math.random().toString(36).slice(2, 7);
log(`registering ${MEMBERS} users (${OFFLINE} offline with a push subscription)`);
const users = await inBatches(MEMBERS, 20, async (i) => {
  const body = await call('POST', '/api/auth/register', null, { username: `pb${run}_${i}`, password: 'push bench password 1' });
  return { ...body.user, token: body.token };
});
const offline = users.slice(0, OFFLINE);
const connected = users.slice(OFFLINE);
await inBatches(offline.length, 20, async (i) => {
  const u = offline[i];
  u.sub = push.subscribe();
  await call('POST', '/api/notifications/push-subscriptions', u.token, u.sub);
});
const sockets = await inBatches(connected.length, 20, async (i) => {
  const s = io(url, { auth: { token: connected[i].token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
  return s;
});
const sender = sockets[0];
const groups = [];
for (let g = 0; g < GROUPS; g++) {
  const { conversation } = await call('POST', '/api/chat', connected[0].token,
    { type: 'group', title: `push bench ${g}`, memberIds: users.filter((u) => u !== connected[0]).map((u) => u.id) });
  groups.push(conversation);
}
// group.added notifications (no pushes) for every member: let that fan-out finish before measuring.
await sleep(3000);
// Counted incrementally: a long --sustain run would otherwise scan every push so far every 20 ms.
let scanned = 0;
let acceptedCount = 0;
const accepted = () => {
  for (; scanned < push.received.length; scanned++) if (push.received[scanned].status === 201) acceptedCount++;
  return acceptedCount;
};
const failures = () => push.received.filter((r) => r.status !== 201);

async function round(r) {
  const before = accepted();
  const startIndex = push.received.length;
  const want = before + GROUPS * OFFLINE;
  const started = Date.now();
  let acked = 0;
  await Promise.all(groups.map(async (g) => {
    const ack = await sender.timeout(10_000).emitWithAck('message:send',
      { conversationId: g.id, content: `round ${r}`, clientMessageId: `r${run}_${r}_${g.id}` });
    if (!ack.message) throw new Error(`message:send: ${JSON.stringify(ack)}`);
    acked = Math.max(acked, Date.now() - started);
  }));
  const deadline = started + 120_000;
  while (accepted() < want && Date.now() < deadline) await sleep(20);
  const ok = push.received.slice(startIndex).filter((r) => r.status === 201);
  const last = ok.at(-1)?.at ?? Date.now();
  const first = ok[0]?.at ?? last;
  const pushes = accepted() - before;
  const result = { round: r, pushes, expected: GROUPS * OFFLINE, ackMs: acked, firstPushMs: first - started,
    drainMs: last - started, pushesPerSecond: Math.round(pushes / ((last - started) / 1000)) };
  console.log(JSON.stringify(result));
  return result;
}

const results = [];
if (SUSTAIN_S > 0) {
  // --paused: wait for SIGUSR1 before the first round. SIGUSR2 pauses after the round under way (its pushes all
  // accepted, then {"paused":true}); SIGUSR1 resumes ({"resumed":true}, and a round at once). run-push-bench --ab
  // uses this to alternate scenario a alone and with pushes against one set of users and groups.
  let paused = process.argv.includes('--paused');
  let wake = null;
  process.on('SIGUSR2', () => { paused = true; });
  process.on('SIGUSR1', () => { paused = false; wake?.(); });
  console.log(JSON.stringify({ ready: true }));
  const end = Date.now() + SUSTAIN_S * 1000;
  for (let r = 1; Date.now() < end; r++) {
    if (paused) {
      console.log(JSON.stringify({ paused: true }));
      while (paused) await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 200); });
      console.log(JSON.stringify({ resumed: true }));
    }
    results.push(await round(r));
    const until = Date.now() + WINDOW_MS;
    while (!paused && Date.now() < until) await sleep(50);
  }
} else {
  for (let r = 1; r <= ROUNDS; r++) {
    results.push(await round(r));
    if (r < ROUNDS) await sleep(WINDOW_MS);
  }
}
const sampled = push.received.filter((r) => r.sampled && r.status === 201);
const bad = failures();
const summary = {
  groups: GROUPS, members: MEMBERS, offline: OFFLINE, rounds: results.length,
  pushes: results.reduce((a, r) => a + r.pushes, 0), expected: results.reduce((a, r) => a + r.expected, 0),
  pushesPerSecond: { min: Math.min(...results.map((r) => r.pushesPerSecond)), max: Math.max(...results.map((r) => r.pushesPerSecond)) },
  verified: sampled.length, refused: bad.length, refusedReasons: [...new Set(bad.map((r) => `${r.status} ${r.error ?? ''}`))].slice(0, 5),
};
console.log(JSON.stringify({ summary }));
for (const s of sockets) s.disconnect();
await push.close();
process.exit(summary.pushes === summary.expected && bad.length === 0 ? 0 : 1);
