// A banterd cluster for the tests, on loopback: Valkey (valkey-server), N banterd nodes sharing one data dir (their
// keys) and the test database, and nginx in front with the configuration docs/deploy.md recommends
// (scripts/cluster-nginx-conf). Every part is a real process; the tests kill and restart them.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBanterd } from '../banterd.mjs';

const CHECKOUT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function valkeyPing(port) {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1');
    let data = '';
    s.setTimeout(500, () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => { data += d; if (data.includes('\r\n')) { s.destroy(); resolve(data.startsWith('+PONG')); } });
  });
}

export class Valkey {
  constructor(port, dir) { this.port = port; this.dir = dir; this.proc = null; }
  async start() {
    this.proc = spawn('valkey-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '',
      '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
    for (let i = 0; i < 100; i++) {
      if (await valkeyPing(this.port)) return this;
      await sleep(50);
    }
    throw new Error('valkey-server did not answer');
  }
  async kill() {
    if (!this.proc) return;
    this.proc.kill('SIGKILL');
    await this.exited;
    this.proc = null;
  }
  get url() { return `redis://127.0.0.1:${this.port}`; }
  /** One command on a connection of its own; resolves with the raw reply text. */
  command(...args) {
    return new Promise((resolve, reject) => {
      const s = tcpConnect(this.port, '127.0.0.1');
      let data = '';
      s.setTimeout(2000, () => { s.destroy(); reject(new Error('valkey: no reply')); });
      s.on('error', reject);
      s.on('connect', () => s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
      s.on('data', (d) => { data += d; if (data.endsWith('\r\n')) { s.destroy(); resolve(data); } });
    });
  }
}

export class Nginx {
  constructor(dir, port) { this.dir = dir; this.port = port; this.url = `http://127.0.0.1:${port}`; }
  async start(nodes) {
    const routes = nodes.map((n) => `${n.name}=${n.port}`);
    const conf = execFileSync(join(CHECKOUT, 'scripts/cluster-nginx-conf'), [this.dir, String(this.port), ...routes])
      .toString().trim();
    this.proc = spawn('nginx', ['-c', conf, '-p', this.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.log = '';
    this.proc.stderr.on('data', (d) => { this.log += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
    for (let i = 0; i < 100; i++) {
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return this;
      } catch { /* not yet */ }
      await sleep(100);
    }
    throw new Error(`nginx did not answer\n${this.log}`);
  }
  async stop() {
    if (!this.proc) return;
    this.proc.kill('SIGTERM');
    await Promise.race([this.exited, sleep(5000, null, { ref: false })]);
    this.proc.kill('SIGKILL');
  }
}

/** N nodes named node1..nodeN on one Valkey, behind nginx. flags go to every node. */
export async function startCluster({ nodes = 3, flags = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'banter-cluster-'));
  const valkey = await new Valkey(await freePort(), dir).start();
  const cluster = { dir, valkey, nodes: [], flags };
  cluster.startNode = async (name) => {
    const node = await startBanterd(['--bus', valkey.url, '--node-name', name, ...flags], { dataDir: join(dir, 'banterd') });
    node.name = name;
    cluster.nodes.push(node);
    return node;
  };
  for (let k = 1; k <= nodes; k++) await cluster.startNode(`node${k}`); // the first creates the keys
  cluster.nginx = await new Nginx(join(dir, 'nginx'), await freePort()).start(cluster.nodes);
  cluster.node = (name) => cluster.nodes.find((n) => n.name === name);
  /** An admin account (banterd --create-admin, as ./dev run makes one); resolves with its access token. */
  cluster.admin = async () => {
    const username = `admin_${Date.now().toString(36)}`;
    const password = 'cluster-admin-password-1';
    await new Promise((resolve, reject) => {
      const p = spawn(process.env.BANTERD, ['--database-url', process.env.BANTER_TEST_DATABASE_URL, '--data-dir',
        join(dir, 'banterd'), '--argon2-memory-kib', '1024', '--argon2-iterations', '1', '--create-admin', username],
      { stdio: ['pipe', 'ignore', 'inherit'] });
      p.stdin.end(`${password}\n`);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`--create-admin exited ${code}`))));
    });
    const res = await fetch(`${cluster.nodes[0].url}/api/auth/login`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return (await res.json()).token;
  };
  cluster.assertHealthy = (what) => { for (const n of cluster.nodes) if (!n.killed) n.assertHealthy(`${n.name} ${what}`); };
  cluster.stop = async () => {
    await cluster.nginx.stop();
    const errors = [];
    for (const n of cluster.nodes) {
      if (n.killed) continue;
      try { await n.stop(); } catch (err) { errors.push(err); }
    }
    await valkey.kill();
    rmSync(dir, { recursive: true, force: true });
    if (errors.length) throw errors[0];
  };
  return cluster;
}
