// Media throughput and memory: uploads (simple for small files, tus in chunks for large ones) and downloads
// against a running banterd, with banterd's resident memory sampled from /proc while each phase runs.
//
//   node media-bench.mjs URL PID [--sizes 1,100] [--runs N] [--chunk-mb 8]
//
// Prints one JSON object per phase and a Markdown table at the end. Sizes are in MiB; a size of at most
// 20 MiB goes up as one multipart request, larger ones through /api/media/tus/ in --chunk-mb pieces.
import { readFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';

const [url, pidArg, ...rest] = process.argv.slice(2);
if (!url || !pidArg) {
  console.error('usage: node media-bench.mjs URL PID [--sizes 1,100] [--runs N] [--chunk-mb 8]');
  process.exit(2);
}
const pid = Number(pidArg);
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : fallback;
};
const sizes = option('--sizes', '1,100').split(',').map(Number);
const runs = Number(option('--runs', '3'));
const chunkBytes = Number(option('--chunk-mb', '8')) * 1024 * 1024;
const MiB = 1024 * 1024;

function rssKiB() {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]);
}

// Samples banterd's RSS every 20 ms while fn runs; returns {result, peakKiB, startKiB}.
async function sampled(fn) {
  const startKiB = rssKiB();
  let peakKiB = startKiB;
  const timer = setInterval(() => { peakKiB = Math.max(peakKiB, rssKiB()); }, 20);
  try {
    const result = await fn();
    peakKiB = Math.max(peakKiB, rssKiB());
    return { result, peakKiB, startKiB };
  } finally {
    clearInterval(timer);
  }
}

async function register() {
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `bench_${Date.now()}`, password: 'media bench password' }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

async function uploadSimple(token, data) {
  const form = new FormData();
  form.append('file', new Blob([data], { type: 'application/octet-stream' }), 'bench.bin');
  const res = await fetch(`${url}/api/media/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body.media.id;
}

async function uploadTus(token, data) {
  const headers = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${url}/api/media/tus/`, { method: 'POST', headers: { ...headers, 'upload-length': String(data.length) } });
  if (created.status !== 201) throw new Error(`tus create: ${created.status} ${await created.text()}`);
  const location = new URL(created.headers.get('location'), url).href;
  let mediaId = null;
  for (let offset = 0; offset < data.length; offset += chunkBytes) {
    const piece = data.subarray(offset, Math.min(data.length, offset + chunkBytes));
    const res = await fetch(location, { method: 'PATCH', body: piece,
      headers: { ...headers, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' } });
    if (res.status !== 204) throw new Error(`tus patch: ${res.status} ${await res.text()}`);
    mediaId = res.headers.get('banter-media-id') ?? mediaId;
  }
  if (!mediaId) throw new Error('tus: no media id after the last part');
  return mediaId;
}

async function download(token, id) {
  const res = await fetch(`${url}/api/media/${id}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`download: ${res.status}`);
  let bytes = 0;
  for await (const part of res.body) bytes += part.length;
  return bytes;
}

const token = await register();
const rows = [];
for (const mib of sizes) {
  const data = randomFillSync(Buffer.alloc(mib * MiB));
  const how = mib <= 20 ? 'multipart' : `tus, ${chunkBytes / MiB} MiB parts`;
  for (const [phase, fn] of [
    ['upload', async () => {
      const ids = [];
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) ids.push(await (mib <= 20 ? uploadSimple(token, data) : uploadTus(token, data)));
      return { ids, seconds: (performance.now() - t0) / 1000 };
    }],
    ['download', async () => {
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) {
        const got = await download(token, rows.at(-1).ids[i]);
        if (got !== data.length) throw new Error(`download: ${got} bytes, not ${data.length}`);
      }
      return { seconds: (performance.now() - t0) / 1000 };
    }],
  ]) {
    const { result, peakKiB, startKiB } = await sampled(fn);
    const row = { sizeMiB: mib, phase, how: phase === 'upload' ? how : 'GET, streamed', runs,
      mibPerSecond: +(mib * runs / result.seconds).toFixed(1), startRssMiB: +(startKiB / 1024).toFixed(1),
      peakRssMiB: +(peakKiB / 1024).toFixed(1), ids: result.ids };
    console.log(JSON.stringify({ ...row, ids: undefined }));
    rows.push(row);
  }
}
console.log('\n| file | phase | how | runs | MiB/s | banterd RSS before | peak RSS during |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.sizeMiB} MiB | ${r.phase} | ${r.how} | ${r.runs} | ${r.mibPerSecond} | ${r.startRssMiB} MiB | ${r.peakRssMiB} MiB |`);
