// The soak's private PostgreSQL cluster (scripts/pgcluster): restarts, and the connections banterd holds.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function run(file, args, { env, timeout = 120_000 } = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { env: { ...process.env, ...env }, timeout, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      resolve({ ok: !err, code: err?.code ?? 0, stdout: String(stdout), stderr: String(stderr), error: err?.message });
    });
  });
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (err) { return err.code === 'EPERM'; }
}

export class Postgres {
  /** dir: the pgcluster directory; pgcluster: the script; pgbin: PostgreSQL's bin dir; database: banterd's. */
  constructor({ dir, pgcluster, pgbin, database }) {
    Object.assign(this, { dir, pgcluster, pgbin, database });
    this.port = Number(readFileSync(join(dir, 'port'), 'utf8').trim());
    this.password = readFileSync(join(dir, 'password'), 'utf8').trim();
    this.up = true;
  }

  postmasterPid() {
    try { return Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]); } catch { return 0; }
  }

  /**
   * Stops the cluster (`fast`: pgcluster stop, clients disconnected and a shutdown checkpoint; `immediate`: SIGQUIT
   * to the postmaster, as pg_ctl -m immediate does, so the start does crash recovery), stays down `downMs`, starts
   * it again on the same port. Resolves with {mode, stoppedMs, downMs, startMs}.
   */
  async restart(mode, downMs) {
    const t0 = Date.now();
    this.up = false;
    if (mode === 'immediate') {
      const pid = this.postmasterPid();
      if (!pid) throw new Error('PostgreSQL has no postmaster.pid');
      process.kill(pid, 'SIGQUIT');
      const deadline = Date.now() + 60_000;
      while (alive(pid)) {
        if (Date.now() > deadline) throw new Error(`the postmaster ${pid} did not exit within 60 s of SIGQUIT`);
        await sleep(100);
      }
    } else {
      const r = await run(this.pgcluster, ['stop', this.dir]);
      if (!r.ok) throw new Error(`pgcluster stop failed: ${r.stderr || r.error}`);
    }
    const stopped = Date.now();
    await sleep(downMs);
    const downEnd = Date.now();
    let last;
    for (let attempt = 1; attempt <= 5; attempt++) {
      last = await run(this.pgcluster, ['start', this.dir, String(this.port)]);
      if (last.ok) break;
      await sleep(2000); // e.g. the old postmaster's children still hold its shared memory
    }
    if (!last.ok) throw new Error(`PostgreSQL did not start again: ${last.stderr || last.error}`);
    const port = Number(readFileSync(join(this.dir, 'port'), 'utf8').trim());
    if (port !== this.port) throw new Error(`PostgreSQL came back on port ${port}, not ${this.port}`);
    this.up = true;
    return { mode, stoppedMs: stopped - t0, downMs: downEnd - stopped, startMs: Date.now() - downEnd };
  }

  /** psql as the superuser on the maintenance database; resolves with stdout, or null when it failed. */
  async query(sql) {
    const r = await run(join(this.pgbin, 'psql'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'banter',
      '-d', 'postgres', '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    { env: { PGPASSWORD: this.password, PGCONNECT_TIMEOUT: '3' }, timeout: 8000 });
    return r.ok ? r.stdout.trim() : null;
  }

  /** Client connections to banterd's database (pg_stat_activity), or null when PostgreSQL does not answer. */
  async banterdConnections() {
    if (!this.up) return null;
    const out = await this.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${this.database}' `
      + `AND backend_type = 'client backend' AND pid <> pg_backend_pid()`);
    return out === null || out === '' ? null : Number(out);
  }
}
