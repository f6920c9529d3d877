#!/usr/bin/env node
// The soak driver (scripts/run-soak starts it with a private PostgreSQL cluster; see BENCHMARKS.md, "Soak").
//
// It owns banterd: starts it, kill -9s it every --kill-every seconds and starts it again with the same arguments
// (same port, data dir and database), and restarts PostgreSQL every --pg-restart-every seconds, staggered from
// the kills. Meanwhile users in group conversations send with clientMessageId and retry every unacked send with
// the same id, read history, type, catch up with `sync` after reconnects, and a churn loop connects and closes.
// It samples banterd's RSS, descriptors and PostgreSQL connections, and at the end reads every conversation
// back (REST and sync) and checks it against every ack. Exit 0: passed; 1: a check failed; 2: bad usage.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Banterd, knownFlags } from './server.mjs';
import { Postgres } from './postgres.mjs';
import { Ledger, Load, createGroup, http, registerUser } from './load.mjs';
import { verifyStored } from './verify.mjs';
import { judgeGrowth, median, summarize } from './stats.mjs';

const HELP = `soak.mjs [options]            (normally through ./dev soak, which sets the environment)
  --minutes N            load phase length (default 60)
  --kill-every S         kill -9 banterd every S seconds (default: 20 % of the run, 60..240)
  --pg-restart-every S   restart PostgreSQL every S seconds (default: 25 % of the run, 75..300), staggered
  --pg-down S            how long PostgreSQL stays down at each restart (default 5)
  --pg-stop-modes LIST   how PostgreSQL is stopped, in turn (default fast,immediate)
  --users N              users (default 60), each in two of --groups N group conversations (default 12)
  --rate N               message sends per second offered in total (default 100)
  --rest-share F         part of the sends made with POST /api/messages (default 0.1)
  --churn-loops N        concurrent connect/close loops (default 3), over --churn-users N users (default 12)
  --sample-every S       resource sample period (default: kill period / 12, 5..10)
  --warmup S             samples of a lifetime judged only after S seconds (default: 30 % of the kill period, 15..60)
  --stall S              fail when no send is acked (or no churn connect succeeds) for S seconds (default 90)
  --drain S              after the load, how long unacked sends may take to be acked (default 120)
Environment: BANTERD, SOAK_PGDIR, SOAK_PGCLUSTER, PGBIN, SOAK_DATABASE, SOAK_OUT, SOAK_WORK, SOAK_PORT.`;

// --- options ---------------------------------------------------------------------------------------------
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
function parseOptions(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { console.log(HELP); process.exit(0); }
    if (a === '--validate-only') { o.validateOnly = true; continue; }
    const m = a.match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) usage(`unexpected argument "${a}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) usage(`${a} needs a value`);
    o[m[1]] = value;
  }
  const num = (name, def, lo, hi) => {
    if (o[name] === undefined) return def;
    const v = Number(o[name]);
    if (!Number.isFinite(v) || v < lo || v > hi) usage(`--${name}: expected a number from ${lo} to ${hi}, got "${o[name]}"`);
    delete o[name];
    return v;
  };
  const c = {};
  c.minutes = num('minutes', 60, 0.1, 1440);
  c.duration = c.minutes * 60;
  c.killEvery = num('kill-every', Math.round(clamp(0.2 * c.duration, 60, 240)), 10, 86400);
  c.pgEvery = num('pg-restart-every', Math.round(clamp(0.25 * c.duration, 75, 300)), 10, 86400);
  c.pgDown = num('pg-down', 5, 0, 120);
  c.users = num('users', 60, 4, 5000);
  c.groups = num('groups', 12, 2, 1000);
  c.rate = num('rate', 100, 1, 10000);
  c.restShare = num('rest-share', 0.1, 0, 1);
  c.churnLoops = num('churn-loops', 3, 0, 100);
  c.churnUsers = num('churn-users', 12, 1, 1000);
  c.sampleEvery = num('sample-every', Math.round(clamp(c.killEvery / 12, 5, 10)), 1, 600);
  c.warmup = num('warmup', Math.round(clamp(0.3 * c.killEvery, 15, 60)), 0, 3600);
  c.stall = num('stall', 90, 10, 3600);
  c.drain = num('drain', 120, 10, 3600);
  c.pgModes = (o['pg-stop-modes'] ?? 'fast,immediate').split(',');
  delete o['pg-stop-modes'];
  if (c.pgModes.some((m) => m !== 'fast' && m !== 'immediate')) usage('--pg-stop-modes: fast and/or immediate');
  const validateOnly = o.validateOnly;
  delete o.validateOnly;
  const unknown = Object.keys(o);
  if (unknown.length) usage(`unknown option --${unknown[0]}`);
  if (validateOnly) process.exit(0); // run-soak checks the options before it starts anything
  return c;
}
function usage(msg) { console.error(`soak: ${msg}\n${HELP}`); process.exit(2); }

const cfg = parseOptions(process.argv.slice(2));
const env = (name) => process.env[name] || usage(`${name} is not set (run through ./dev soak)`);
const BANTERD_BIN = env('BANTERD');
const OUT = env('SOAK_OUT');
const WORK = env('SOAK_WORK');
const PORT = Number(env('SOAK_PORT'));
const DATABASE = env('SOAK_DATABASE');
const BASE = `http://127.0.0.1:${PORT}`;
mkdirSync(OUT, { recursive: true });

// --- thresholds (see BENCHMARKS.md, "Soak") ------------------------------------------------------------------
// Within one lifetime, after the warm-up: the median of the last third of the samples against the first third.
// Across lifetimes: the same on the series of each lifetime's median. In the 3- and 10-minute runs a healthy
// banterd held 38-43 MiB, moving by under 1 MiB within a lifetime; 75-110 descriptors (60 users' sockets, the
// churn's, idle HTTP keep-alives), flat but for the churn's momentary sockets; 9-11 threads; exactly 6 PostgreSQL
// connections (the two pools). The limits leave that noise several times over, not a leak: 16 MiB (a leak of
// ~1 KiB per message fails a 4-minute lifetime at 100 messages/s), 32 descriptors, 4 threads, 2 connections.
const DB_CONNECTIONS = 4;
const WRITER_THREADS = 2;
const SEARCH_INDEXER = 1; // its own connection (server/service/SearchIndexer.h)
const LIMITS = {
  rssMiB: { abs: 16, rel: 0.2 },
  fds: { abs: 32, rel: 0.25 },
  threads: { abs: 4, rel: 0 },
  db: { abs: 2, rel: 0, minSamples: 4 },
  // PostgreSQL connections may never exceed the configured pools and the search indexer's (+2 for a start-up
  // or health-check one).
  dbCap: DB_CONNECTIONS + WRITER_THREADS + SEARCH_INDEXER + 2,
  pgSettleS: 15, // database samples this soon after a PostgreSQL restart are not judged (pools refill lazily)
};

// --- state -----------------------------------------------------------------------------------------------
const ledger = new Ledger();
const events = []; // {t, type, ...}
const crashes = [];
let phase = 'setup';
let runStart = 0;
let loadStart = 0;
let lastPgRestartEnd = 0;
let interrupted = false;
let endEarlyReason = null;
let wakeEnd = () => {};
const endSignal = new Promise((resolve) => { wakeEnd = resolve; });
const now = () => Date.now();
const since = (t) => (now() - t) / 1000;
const log = (msg) => console.log(`[${loadStart ? since(loadStart).toFixed(0).padStart(5) : '    -'} s] ${msg}`);
function endEarly(reason) {
  if (!endEarlyReason) {
    endEarlyReason = reason;
    log(`ending the load early: ${reason}`);
  }
  wakeEnd();
}

const banterd = new Banterd({
  bin: BANTERD_BIN, args: [], outDir: OUT, workDir: WORK, pidFile: join(WORK, 'banterd.pid'), port: PORT,
  onCrash: (life) => {
    if (interrupted) return;
    const detail = `lifetime ${life.n} (pid ${life.pid}) exited ${JSON.stringify({ code: life.exit.code, signal: life.exit.signal })} `
      + `${life.expected ? `while the soak expected ${life.expected}` : 'on its own'}; log ${life.logPath}`;
    crashes.push({ lifetime: life.n, pid: life.pid, exit: life.exit, expected: life.expected, log: life.logPath,
      lastLines: life.head.split('\n').slice(-5) });
    ledger.fail('banterd crashed', detail);
    keepCores(life);
    endEarly(`banterd crashed: ${detail}`);
  },
});

function keepCores(life) {
  const dir = join(WORK, `lifetime-${life.n}`);
  try {
    for (const f of readdirSync(dir)) if (f.startsWith('core')) renameSync(join(dir, f), join(OUT, `${f}.lifetime-${life.n}`));
  } catch { /* no core */ }
}

process.on('SIGINT', () => interrupt('SIGINT', 130));
process.on('SIGTERM', () => interrupt('SIGTERM', 143));
async function interrupt(sig, code) {
  if (interrupted) return;
  interrupted = true;
  console.error(`soak: ${sig}: stopping banterd`);
  await Promise.race([banterd.kill(), sleep(5000, null, { ref: false })]);
  process.exit(code);
}

// --- the run ---------------------------------------------------------------------------------------------
async function main() {
  runStart = now();
  const known = await knownFlags(BANTERD_BIN);
  const pgdir = env('SOAK_PGDIR');
  const pg = new Postgres({ dir: pgdir, pgcluster: env('SOAK_PGCLUSTER'), pgbin: env('PGBIN'), database: DATABASE });
  const databaseUrl = `postgres://banter:${pg.password}@127.0.0.1:${pg.port}/${DATABASE}`;
  // The limits that protect a public server would throttle the soak itself (they have their own tests).
  const wanted = [['--auth-rate-limit', '1000000'], ['--login-rate-limit', '1000000'], ['--http-rate-limit', '1000000'],
    ['--user-rate-limit', '1000000'], ['--socket-event-rate', '1000000'], ['--max-connections-per-address', '100000'],
    ['--argon2-memory-kib', '1024'], ['--argon2-iterations', '1'], ['--database-connections', String(DB_CONNECTIONS)],
    ['--writer-threads', String(WRITER_THREADS)]];
  const args = ['--address', '127.0.0.1', '--port', String(PORT), '--database-url', databaseUrl,
    '--data-dir', join(WORK, 'banterd-data')];
  for (const [flag, value] of wanted) {
    if (known.has(flag)) args.push(flag, value);
    else console.error(`soak: warning: banterd has no ${flag} option (yet): left out`);
  }
  banterd.args = args;
  const dmesgBefore = await dmesgLines();

  log(`starting banterd on ${BASE} (${BANTERD_BIN})`);
  await banterd.start();
  ledger.onAck = () => { if (banterd.current) banterd.current.acks += 1; };

  // Users: user u is in groups u mod G and (u + G/2) mod G... spread so every group gets users.length*2/G members.
  log(`registering ${cfg.users} users and ${cfg.churnUsers} churn users, creating ${cfg.groups} groups`);
  const users = await inBatches(Array.from({ length: cfg.users }, (_, i) => i), 8,
    (i) => registerUser(BASE, `soak${i}_${runStart.toString(36)}`));
  const churnUsers = await inBatches(Array.from({ length: cfg.churnUsers }, (_, i) => i), 8,
    (i) => registerUser(BASE, `churn${i}_${runStart.toString(36)}`));
  const groups = Array.from({ length: cfg.groups }, () => []);
  users.forEach((u, i) => {
    u.convIdx = [i % cfg.groups, (i + Math.floor(cfg.groups / 2) + Math.floor(i / cfg.groups)) % cfg.groups];
    if (u.convIdx[1] === u.convIdx[0]) u.convIdx[1] = (u.convIdx[0] + 1) % cfg.groups;
    for (const g of u.convIdx) groups[g].push(u);
  });
  churnUsers.forEach((u, i) => { u.convIdx = [i % cfg.groups]; groups[i % cfg.groups].push(u); });
  const convIds = [];
  for (let g = 0; g < cfg.groups; g++) {
    const [owner, ...rest] = groups[g];
    convIds.push(await createGroup(BASE, owner, rest, `soak group ${g}`));
  }
  for (const u of [...users, ...churnUsers]) u.convs = u.convIdx.map((g) => convIds[g]);
  const conversations = convIds.map((id, g) => ({ id, reader: groups[g][0] }));

  const load = new Load({ base: BASE, users, churnUsers, ledger, rate: cfg.rate, restShare: cfg.restShare,
    churnLoops: cfg.churnLoops });
  load.onReconnect = () => { if (banterd.current) banterd.current.reconnects += 1; };
  load.onChurnConnect = () => { if (banterd.current) banterd.current.churnConnects += 1; };

  phase = 'load';
  loadStart = now();
  ledger.lastAckAt = ledger.lastChurnAt = now();
  const plan = planEvents();
  log(`load: ${cfg.users} users in ${cfg.groups} groups, ${cfg.rate} sends/s offered, ${cfg.churnLoops} churn loops; `
    + `${plan.filter((e) => e.type === 'kill').length} kills (every ${cfg.killEvery} s), `
    + `${plan.filter((e) => e.type === 'pg').length} PostgreSQL restarts (every ${cfg.pgEvery} s) planned`);
  load.start();
  const sampler = samplerLoop(pg);
  const watchdog = watchdogLoop(load);
  const chaos = chaosLoop(plan, pg);
  await Promise.race([endSignal, sleep(cfg.duration * 1000)]);
  const loadEnd = now();
  phase = 'drain';
  log('load phase over: waiting for the last kill/restart to finish, then for every unacked send');
  await chaos;
  if (!pg.up) await pg.restart('fast', 0).catch((err) => ledger.fail('PostgreSQL did not come back', err.message));
  if (!banterd.alive()) {
    log('banterd is down: starting it again for the final check');
    await banterd.start().catch((err) => ledger.fail('banterd did not start for the final check', err.message));
  }
  const drained = banterd.alive() && await load.drain(cfg.drain * 1000);
  if (!drained) {
    const left = load.pendingSends();
    ledger.fail('sends never acked', `${left.length} sends still unacked ${cfg.drain} s after the load: `
      + left.slice(0, 5).map((e) => `${e.cmid} (${e.attempts} attempts)`).join(', '));
  }
  await load.stopChurn();
  phase = 'verify';
  await sampleOnce(pg);
  let verify = null;
  if (banterd.alive()) {
    log('reading every conversation back (REST and sync)');
    // Fresh tokens for the readers (the load's may be close to expiry).
    for (const { reader } of conversations) {
      const r = await http(BASE, 'POST', '/api/auth/login', { body: { username: reader.username, password: 'soak-password-1' } });
      if (r.status === 200) reader.token = r.body.token;
    }
    verify = await verifyStored({ base: BASE, ledger, conversations });
  } else {
    ledger.fail('no final check', 'banterd is not running');
  }
  load.close();
  phase = 'stop';
  stopLoops = true;
  await Promise.all([sampler, watchdog]);
  if (banterd.alive()) {
    log('stopping banterd (SIGTERM): it must exit 0');
    try {
      const exit = await banterd.stop();
      if (exit.code !== 0) ledger.fail('banterd did not stop cleanly', `SIGTERM -> ${JSON.stringify(exit)}`);
    } catch (err) {
      ledger.fail('banterd did not stop cleanly', err.message);
    }
  }
  for (const life of banterd.lifetimes) {
    banterd.scanLog(life);
    if (life.crashLines.length) ledger.fail('crash lines in the log', `${life.logPath}: ${life.crashLines.slice(0, 3).join(' | ')}`);
  }
  const dmesgAfter = await dmesgLines();
  let dmesg = 'unreadable';
  if (dmesgBefore !== null && dmesgAfter !== null) {
    const fresh = dmesgAfter.filter((l) => !dmesgBefore.includes(l));
    dmesg = fresh.length ? fresh : 'clean';
    if (fresh.length) ledger.fail('dmesg shows a banterd fault', fresh.slice(0, 3).join(' | '));
  }
  const resources = judgeResources();
  const summary = buildSummary({ loadEnd, verify, resources, dmesg, conversations });
  writeFileSync(join(OUT, 'summary.json'), JSON.stringify(summary, null, 2));
  writeFileSync(join(OUT, 'samples.json'), JSON.stringify(banterd.lifetimes.map((l) => ({ lifetime: l.n, samples: l.samples }))));
  printSummary(summary);
  return summary.passed ? 0 : 1;
}

async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...await Promise.all(items.slice(i, i + size).map(fn)));
  return out;
}

// --- kills and PostgreSQL restarts -------------------------------------------------------------------------
/** Kills at k*K, PostgreSQL restarts at (j-0.5)*P; at least GAP s apart; none in the last END_MARGIN s. */
const GAP = 20;
const END_MARGIN = 20;
function planEvents() {
  const plan = [];
  for (let t = cfg.killEvery; t <= cfg.duration - END_MARGIN; t += cfg.killEvery) plan.push({ type: 'kill', at: t });
  for (let t = cfg.pgEvery / 2; t <= cfg.duration - END_MARGIN; t += cfg.pgEvery) plan.push({ type: 'pg', at: t });
  plan.sort((a, b) => a.at - b.at);
  return plan;
}

async function chaosLoop(plan, pg) {
  let lastEnd = 0; // seconds since loadStart
  let pgCount = 0;
  for (const ev of plan) {
    const at = Math.max(ev.at, lastEnd + GAP);
    if (at > cfg.duration - END_MARGIN) continue;
    const wait = loadStart + at * 1000 - now();
    if (wait > 0) await Promise.race([sleep(wait), endSignal]);
    if (endEarlyReason || phase !== 'load') return;
    try {
      if (ev.type === 'kill') {
        const life = banterd.current;
        const acks = life.acks;
        const t0 = now();
        ledger.lastKillAt = t0;
        await banterd.kill();
        const killed = now();
        const next = await banterd.start();
        events.push({ t: since(loadStart), type: 'kill', lifetime: life.n, pid: life.pid, acksInLifetime: acks,
          restartMs: now() - killed, killMs: killed - t0 });
        log(`kill -9 banterd (lifetime ${life.n}, pid ${life.pid}, ${acks} acks); lifetime ${next.n} (pid ${next.pid}) `
          + `listening ${((now() - killed) / 1000).toFixed(1)} s later`);
      } else {
        const mode = cfg.pgModes[pgCount++ % cfg.pgModes.length];
        log(`PostgreSQL: ${mode} stop, ${cfg.pgDown} s down, start`);
        const r = await pg.restart(mode, cfg.pgDown * 1000);
        lastPgRestartEnd = now();
        if (banterd.current) banterd.current.pgRestarts += 1;
        events.push({ t: since(loadStart), type: 'pg-restart', lifetime: banterd.current?.n, ...r });
        log(`PostgreSQL back (stop ${r.stoppedMs} ms, down ${r.downMs} ms, start ${r.startMs} ms)`);
      }
    } catch (err) {
      ledger.fail(ev.type === 'kill' ? 'banterd did not come back after a kill' : 'PostgreSQL restart failed', err.message);
      endEarly(err.message);
      return;
    }
    lastEnd = since(loadStart);
  }
}

// --- sampling and the watchdog ----------------------------------------------------------------------------
let stopLoops = false;
async function sampleOnce(pg) {
  const life = banterd.current;
  const p = banterd.sampleProcess();
  if (!p || !life) return;
  const db = await pg.banterdConnections();
  if (banterd.current !== life || !banterd.alive()) return; // killed while PostgreSQL answered
  life.samples.push({ t: Math.round(since(runStart)), tl: Math.round(since(life.listeningAt)), phase,
    rssKiB: p.rss, fds: p.fds, threads: p.threads, tcp: p.tcp, closeWait: p.closeWait, db,
    sincePg: lastPgRestartEnd ? Math.round(since(lastPgRestartEnd)) : null, pgUp: pg.up });
}

async function samplerLoop(pg) {
  while (!stopLoops) {
    await sampleOnce(pg);
    const until = now() + cfg.sampleEvery * 1000;
    while (!stopLoops && now() < until) await sleep(250);
  }
}

async function watchdogLoop(load) {
  let lastReport = now();
  while (!stopLoops) {
    await sleep(1000);
    const life = banterd.current;
    if (life) {
      const before = life.crashLines.length;
      banterd.scanLog(life);
      if (life.crashLines.length > before && !interrupted) {
        ledger.fail('crash lines in the log', `${life.logPath}: ${life.crashLines[before]}`);
        endEarly(`banterd logged: ${life.crashLines[before]}`);
      }
    }
    if (phase === 'load') {
      if (since(ledger.lastAckAt) > cfg.stall) {
        ledger.fail('no progress', `no send acked for ${cfg.stall} s (at ${since(loadStart).toFixed(0)} s)`);
        endEarly('no progress');
      } else if (cfg.churnLoops > 0 && since(ledger.lastChurnAt) > cfg.stall) {
        ledger.fail('no progress', `no churn connect succeeded for ${cfg.stall} s (at ${since(loadStart).toFixed(0)} s)`);
        endEarly('no churn progress');
      }
      if (now() - lastReport >= 30_000) {
        lastReport = now();
        const c = ledger.counts;
        const s = life?.samples.at(-1);
        log(`acked ${c.acked} (${(c.acked / since(loadStart)).toFixed(0)}/s), pending ${load.pendingSends().length}, `
          + `retries ${c.retries}, reconnects ${c.reconnects}, churn ${c.churnConnects}`
          + (s ? `; lifetime ${life.n}: RSS ${(s.rssKiB / 1024).toFixed(0)} MiB, fds ${s.fds}, db ${s.db ?? '-'}, tcp ${s.tcp}` : ''));
      }
    }
  }
}

function dmesgLines() {
  return new Promise((resolve) => {
    execFile('dmesg', [], { timeout: 10_000, maxBuffer: 64 << 20 }, (err, stdout) => {
      if (err) return resolve(null);
      resolve(String(stdout).split('\n').filter((l) => /banterd/.test(l) && /segfault|general protection|trap|killed/i.test(l)));
    });
  });
}

// --- verdicts and the summary -----------------------------------------------------------------------------
function judgeResources() {
  const perLifetime = [];
  for (const life of banterd.lifetimes) {
    const all = life.samples;
    const judged = all.filter((s) => s.phase === 'load' && s.tl >= cfg.warmup);
    const dbJudged = judged.filter((s) => s.db !== null && (s.sincePg === null || s.sincePg >= LIMITS.pgSettleS));
    const series = {
      rssMiB: judged.map((s) => s.rssKiB / 1024), fds: judged.map((s) => s.fds), threads: judged.map((s) => s.threads),
      db: dbJudged.map((s) => s.db),
    };
    const verdicts = Object.fromEntries(Object.keys(series).map((m) => [m, judgeGrowth(series[m], LIMITS[m])]));
    for (const [metric, v] of Object.entries(verdicts)) {
      if (!v.ok) {
        ledger.fail(`${metric} grew within a lifetime`, `lifetime ${life.n}: ${fmt(v.early)} -> ${fmt(v.late)} `
          + `(+${fmt(v.growth)}, limit ${fmt(v.limit)})`);
      }
    }
    const dbMax = Math.max(...all.map((s) => s.db ?? 0));
    if (all.length && dbMax > LIMITS.dbCap) {
      ledger.fail('more PostgreSQL connections than the pools allow', `lifetime ${life.n}: ${dbMax} > ${LIMITS.dbCap}`);
    }
    perLifetime.push({
      lifetime: life.n, pid: life.pid, seconds: Math.round(((life.exit?.at ?? now()) - life.listeningAt) / 1000),
      exit: life.exit ? { code: life.exit.code, signal: life.exit.signal, expected: life.expected } : null,
      acks: life.acks, reconnects: life.reconnects, churnConnects: life.churnConnects, pgRestarts: life.pgRestarts,
      samples: all.length, judgedSamples: judged.length,
      rssMiB: round(summarize(all.map((s) => s.rssKiB / 1024))), fds: summarize(all.map((s) => s.fds)),
      db: summarize(all.map((s) => s.db)), threads: summarize(all.map((s) => s.threads)),
      tcp: summarize(all.map((s) => s.tcp)), verdicts: roundVerdicts(verdicts),
      medians: Object.fromEntries(Object.keys(series).map((m) => [m, median(series[m])])),
    });
  }
  // Across lifetimes: each lifetime's judged median, as a series (lifetimes with at least 2 judged samples).
  const usable = perLifetime.filter((l) => l.judgedSamples >= 2);
  const across = {};
  for (const metric of ['rssMiB', 'fds', 'threads', 'db']) {
    const v = judgeGrowth(usable.map((l) => l.medians[metric]), { ...LIMITS[metric], minSamples: 3 });
    across[metric] = v;
    if (!v.ok) {
      ledger.fail(`${metric} grew across lifetimes`, `lifetime medians ${usable.map((l) => fmt(l.medians[metric])).join(', ')} `
        + `(+${fmt(v.growth)}, limit ${fmt(v.limit)})`);
    }
  }
  return { perLifetime, across: roundVerdicts(across), limits: LIMITS, warmupS: cfg.warmup };
}

const fmt = (x) => (x === null || x === undefined ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(1));
function round(s) {
  const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return { n: s.n, min: r(s.min), median: r(s.median), max: r(s.max) };
}
function roundVerdicts(vs) {
  const out = {};
  for (const [k, v] of Object.entries(vs)) {
    out[k] = Object.fromEntries(Object.entries(v).map(([a, b]) => [a, typeof b === 'number' ? Math.round(b * 100) / 100 : b]));
  }
  return out;
}

function buildSummary({ loadEnd, verify, resources, dmesg, conversations }) {
  const loadSeconds = (loadEnd - loadStart) / 1000;
  const c = ledger.counts;
  const failures = Object.entries(ledger.failures).map(([kind, f]) => ({ kind, count: f.count, examples: f.examples }));
  return {
    passed: failures.length === 0,
    startedAt: new Date(runStart).toISOString(),
    banterd: BANTERD_BIN,
    config: { ...cfg, port: PORT, database: DATABASE, conversations: conversations.length },
    endedEarly: endEarlyReason,
    loadSeconds: Math.round(loadSeconds),
    totalSeconds: Math.round(since(runStart)),
    messages: {
      sent: c.sends, acked: c.acked, ackedPerSecond: Math.round((c.acked / loadSeconds) * 10) / 10,
      ackedViaRest: c.ackedViaRest, ackedAcrossKill: c.ackedAcrossKill, retries: c.retries, retryReasons: ledger.retryReasons, deliveries: c.deliveries,
    },
    connections: { reconnects: c.reconnects, churnConnects: c.churnConnects, churnFailures: c.churnFailures,
      connectErrors: ledger.connectErrors, tokenRefreshes: c.tokenRefreshes },
    other: { syncPages: c.syncPages, restReads: c.restReads, typing: c.typing, restStatuses: ledger.restStatuses },
    kills: events.filter((e) => e.type === 'kill').length,
    pgRestarts: events.filter((e) => e.type === 'pg-restart').length,
    events,
    crashes,
    verify,
    dmesg,
    resources,
    failures,
    warnings: Object.entries(ledger.warnings).map(([kind, f]) => ({ kind, count: f.count, examples: f.examples })),
  };
}

function printSummary(s) {
  const n = (x) => (x === null || x === undefined ? '-' : Number(x).toLocaleString('en-US'));
  const lines = [];
  lines.push('', `Soak summary (${OUT})`);
  lines.push(`  load phase        ${Math.round(s.loadSeconds / 60 * 10) / 10} min (${s.loadSeconds} s)${s.endedEarly ? `, ended early: ${s.endedEarly}` : ''}; total ${s.totalSeconds} s`);
  lines.push(`  messages acked    ${n(s.messages.acked)} of ${n(s.messages.sent)} sent (${s.messages.ackedPerSecond}/s; ${n(s.messages.ackedViaRest)} via REST), ${n(s.messages.retries)} retries`);
  lines.push(`                    ${n(s.messages.ackedAcrossKill)} committed before a kill -9 and acked only on the retry after it`);
  lines.push(`  deliveries        ${n(s.messages.deliveries)} live; ${n(s.other.syncPages)} sync pages after reconnects`);
  lines.push(`  reconnects        ${n(s.connections.reconnects)}; churn connects ${n(s.connections.churnConnects)} (${n(s.connections.churnFailures)} failed)`);
  lines.push(`  kills             ${s.kills}; PostgreSQL restarts ${s.pgRestarts}`);
  if (s.verify) {
    const v = s.verify;
    lines.push(`  final check       ${n(v.stored)} stored in ${v.conversations} conversations: every acked one once (${n(v.storedAcked)}), `
      + `${n(v.storedUnacked)} stored but never acked, missing ${v.ackedMissing}, twice ${v.storedTwice}, mismatched ${v.mismatched}`);
  }
  lines.push(`  dmesg             ${Array.isArray(s.dmesg) ? s.dmesg.join(' | ') : s.dmesg}`);
  lines.push('', '  lifetime  seconds  acks     RSS MiB min/med/max   fds min/med/max   db conns min/med/max  within    exit');
  for (const l of s.resources.perLifetime) {
    const three = (x) => `${fmt(x.min)}/${fmt(x.median)}/${fmt(x.max)}`;
    const exit = l.exit ? (l.exit.signal ?? `code ${l.exit.code}`) + (l.exit.expected ? ` (sent ${l.exit.expected})` : '') : 'running';
    lines.push(`  ${String(l.lifetime).padStart(8)}  ${String(l.seconds).padStart(7)}  ${String(l.acks).padStart(7)}  `
      + `${three(l.rssMiB).padEnd(20)}  ${three(l.fds).padEnd(16)}  ${three(l.db).padEnd(20)}  `
      + `${within(l.verdicts).padEnd(8)}  ${exit}`);
  }
  lines.push(`  (within: growth after the ${cfg.warmup} s warm-up; flat* = too few settled samples for the database `
    + 'connections; short = too few samples to judge)');
  const a = s.resources.across;
  lines.push(`  across lifetimes  RSS ${verdict(a.rssMiB)}, fds ${verdict(a.fds)}, threads ${verdict(a.threads)}, `
    + `db ${verdict(a.db)}`);
  if (s.warnings.length) {
    lines.push('', '  warnings:');
    for (const w of s.warnings) lines.push(`    ${w.kind} (${w.count}): ${w.examples.slice(0, 2).join(' | ')}`);
  }
  lines.push('');
  if (s.passed) lines.push('  PASS');
  else {
    lines.push('  FAIL');
    for (const f of s.failures) lines.push(`    ${f.kind} (${f.count}): ${f.examples.slice(0, 3).join(' | ')}`);
  }
  console.log(lines.join('\n'));
}
/** A lifetime's growth verdicts in a word: flat (all judged, none grew), GREW: metrics, or short (too few samples). */
function within(verdicts) {
  const grew = Object.entries(verdicts).filter(([, v]) => !v.ok).map(([m]) => m);
  if (grew.length) return `GREW: ${grew.join(',')}`;
  return Object.values(verdicts).every((v) => v.judged) ? 'flat' : (verdicts.rssMiB.judged ? 'flat*' : 'short');
}
function verdict(v) {
  if (!v.judged) return `not judged (${v.n} lifetimes with enough samples)`;
  return `${v.ok ? 'flat' : 'GREW'} (${fmt(v.early)} -> ${fmt(v.late)}, limit +${fmt(v.limit)})`;
}

// A hard bound for the whole driver, whatever happens: the load, then drain, check and stop.
const hardLimit = setTimeout(() => {
  console.error('soak: the driver ran past its own time limit; stopping');
  interrupt('deadline', 1);
}, (cfg.duration + cfg.drain + 900) * 1000);

main().then((code) => {
  clearTimeout(hardLimit);
  process.exitCode = code;
  // Sockets closed; nothing else should keep the loop alive, but make sure the process ends.
  setTimeout(() => process.exit(code), 2000).unref();
}).catch(async (err) => {
  console.error(`soak: ${err.stack ?? err}`);
  await Promise.race([banterd.kill(), sleep(5000, null, { ref: false })]);
  process.exit(1);
});
