// Media helpers: uploads (multipart and raw) and downloads against BANTER_URL (or another server's url).
import assert from 'node:assert/strict';
import { BASE_URL, REQUEST_TIMEOUT_MS } from './rest.mjs';

/** POST /api/media/upload as multipart/form-data (field "file"); resolves to {status, body, headers}. */
export async function uploadMultipart(user, data, { name = 'file.bin', type = 'application/octet-stream', base = BASE_URL } = {}) {
  const form = new FormData();
  form.append('file', new Blob([data], { type }), name);
  const res = await fetch(`${base}/api/media/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS * 3),
  });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

/** POST /api/media/upload with the bytes as the body. */
export async function uploadRaw(user, data, { name, type, base = BASE_URL } = {}) {
  const headers = { authorization: `Bearer ${user.token}` };
  if (type !== undefined) headers['content-type'] = type;
  if (name !== undefined) headers['x-filename'] = name;
  const res = await fetch(`${base}/api/media/upload`, { method: 'POST', headers, body: data, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS * 3) });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

/** Uploads and asserts 201; returns the media object. */
export async function upload(user, data, options) {
  const res = await uploadMultipart(user, data, options);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.media;
}

/** GET /api/media/:id[/thumbnail]; resolves to {status, bytes, headers, body (JSON errors)}. */
export async function download(user, id, { thumbnail = false, headers = {}, base = BASE_URL } = {}) {
  const res = await fetch(`${base}/api/media/${id}${thumbnail ? '/thumbnail' : ''}`, {
    headers: { authorization: `Bearer ${user.token}`, ...headers }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS * 3),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body = null;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) body = JSON.parse(bytes.toString() || 'null');
  return { status: res.status, bytes, headers: res.headers, body };
}
