// Socket.IO over HTTP long-polling against WebSocket, with the official socket.io-client (the one in
// tests/compat/node_modules: `npm ci` there installs it), against any server that speaks Banter's wire contract
// (banterd, the reference in ../shared/peers/socketio-ref). scripts/run-polling-bench runs it against both in one
// run; see BENCHMARKS.md.
//
//   node polling-bench.mjs --server URL [--label NAME] [--server-pid PID] [--out FILE.json]
//        [--connections 200] [--batch 50] [--connect-modes default,websocket,polling]
//        [--groups 50] [--members 4] [--inflight 2] [--warmup 3] [--duration 15] [--drain 10]
//        [--transports polling,websocket] [--content-bytes 64] [--ack-timeout 30000] [--keepalive]
//        [--skip-connect] [--skip-load]
//   node polling-bench.mjs --compare A.json B.json ...   (a side-by-side Markdown table of saved results)
//
// 1. Setup over REST: G*M users (POST /api/auth/register), one group per M of them (POST /api/chat).
// 2. Connection setup, for each connect mode: --connections clients one after another, then the same number in
//    parallel batches of --batch; each is timed from io() to `connect` (the Engine.IO handshake plus the
//    Socket.IO CONNECT with the token) and, in mode "default" (the client's defaults: long-polling first, then
//    the upgrade), to the engine's `upgrade` event (the WebSocket probe done, polling retired). A client is
//    closed when it got there; a batch when all of it has. Connections/s: clients / the time they took.
// 3. Load, once per --transports entry: every member connects one socket with only that transport; each socket
//    keeps --inflight `message:send` (with an ack) waiting: the next leaves when an ack returns. Acks and
//    `message:received` deliveries that arrive inside the measured window (after --warmup) count; ack latency
//    is send to ack. After the window no send leaves; acks still owed are waited for (up to --drain s), then
//    one more second for deliveries; every acknowledged message should have reached the M-1 other members.
// CPU during the window: the server process (--server-pid, from /proc), this client (process.cpuUsage: one
// Node thread drives every socket, so near 100 % it is the client that limits), and the whole machine.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';

const require = createRequire(new URL('../../tests/compat/package.json', import.meta.url));
const { io } = (() => {
  try {
    return require('socket.io-client');
  } catch {
    console.error('polling-bench: socket.io-client is missing: run `npm ci` in tests/compat');
    process.exit(2);
  }
})();

// --- options ------------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flags = new Set(['--keepalive', '--skip-connect', '--skip-load', '--help', '-h']);
const opt = {};
const compareFiles = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--compare') { while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) compareFiles.push(argv[++i]); continue; }
  if (flags.has(a)) { opt[a.replace(/^-+/, '')] = true; continue; }
  if (!a.startsWith('--') || i + 1 >= argv.length) { console.error(`polling-bench: unexpected argument "${a}"`); process.exit(2); }
  opt[a.slice(2)] = argv[++i];
}
if (opt.help || opt.h) {
  const text = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(text.slice(0, text.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
if (compareFiles.length > 0) {
  compare(compareFiles.map((f) => JSON.parse(readFileSync(f, 'utf8'))));
  process.exit(0);
}
const num = (name, fallback) => {
  const v = opt[name] === undefined ? fallback : Number(opt[name]);
  if (!Number.isFinite(v) || v < 0) { console.error(`polling-bench: --${name} needs a number`); process.exit(2); }
  return v;
};
const list = (name, fallback) => (opt[name] ?? fallback).split(',').filter(Boolean);
const known = new Set(['server', 'label', 'server-pid', 'out', 'connections', 'batch', 'connect-modes', 'groups',
  'members', 'inflight', 'warmup', 'duration', 'drain', 'transports', 'content-bytes', 'ack-timeout', 'keepalive',
  'skip-connect', 'skip-load']);
for (const k of Object.keys(opt)) if (!known.has(k)) { console.error(`polling-bench: unknown option --${k}`); process.exit(2); }
if (!opt.server) { console.error('polling-bench: --server URL is required (--help)'); process.exit(2); }

const URL_BASE = opt.server.replace(/\/+$/, '');
const LABEL = opt.label ?? 'server';
const SERVER_PID = opt['server-pid'] ? Number(opt['server-pid']) : null;
const CONNECTIONS = num('connections', 200);
const BATCH = Math.max(1, num('batch', 50));
const CONNECT_MODES = list('connect-modes', 'default,websocket,polling');
const GROUPS = num('groups', 50);
const MEMBERS = Math.max(2, num('members', 4));
const INFLIGHT = Math.max(1, num('inflight', 2));
const WARMUP = num('warmup', 3);
const DURATION = Math.max(1, num('duration', 15));
const DRAIN = num('drain', 10);
const TRANSPORTS = list('transports', 'polling,websocket');
const CONTENT_BYTES = num('content-bytes', 64);
const ACK_TIMEOUT = num('ack-timeout', 30000);
const CONNECT_TIMEOUT = 20000;
for (const m of CONNECT_MODES) if (!['default', 'websocket', 'polling'].includes(m)) { console.error(`polling-bench: connect mode "${m}"?`); process.exit(2); }
for (const t of TRANSPORTS) if (!['websocket', 'polling'].includes(t)) { console.error(`polling-bench: transport "${t}"?`); process.exit(2); }

// The client's default for polling in Node is a new TCP connection per HTTP request (xmlhttprequest-ssl with
// agent false); --keepalive gives every client one keep-alive agent, as a browser would reuse its connections.
const agentOptions = opt.keepalive ? { agent: new http.Agent({ keepAlive: true, maxSockets: Infinity }) } : {};

const log = (...a) => console.error(`[${LABEL}]`, ...a);
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- measuring helpers ------------------------------------------------------------------------------------
function percentiles(values) {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const r = (x) => Math.round(x * 100) / 100;
  return { count: s.length, p50: r(at(50)), p90: r(at(90)), p99: r(at(99)), max: r(s[s.length - 1]),
    mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}
const TICK = 100; // USER_HZ on Linux
function procTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch { return null; }
}
function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return { busy: f.reduce((a, b) => a + b, 0) - idle, total: f.reduce((a, b) => a + b, 0) };
}
function cpuSnapshot() {
  return { t: now(), client: process.cpuUsage(), server: SERVER_PID ? procTicks(SERVER_PID) : null, machine: machineTicks() };
}
function cpuBetween(a, b) {
  const seconds = (b.t - a.t) / 1000;
  const client = (b.client.user - a.client.user + b.client.system - a.client.system) / 1e6;
  const pct = (x) => Math.round((x / seconds) * 1000) / 10;
  return {
    seconds: Math.round(seconds * 100) / 100,
    clientCpuPct: pct(client),
    serverCpuPct: a.server !== null && b.server !== null ? pct((b.server - a.server) / TICK) : null,
    machineBusyPct: Math.round(((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * 1000) / 10,
  };
}
function serverAlive() {
  if (!SERVER_PID) return true;
  try { process.kill(SERVER_PID, 0); return true; } catch { return false; }
}

// --- REST ---------------------------------------------------------------------------------------------------
async function api(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(URL_BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30000) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { unparsed: text }; }
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 200)}`);
  return json;
}
async function inParallel(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
  }));
  return out;
}

async function setup() {
  const prefix = `pb${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const count = GROUPS * MEMBERS;
  const t0 = now();
  const users = await inParallel(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const body = await api('POST', '/api/auth/register', { body: { username: `${prefix}_${i}`, password: 'polling-bench-pw' } });
    return { id: body.user.id, token: body.token };
  });
  const groups = await inParallel(Array.from({ length: GROUPS }, (_, g) => g), 8, async (g) => {
    const members = users.slice(g * MEMBERS, (g + 1) * MEMBERS);
    const body = await api('POST', '/api/chat', { token: members[0].token,
      body: { type: 'group', title: `polling bench ${g}`, memberIds: members.slice(1).map((u) => u.id) } });
    members.forEach((u) => { u.conversationId = body.conversation.id; });
    return body.conversation.id;
  });
  log(`setup: ${count} users, ${groups.length} groups in ${((now() - t0) / 1000).toFixed(1)} s`);
  return users;
}

// --- sockets ------------------------------------------------------------------------------------------------
function transportsFor(mode) {
  return mode === 'default' ? {} : { transports: [mode] };
}
function openSocket(token, mode) {
  return io(URL_BASE, { ...transportsFor(mode), ...agentOptions, forceNew: true, multiplex: false, reconnection: false,
    timeout: CONNECT_TIMEOUT, auth: { token } });
}

/** Opens one client; resolves with {connectMs, upgradeMs, socket} or {error}. Mode default waits for the upgrade. */
function timedConnect(token, mode) {
  return new Promise((resolve) => {
    const t0 = now();
    const socket = openSocket(token, mode);
    const engine = socket.io.engine;
    let connectMs = null, upgradeMs = null, done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...result, socket });
    };
    const check = () => {
      if (connectMs !== null && (mode !== 'default' || upgradeMs !== null)) finish({ connectMs, upgradeMs });
    };
    // On a timeout, where the client got to (for the error's text): the transport and the upgrade steps seen.
    const trail = [];
    const timer = setTimeout(() => {
      if (process.env.POLLING_BENCH_TRACE) log(`timeout after ${trail.join(' ')} (transport ${engine.transport?.name}, ${engine.readyState})`);
      finish({ error: connectMs === null ? 'no connect within 20 s' : `no upgrade within 20 s (${trail.filter((e) => e !== 'connect').join(', ') || 'no probe'})`,
        connectMs, upgradeMs });
    }, CONNECT_TIMEOUT);
    engine.on('upgrading', () => trail.push('probe answered'));
    engine.on('open', () => trail.push('open'));
    engine.on('close', (reason) => trail.push(`close:${reason}`));
    engine.on('packet', (p) => { if (process.env.POLLING_BENCH_TRACE) trail.push(`${engine.transport?.name[0]}<${p.type}`); });
    engine.on('packetCreate', (p) => { if (process.env.POLLING_BENCH_TRACE) trail.push(`${engine.transport?.name[0]}>${p.type}`); });
    socket.on('connect', () => { connectMs = now() - t0; trail.push('connect'); check(); });
    socket.on('connect_error', (err) => finish({ error: `connect_error: ${err?.message}` }));
    engine.on('upgrade', () => { upgradeMs = now() - t0; check(); });
    engine.on('upgradeError', (err) => { if (mode === 'default') finish({ error: `upgradeError: ${err?.message}`, connectMs }); });
  });
}

async function connectPhase(users, mode, order) {
  const n = CONNECTIONS;
  const size = order === 'sequential' ? 1 : BATCH;
  const connect = [], upgrade = [], errors = {};
  let busyMs = 0;
  for (let start = 0; start < n; start += size) {
    const tokens = Array.from({ length: Math.min(size, n - start) }, (_, j) => users[(start + j) % users.length].token);
    const t0 = now();
    const results = await Promise.all(tokens.map((t) => timedConnect(t, mode)));
    busyMs += now() - t0;
    for (const r of results) {
      if (r.error) errors[r.error] = (errors[r.error] ?? 0) + 1;
      else { connect.push(r.connectMs); if (r.upgradeMs !== null) upgrade.push(r.upgradeMs); }
      r.socket.disconnect();
    }
    await sleep(order === 'sequential' ? 0 : 50);
  }
  const ok = connect.length;
  const result = { mode, order, batch: size, clients: n, ok, errors, connectMs: percentiles(connect),
    upgradeMs: mode === 'default' ? percentiles(upgrade) : null,
    connectionsPerSecond: Math.round((ok / (busyMs / 1000)) * 10) / 10 };
  log(`connect ${mode} ${order}: ${ok}/${n} ok, connect p50 ${result.connectMs?.p50} p99 ${result.connectMs?.p99} ms` +
    (result.upgradeMs ? `, upgrade p50 ${result.upgradeMs.p50} p99 ${result.upgradeMs.p99} ms` : '') +
    `, ${result.connectionsPerSecond}/s${Object.keys(errors).length ? `, errors ${JSON.stringify(errors)}` : ''}`);
  await sleep(1000); // let the server finish the disconnects (presence) before the next phase
  return result;
}

async function loadPhase(users, transport) {
  // Connect every member with only this transport, --batch at a time.
  const t0 = now();
  const sockets = [];
  const connectErrors = {};
  for (let start = 0; start < users.length; start += BATCH) {
    const part = users.slice(start, start + BATCH);
    const results = await Promise.all(part.map((u) => timedConnect(u.token, transport)));
    results.forEach((r, j) => {
      if (r.error) { connectErrors[r.error] = (connectErrors[r.error] ?? 0) + 1; r.socket.disconnect(); }
      else sockets.push({ socket: r.socket, user: part[j] });
    });
  }
  log(`load ${transport}: ${sockets.length}/${users.length} sockets connected in ${((now() - t0) / 1000).toFixed(1)} s`);
  if (sockets.length === 0) return { transport, error: 'no socket connected', connectErrors };

  // The content starts with the send time (this process's clock), so a delivery's latency is read from it.
  const filler = 'x'.repeat(CONTENT_BYTES);
  const contentAt = (t) => `${t.toFixed(3)} ${filler}`.slice(0, Math.max(CONTENT_BYTES, 12));
  const acks = [], deliveryLatencies = [];
  const errors = {};
  const countError = (what) => { errors[what] = (errors[what] ?? 0) + 1; };
  let windowStart = Infinity, windowEnd = Infinity, sending = true;
  let acked = 0, ackedInWindow = 0, deliveries = 0, deliveriesInWindow = 0, inflight = 0, sent = 0;
  let disconnects = 0;

  for (const [index, s] of sockets.entries()) {
    s.counter = 0;
    s.socket.on('message:received', (payload) => {
      deliveries++;
      const t = now();
      if (t >= windowStart && t <= windowEnd) {
        deliveriesInWindow++;
        const sentAt = parseFloat(payload?.message?.content);
        if (Number.isFinite(sentAt)) deliveryLatencies.push(t - sentAt);
      }
    });
    s.socket.on('disconnect', (reason) => {
      if (sending) { disconnects++; countError(`disconnect: ${reason}`); }
    });
    s.index = index;
  }
  const sendNext = (s) => {
    if (!sending || !s.socket.connected) return;
    const sentAt = now();
    inflight++; sent++;
    s.socket.timeout(ACK_TIMEOUT).emit('message:send', {
      conversationId: s.user.conversationId, content: contentAt(sentAt), clientMessageId: `${transport}-${s.index}-${s.counter++}`,
    }, (err, res) => {
      inflight--;
      const t = now();
      if (err) countError('ack timeout');
      else if (!res || res.ok !== true) countError(`nack: ${res?.error?.code ?? JSON.stringify(res).slice(0, 60)}`);
      else {
        acked++;
        if (t >= windowStart && t <= windowEnd) { ackedInWindow++; acks.push(t - sentAt); }
      }
      sendNext(s);
    });
  };

  const loadStart = now();
  windowStart = loadStart + WARMUP * 1000;
  windowEnd = windowStart + DURATION * 1000;
  for (const s of sockets) for (let k = 0; k < INFLIGHT; k++) sendNext(s);
  await sleep(WARMUP * 1000);
  const cpuA = cpuSnapshot();
  const ackedAtStart = acked;
  await sleep(DURATION * 1000);
  const cpuB = cpuSnapshot();
  sending = false;
  const cpu = cpuBetween(cpuA, cpuB);
  // Drain: acks still owed, then the deliveries of every acknowledged message (until none has arrived for 2 s).
  const drainStart = now();
  while (inflight > 0 && now() - drainStart < DRAIN * 1000) await sleep(50);
  const unanswered = inflight;
  let lastCount = -1, lastChange = now();
  while (deliveries < acked * (MEMBERS - 1) && now() - drainStart < DRAIN * 1000 && now() - lastChange < 2000) {
    if (deliveries !== lastCount) { lastCount = deliveries; lastChange = now(); }
    await sleep(50);
  }
  await sleep(500); // duplicates, if any
  const drainSeconds = Math.round((now() - drainStart) / 100) / 10;
  const expectedDeliveries = acked * (MEMBERS - 1);
  for (const s of sockets) s.socket.disconnect();
  const seconds = (windowEnd - windowStart) / 1000;
  const result = {
    transport, sockets: sockets.length, inflightPerSocket: INFLIGHT, warmupSeconds: WARMUP, durationSeconds: DURATION,
    ackedPerSecond: Math.round(ackedInWindow / seconds), deliveriesPerSecond: Math.round(deliveriesInWindow / seconds),
    ackLatencyMs: percentiles(acks), deliveryLatencyMs: percentiles(deliveryLatencies), drainSeconds, sent, acked, deliveries, expectedDeliveries,
    missingDeliveries: Math.max(0, expectedDeliveries - deliveries), extraDeliveries: Math.max(0, deliveries - expectedDeliveries),
    unansweredAfterDrain: unanswered, errors, connectErrors, disconnects, cpu, ackedDuringWindowCheck: acked - ackedAtStart,
  };
  log(`load ${transport}: ${result.ackedPerSecond} acked/s, ack p50 ${result.ackLatencyMs?.p50} p99 ${result.ackLatencyMs?.p99} ms, ` +
    `delivery p50 ${result.deliveryLatencyMs?.p50} p99 ${result.deliveryLatencyMs?.p99} ms, drain ${drainSeconds} s, ` +
    `${result.deliveriesPerSecond} deliveries/s, client CPU ${cpu.clientCpuPct} %, server CPU ${cpu.serverCpuPct} %` +
    (Object.keys(errors).length ? `, errors ${JSON.stringify(errors)}` : '') +
    (result.missingDeliveries ? `, ${result.missingDeliveries} deliveries missing` : ''));
  await sleep(1000);
  return result;
}

// --- main ---------------------------------------------------------------------------------------------------
async function main() {
  const started = new Date().toISOString();
  const users = await setup();
  const connect = [];
  if (!opt['skip-connect']) {
    for (const mode of CONNECT_MODES) {
      for (const order of ['sequential', 'batch']) {
        connect.push(await connectPhase(users, mode, order));
        if (!serverAlive()) throw new Error('the server process is gone');
      }
    }
  }
  const load = [];
  if (!opt['skip-load']) {
    for (const t of TRANSPORTS) {
      load.push(await loadPhase(users, t));
      if (!serverAlive()) throw new Error('the server process is gone');
    }
  }
  const result = {
    label: LABEL, server: URL_BASE, started, finished: new Date().toISOString(),
    client: { node: process.version, socketIoClient: require('socket.io-client/package.json').version,
      keepAliveAgent: !!opt.keepalive },
    machine: { cpus: os.cpus().length, loadavg: os.loadavg() },
    options: { connections: CONNECTIONS, batch: BATCH, groups: GROUPS, members: MEMBERS, inflight: INFLIGHT,
      warmup: WARMUP, duration: DURATION, contentBytes: CONTENT_BYTES },
    connect, load,
  };
  const text = JSON.stringify(result, null, 2);
  if (opt.out) writeFileSync(opt.out, text + '\n');
  else console.log(text);
  const failed = connect.some((c) => c.ok < c.clients) ||
    load.some((l) => l.error || Object.keys(l.errors).length || l.missingDeliveries || l.unansweredAfterDrain);
  return failed ? 1 : 0;
}

// --- compare ------------------------------------------------------------------------------------------------
function compare(results) {
  const fmt = (x, digits = 1) => (x === null || x === undefined ? '—' : Number(x).toLocaleString('en-US',
    { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
  const pair = (p, a = 'p50', b = 'p99') => (p ? `${fmt(p[a])} / ${fmt(p[b])}` : '—');
  const names = results.map((r) => r.label);
  const row = (title, cells) => console.log(`| ${title} | ${cells.join(' | ')} |`);
  const head = (cols) => { row('', cols); row('---', cols.map(() => '---')); };
  const modeName = { default: 'default (polling, then upgrade)', websocket: "transports: ['websocket']", polling: "transports: ['polling']" };

  const o = results[0].options;
  console.log(`Connection setup: ${o.connections} clients one at a time, then ${o.connections} in batches of ${o.batch}; ` +
    'io() to `connect` (and to the engine\'s `upgrade`), p50 / p99 ms; connections/s');
  console.log();
  head(names);
  const keys = [];
  for (const r of results) for (const c of r.connect) if (!keys.some((k) => k.mode === c.mode && k.order === c.order)) keys.push(c);
  for (const k of keys) {
    const find = (r) => r.connect.find((c) => c.mode === k.mode && c.order === k.order);
    const what = `${modeName[k.mode]}, ${k.order === 'sequential' ? 'one at a time' : `${k.batch} at a time`}`;
    row(`${what}: to connect`, results.map((r) => pair(find(r)?.connectMs)));
    if (k.mode === 'default') row(`${what}: to upgrade`, results.map((r) => pair(find(r)?.upgradeMs)));
    row(`${what}: connections/s`, results.map((r) => {
      const c = find(r);
      if (!c) return '—';
      const errs = Object.entries(c.errors).map(([e, n]) => `${n} × ${e}`).join(', ');
      return `${fmt(c.connectionsPerSecond, 0)}${c.ok < c.clients ? ` (${c.ok}/${c.clients} ok: ${errs})` : ''}`;
    }));
  }
  console.log();
  console.log(`Load: ${o.groups} groups x ${o.members} members (${o.groups * o.members} sockets), ${o.inflight} message:send in ` +
    `flight per socket (closed loop), ${o.duration} s after ${o.warmup} s of warmup`);
  console.log();
  const transports = [];
  for (const r of results) for (const l of r.load) if (!transports.includes(l.transport)) transports.push(l.transport);
  const cols = [];
  for (const t of transports) for (const r of results) cols.push({ r, l: r.load.find((l) => l.transport === t), name: `${r.label}, ${t}` });
  head(cols.map((c) => c.name));
  const cell = (f) => cols.map((c) => (c.l && !c.l.error ? f(c.l) : c.l?.error ?? '—'));
  row('acked messages/s', cell((l) => `**${fmt(l.ackedPerSecond, 0)}**`));
  row('ack latency p50 / p90 / p99 / max (ms)', cell((l) => (l.ackLatencyMs ? `${fmt(l.ackLatencyMs.p50)} / ${fmt(l.ackLatencyMs.p90)} / ${fmt(l.ackLatencyMs.p99)} / ${fmt(l.ackLatencyMs.max)}` : '—')));
  row('deliveries/s', cell((l) => fmt(l.deliveriesPerSecond, 0)));
  row('delivery latency p50 / p99 (ms)', cell((l) => pair(l.deliveryLatencyMs)));
  row('errors', cell((l) => {
    const e = Object.entries(l.errors).map(([k, n]) => `${n} × ${k}`);
    if (l.unansweredAfterDrain) e.push(`${l.unansweredAfterDrain} unanswered`);
    return e.length ? e.join(', ') : 'none';
  }));
  row('deliveries missing / extra (whole run)', cell((l) => `${fmt(l.missingDeliveries, 0)} / ${fmt(l.extraDeliveries, 0)}`));
  row('server process CPU (% of one core)', cell((l) => fmt(l.cpu.serverCpuPct, 0)));
  row('client (node) CPU (% of one core)', cell((l) => fmt(l.cpu.clientCpuPct, 0)));
  row('machine busy (% of all cores)', cell((l) => fmt(l.cpu.machineBusyPct, 0)));
}

main().then((code) => process.exit(code), (err) => {
  console.error(`polling-bench (${LABEL}): ${err.stack ?? err}`);
  process.exit(3);
});
