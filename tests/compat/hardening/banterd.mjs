// Starts real banterd processes for the hardening tests and watches them: its log (sanitizer reports fail the
// test), its exit, and the TCP connections it holds on its port (from /proc/net/tcp, so a leaked or
// half-closed connection shows even when banterd's own counters would not).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BANTERD = process.env.BANTERD;
const DATABASE_URL = process.env.BANTER_TEST_DATABASE_URL;
if (!BANTERD || !DATABASE_URL) throw new Error('run through tests/compat/run-hardening (BANTERD and the database)');

const SANITIZER = /AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:|SEGV|Aborted/;

// Flags every test starts with: cheap hashing, high auth/HTTP rates (the limits have their own tests).
const BASE_FLAGS = ['--argon2-memory-kib', '1024', '--argon2-iterations', '1', '--auth-rate-limit', '100000',
  '--http-rate-limit', '100000', '--user-rate-limit', '100000'];

export async function startBanterd(flags = [], { timeout = 30_000, dataDir: sharedDir } = {}) {
  // A shared data dir (the nodes of a cluster share their keys) is the caller's to remove.
  const dataDir = sharedDir ?? mkdtempSync(join(tmpdir(), 'banter-hardening-'));
  const proc = spawn(BANTERD, ['--database-url', DATABASE_URL, '--port', '0', '--data-dir', dataDir,
    ...BASE_FLAGS, ...flags], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  const server = { proc, log: '', exit: null, dataDir, ownsDataDir: !sharedDir };
  const append = (chunk) => { server.log += chunk.toString(); };
  proc.stdout.on('data', append);
  proc.stderr.on('data', append);
  server.exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      server.exit = { code, signal };
      resolve(server.exit);
    });
    proc.on('error', (err) => {
      server.exit = { code: null, signal: null, error: err.message };
      resolve(server.exit);
    });
  });
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const m = server.log.match(/listening on http:\/\/[0-9.]+:(\d+)/);
    if (m) {
      server.port = Number(m[1]);
      server.url = `http://127.0.0.1:${server.port}`;
      return Object.assign(server, methods(server));
    }
    if (server.exit) throw new Error(`banterd exited before listening: ${JSON.stringify(server.exit)}\n${server.log}`);
    await sleep(50);
  }
  proc.kill('SIGKILL');
  throw new Error(`banterd did not listen within ${timeout} ms\n${server.log}`);
}

function methods(server) {
  return {
    alive() { return server.exit === null; },
    /** Throws with the log when banterd died or printed a sanitizer report. */
    assertHealthy(what = '') {
      if (server.exit && !server.stopping) throw new Error(`banterd died ${what}: ${JSON.stringify(server.exit)}\n${tail(server.log)}`);
      if (SANITIZER.test(server.log)) throw new Error(`sanitizer report ${what}\n${tail(server.log)}`);
    },
    /** TCP connections banterd holds on its port, by state (ESTABLISHED, CLOSE_WAIT, …; not LISTEN/TIME_WAIT). */
    connections() { return serverConnections(server.port); },
    /** Waits until banterd holds no connection on its port (leaks show as a non-empty result). */
    async drained(timeout = 15_000) {
      const deadline = Date.now() + timeout;
      let held = serverConnections(server.port);
      while (held.total > 0 && Date.now() < deadline) {
        await sleep(100);
        held = serverConnections(server.port);
      }
      return held;
    },
    openFiles() {
      try { return readdirCount(`/proc/${server.proc.pid}/fd`); } catch { return -1; }
    },
    rssKiB() {
      const status = readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
      return Number(status.match(/VmRSS:\s+(\d+)/)[1]);
    },
    /** SIGTERM; resolves with {code, signal}, or kills it and throws after the timeout. */
    async stop(timeout = 20_000) {
      server.stopping = true;
      if (!server.exit) server.proc.kill('SIGTERM');
      // ref: false: the timer must not keep the test process alive for `timeout` after banterd has exited.
      const result = await Promise.race([server.exited, sleep(timeout, null, { ref: false }).then(() => null)]);
      if (!result) {
        server.proc.kill('SIGKILL');
        await server.exited;
        throw new Error(`banterd did not stop within ${timeout} ms after SIGTERM\n${tail(server.log)}`);
      }
      if (server.ownsDataDir) rmSync(server.dataDir, { recursive: true, force: true });
      // What it printed on the way out counts too: leaks are reported at exit.
      if (SANITIZER.test(server.log)) throw new Error(`sanitizer report at stop\n${tail(server.log)}`);
      return result;
    },
    kill() {
      server.stopping = true;
      if (!server.exit) server.proc.kill('SIGKILL');
      return server.exited;
    },
  };
}

import { readdirSync } from 'node:fs';
function readdirCount(dir) { return readdirSync(dir).length; }

function tail(log, lines = 80) {
  return log.split('\n').slice(-lines).join('\n');
}

const TCP_STATES = { '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING' };

/** Server-side TCP connections on PORT: local port PORT, any state but LISTEN and TIME_WAIT (no descriptor). */
export function serverConnections(port) {
  const byState = {};
  let total = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      const localPort = parseInt(f[1].split(':')[1], 16);
      const state = TCP_STATES[f[3]] ?? f[3];
      if (localPort !== port || state === 'LISTEN' || state === 'TIME_WAIT') continue;
      // FIN_WAIT2 without a descriptor is the kernel's to finish; only count states banterd still holds.
      if (state === 'FIN_WAIT2' || state === 'FIN_WAIT1' || state === 'CLOSING' || state === 'LAST_ACK') continue;
      byState[state] = (byState[state] ?? 0) + 1;
      total += 1;
    }
  }
  return { total, byState };
}

export async function register(server, prefix = 'h') {
  const username = `${prefix}${Math.random().toString(36).slice(2, 10)}`;
  const res = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'hardening' },
    body: JSON.stringify({ username, password: 'hardening pass 1' }), signal: AbortSignal.timeout(15_000),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Polls check() every 100 ms until it holds; throws naming `what` after the timeout. */
export async function until(what, check, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await sleep(100);
  }
}
