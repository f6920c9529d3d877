// Media against wasteful and hostile clients (issue #11), each test with its own banterd: quotas, 200 stalled
// uploads (tus and plain HTTP), and what the janitor removes from disk. Nothing may be left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect as netConnect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBanterd, register, until } from '../banterd.mjs';

function files(server, sub = '') {
  const root = join(server.dataDir, 'media', sub);
  if (!existsSync(root)) return [];
  // The janitor may remove a file between the listing and the look at it: that one is gone, not counted.
  return readdirSync(root, { recursive: true }).filter((e) => {
    try { return statSync(join(root, e)).isFile(); } catch { return false; }
  });
}

async function uploadRaw(server, token, bytes, name = 'f.bin') {
  const res = await fetch(`${server.url}/api/media/upload`, {
    method: 'POST', body: bytes, signal: AbortSignal.timeout(15_000),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-filename': name },
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function tusCreate(server, token, length) {
  return fetch(`${server.url}/api/media/tus/`, {
    method: 'POST', signal: AbortSignal.timeout(15_000),
    headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-length': String(length) },
  });
}

async function tusPatch(server, token, location, offset, bytes) {
  return fetch(new URL(location, server.url), {
    method: 'PATCH', body: bytes, signal: AbortSignal.timeout(15_000),
    headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream' },
  });
}

test('quota: uploads, tus reservations and deletions count; beyond it 413 quota_exceeded, nothing stored', async () => {
  const server = await startBanterd(['--media-quota-bytes', '100000', '--max-upload-bytes', '80000']);
  try {
    const { token } = await register(server, 'quota');
    const first = await uploadRaw(server, token, Buffer.alloc(60000, 1));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await uploadRaw(server, token, Buffer.alloc(50000, 2));
    assert.equal(second.status, 413, JSON.stringify(second.body));
    assert.equal(second.body.error.code, 'quota_exceeded');
    const tooLong = await tusCreate(server, token, 50000);
    assert.equal(tooLong.status, 413);
    const fits = await tusCreate(server, token, 30000);
    assert.equal(fits.status, 201);
    // The reservation counts: a plain upload that would fit without it does not.
    const third = await uploadRaw(server, token, Buffer.alloc(20000, 3));
    assert.equal(third.status, 413);
    // Larger than --max-upload-bytes: 413 before the body is read.
    const big = await uploadRaw(server, token, Buffer.alloc(90000, 4));
    assert.equal(big.status, 413);
    // Deleting frees the quota.
    const del = await fetch(`${server.url}/api/media/${first.body.media.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    assert.equal(del.status, 204);
    assert.equal((await uploadRaw(server, token, Buffer.alloc(50000, 5))).status, 201);
    assert.equal(files(server, 'staging').length, 0, 'nothing staged is left');
    // Parallel uploads of one user cannot together pass the quota: 8 x 30,000 bytes in a 100,000-byte quota.
    const { token: other } = await register(server, 'race');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => uploadRaw(server, other, Buffer.alloc(30000, i + 10))));
    assert.equal(results.filter((r) => r.status === 201).length, 3, JSON.stringify(results.map((r) => r.status)));
    assert.ok(results.every((r) => r.status === 201 || r.body?.error?.code === 'quota_exceeded'));
    server.assertHealthy();
  } finally {
    await server.stop();
  }
});

test('200 stalled tus uploads time out and their partial data is removed; 200 stalled plain uploads are cut off', async () => {
  const server = await startBanterd(['--upload-idle-seconds', '8', '--media-sweep-ms', '300', '--max-open-uploads', '300',
    '--http-idle-timeout-ms', '1500', '--http-head-timeout-ms', '1500', '--max-connections-per-address', '1000']);
  try {
    const { token } = await register(server, 'stall');
    const locations = [];
    for (let i = 0; i < 200; i++) {
      const res = await tusCreate(server, token, 100000);
      assert.equal(res.status, 201);
      locations.push(res.headers.get('location'));
      if (i % 2 === 0) assert.equal((await tusPatch(server, token, res.headers.get('location'), 0, Buffer.alloc(1000, i))).status, 204);
    }
    assert.equal(files(server, 'partial').length, 100, 'the parts of the uploads that got some');
    // 200 plain uploads that declare 50 KB and send 1 KB, then stall.
    const sockets = await Promise.all(Array.from({ length: 200 }, () => new Promise((resolve, reject) => {
      const s = netConnect(server.port, '127.0.0.1', () => {
        s.write(`POST /api/media/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n`
          + 'Content-Type: application/octet-stream\r\nContent-Length: 50000\r\n\r\n' + 'x'.repeat(1000));
        resolve(s);
      });
      s.closedAt = null;
      s.answer = '';
      s.on('error', (e) => { s.error = e.message; });
      s.on('data', (d) => { s.answer += d.toString().slice(0, 40); });
      s.on('close', () => { s.closedAt = Date.now(); });
      setTimeout(() => reject(new Error('connect timeout')), 5000);
    })));
    await until('stalled plain uploads are closed', () => sockets.every((s) => s.closedAt !== null), 15_000).catch((e) => {
      const open = sockets.filter((s) => s.closedAt === null);
      throw new Error(`${e.message}: ${open.length} open, answers ${JSON.stringify([...new Set(sockets.map((s) => s.answer.slice(0, 30)))])}`
        + ` errors ${JSON.stringify([...new Set(sockets.map((s) => s.error))])}, held ${JSON.stringify(server.connections())}`);
    });
    await until('stalled tus uploads are removed', async () => {
      // (--upload-idle-seconds 8, swept every 300 ms)
      const head = await fetch(new URL(locations[0], server.url), { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
      return head.status === 404 && files(server, 'partial').length === 0;
    }, 30_000);
    for (const location of locations.slice(0, 10)) {
      const head = await fetch(new URL(location, server.url), { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
      assert.equal(head.status, 404);
    }
    // And the quota they held is free again.
    assert.equal((await tusCreate(server, token, 100000)).status, 201);
    server.assertHealthy();
  } finally {
    await server.stop();
  }
});

test('unattached uploads expire; their files leave the disk unless another upload holds the same bytes', async () => {
  const server = await startBanterd(['--unattached-media-seconds', '2', '--media-sweep-ms', '300']);
  try {
    const { token } = await register(server, 'expire');
    const one = await uploadRaw(server, token, Buffer.from('same bytes, stored once'));
    assert.equal(one.status, 201);
    assert.equal(files(server).length, 1);
    await sleep(1500);
    const two = await uploadRaw(server, token, Buffer.from('same bytes, stored once'));
    assert.equal(two.status, 201);
    assert.equal(files(server).length, 1, 'the same content is one file');
    await until('the first upload expires', async () => {
      const res = await fetch(`${server.url}/api/media/${one.body.media.id}`, { headers: { authorization: `Bearer ${token}` } });
      return res.status === 404;
    });
    assert.equal(files(server).length, 1, 'the file stays while the second upload holds it');
    const res = await fetch(`${server.url}/api/media/${two.body.media.id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), 'same bytes, stored once');
    await until('the second upload expires and the file goes', () => files(server).length === 0);
    server.assertHealthy();
  } finally {
    await server.stop();
  }
});
