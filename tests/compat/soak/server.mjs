// banterd for the soak: one process at a time, restarted with the same arguments (same port, data dir and
// database) after every kill -9. Each start is a "lifetime" with its own log file, scanned for crash lines, and
// its own resource samples. Exits the soak did not cause are recorded as crashes.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, readdirSync, readFileSync, fstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Lines that mean banterd crashed or was about to: sanitizers, glibc's heap checks, std::terminate, qFatal. */
export const CRASH_LINE = new RegExp([
  'AddressSanitizer', 'UndefinedBehaviorSanitizer', 'LeakSanitizer', 'ThreadSanitizer', 'runtime error:', 'SEGV',
  'Segmentation fault', 'Aborted', 'terminate called', 'Assertion .* failed', 'ASSERT:', 'stack smashing',
  'double free', 'free\\(\\): ', 'malloc\\(\\): ', 'corrupted (size|double-linked)', '^\\S+ fatal\\s',
].join('|'));

const TCP_STATES = { '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING' };

/** TCP connections on local port `port` that banterd still holds (not LISTEN, TIME_WAIT or the FIN states). */
export function heldConnections(port) {
  let total = 0;
  let closeWait = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || parseInt(f[1].split(':')[1], 16) !== port) continue;
      const state = TCP_STATES[f[3]] ?? f[3];
      if (['LISTEN', 'TIME_WAIT', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'LAST_ACK'].includes(state)) continue;
      total += 1;
      if (state === 'CLOSE_WAIT') closeWait += 1;
    }
  }
  return { total, closeWait };
}

/** The flags of `banterd --help` (to leave out wanted flags an older banterd does not know). */
export function knownFlags(bin) {
  return new Promise((resolve) => {
    const p = spawn(bin, ['--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { out += c; });
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.on('close', () => { clearTimeout(timer); resolve(new Set(out.match(/--[a-z0-9-]+/g) ?? [])); });
  });
}

export class Banterd {
  /** bin, args (complete, with the fixed --port), outDir (logs), workDir (cwd: core files land there), pidFile. */
  constructor({ bin, args, outDir, workDir, pidFile, port, onCrash }) {
    Object.assign(this, { bin, args, outDir, workDir, pidFile, port, onCrash });
    this.lifetimes = [];
    this.current = null;
  }

  alive() { return this.current !== null && this.current.exit === null; }

  /** Starts a new lifetime; resolves once it logs "listening on". Retries while the port is still taken. */
  async start({ timeoutMs = 120_000 } = {}) {
    const n = this.lifetimes.length + 1;
    const logPath = join(this.outDir, `banterd-${n}.log`);
    const cwd = join(this.workDir, `lifetime-${n}`);
    mkdirSync(cwd, { recursive: true });
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const life = this.#spawn(n, logPath, cwd);
      for (;;) {
        this.scanLog(life);
        if (/listening on http:\/\//.test(life.head)) {
          life.listeningAt = Date.now();
          this.lifetimes.push(life);
          this.current = life;
          return life;
        }
        if (life.exit) break;
        if (Date.now() > deadline) {
          life.expected = 'SIGKILL';
          life.proc.kill('SIGKILL');
          await life.exited;
          throw new Error(`banterd did not listen within ${timeoutMs / 1000} s (log ${logPath})`);
        }
        await sleep(100);
      }
      // Exited before listening: only a port still held (TIME_WAIT, a stray client) is worth another try.
      await life.exited;
      if (!/cannot listen|Address already in use|address is already in use/i.test(life.head) || Date.now() > deadline) {
        throw new Error(`banterd exited before listening (${JSON.stringify(life.exit)}, attempt ${attempt}):\n`
          + life.head.split('\n').slice(-15).join('\n'));
      }
      await sleep(1000);
    }
  }

  #spawn(n, logPath, cwd) {
    const fd = openSync(logPath, 'a');
    const proc = spawn(this.bin, this.args, { stdio: ['ignore', fd, fd], cwd, detached: false });
    closeSync(fd);
    writeFileSync(this.pidFile, `${proc.pid}\n`);
    const life = { n, pid: proc.pid, proc, logPath, startedAt: Date.now(), listeningAt: null, exit: null,
      expected: null, logOffset: 0, head: '', partial: '', crashLines: [], samples: [], acks: 0, reconnects: 0,
      churnConnects: 0, pgRestarts: 0 };
    life.exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
      life.exit = { code, signal, at: Date.now() };
      this.scanLog(life);
      const crashed = signal !== null ? signal !== life.expected : (life.expected === null && life.listeningAt !== null)
        || (life.expected === 'SIGTERM' && code !== 0);
      if (crashed && life.listeningAt !== null && this.onCrash) this.onCrash(life);
      resolve(life.exit);
    }));
    proc.on('error', (err) => { life.spawnError = err.message; });
    return life;
  }

  /** SIGKILL the current lifetime (an expected exit); resolves when it is gone. */
  async kill() {
    const life = this.current;
    if (!life || life.exit) return null;
    life.expected = 'SIGKILL';
    life.proc.kill('SIGKILL');
    await life.exited;
    return life;
  }

  /** SIGTERM and wait; {code, signal} or throws after the timeout (then SIGKILL). */
  async stop(timeoutMs = 30_000) {
    const life = this.current;
    if (!life || life.exit) return life?.exit ?? null;
    life.expected = 'SIGTERM';
    life.proc.kill('SIGTERM');
    const exit = await Promise.race([life.exited, sleep(timeoutMs, null, { ref: false }).then(() => null)]);
    if (exit) return exit;
    life.expected = 'SIGKILL';
    life.proc.kill('SIGKILL');
    await life.exited;
    throw new Error(`banterd did not stop within ${timeoutMs / 1000} s of SIGTERM`);
  }

  /** Reads what the lifetime's log gained since the last call; remembers crash lines. */
  scanLog(life) {
    let fd;
    try { fd = openSync(life.logPath, 'r'); } catch { return; }
    try {
      const size = fstatSync(fd).size;
      while (life.logOffset < size) {
        const buf = Buffer.alloc(Math.min(1 << 20, size - life.logOffset));
        const got = readSync(fd, buf, 0, buf.length, life.logOffset);
        if (got <= 0) break;
        life.logOffset += got;
        const text = life.partial + buf.subarray(0, got).toString('utf8');
        const lines = text.split('\n');
        life.partial = lines.pop();
        if (life.head.length < 64 * 1024) life.head += lines.join('\n') + '\n';
        for (const line of lines) {
          if (CRASH_LINE.test(line) && life.crashLines.length < 50) life.crashLines.push(line);
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** {rss (KiB), fds, threads, tcp (held connections on the port), closeWait} of the current lifetime. */
  sampleProcess() {
    const life = this.current;
    if (!this.alive()) return null;
    try {
      const status = readFileSync(`/proc/${life.pid}/status`, 'utf8');
      const rss = Number(status.match(/VmRSS:\s+(\d+)/)?.[1]);
      const threads = Number(status.match(/Threads:\s+(\d+)/)?.[1]);
      const fds = readdirSync(`/proc/${life.pid}/fd`).length;
      const tcp = heldConnections(this.port);
      return { rss, fds, threads, tcp: tcp.total, closeWait: tcp.closeWait };
    } catch {
      return null; // exited between the check and the read
    }
  }
}
