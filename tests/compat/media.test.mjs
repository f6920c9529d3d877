// Media (issue #11): uploads (multipart, raw, tus with the official tus-js-client), downloads (ETag, Range,
// headers that keep browsers safe), thumbnails, type detection, attachments on messages, and who may read what.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { connect as netConnect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as tus from 'tus-js-client';
import { BASE_URL, apiExpect, apiError, registerUser } from './lib/rest.mjs';
import { closeAll, connect, emitAck, emitError, waitForEvent } from './lib/socket.mjs';
import { png, jpegWithExif, sha256, HTML, SVG } from './lib/files.mjs';
import { upload, uploadMultipart, uploadRaw, download } from './lib/media.mjs';

afterEach(closeAll);

const DATA_DIR = process.env.BANTER_DATA_DIR; // set by run-compat: the server's data directory

/** Every file under the server's media directory (relative paths). */
function mediaFiles(sub = '') {
  if (!DATA_DIR) return [];
  const root = join(DATA_DIR, 'media', sub);
  if (!existsSync(root)) return [];
  const out = [];
  for (const entry of readdirSync(root, { recursive: true })) {
    try {
      if (statSync(join(root, entry)).isFile()) out.push(entry);
    } catch { /* removed meanwhile (the janitor) */ }
  }
  return out;
}

async function group(owner, members) {
  const { group } = await apiExpect(201, 'POST', '/api/groups', { token: owner.token, body: { title: 'media', memberIds: members.map((m) => m.id) } });
  return group;
}

test('multipart upload: 201 with the contract fields; download is the same bytes with safe headers', async () => {
  const alice = await registerUser('alice');
  const image = png(40, 30);
  const media = await upload(alice, image, { name: 'holiday photo.png', type: 'image/png' });
  assert.equal(typeof media.id, 'string');
  assert.equal(media.name, 'holiday photo.png');
  assert.equal(media.size, image.length);
  assert.equal(media.contentType, 'image/png');
  assert.equal(media.width, 40);
  assert.equal(media.height, 30);
  assert.equal(media.sha256, sha256(image));
  assert.ok(!Number.isNaN(Date.parse(media.createdAt)));
  const got = await download(alice, media.id);
  assert.equal(got.status, 200);
  assert.ok(got.bytes.equals(image), 'the same bytes back');
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(got.headers.get('content-security-policy'), 'sandbox');
  assert.match(got.headers.get('cache-control'), /private/);
  assert.match(got.headers.get('content-disposition'), /^inline;/);
  assert.ok(got.headers.get('etag'));
  // ETag, Range.
  const again = await download(alice, media.id, { headers: { 'if-none-match': got.headers.get('etag') } });
  assert.equal(again.status, 304);
  const part = await download(alice, media.id, { headers: { range: 'bytes=8-15' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 8-15/${image.length}`);
  assert.ok(part.bytes.equals(image.subarray(8, 16)));
  const tail = await download(alice, media.id, { headers: { range: 'bytes=-4' } });
  assert.ok(tail.bytes.equals(image.subarray(image.length - 4)));
  const outside = await download(alice, media.id, { headers: { range: `bytes=${image.length + 10}-` } });
  assert.equal(outside.status, 416);
  // A thumbnail for images.
  const thumb = await download(alice, media.id, { thumbnail: true });
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/png');
  assert.ok(thumb.bytes.subarray(1, 4).equals(Buffer.from('PNG')));
});

test('raw upload: X-Filename and Content-Type; anything but safe media is served as an attachment', async () => {
  const alice = await registerUser('alice');
  const text = Buffer.from('just some notes\n');
  const res = await uploadRaw(alice, text, { name: encodeURIComponent('notes ü.txt'), type: 'text/plain' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.media.name, 'notes ü.txt');
  assert.equal(res.body.media.contentType, 'text/plain');
  assert.equal(res.body.media.width, undefined);
  const got = await download(alice, res.body.media.id);
  assert.ok(got.bytes.equals(text));
  assert.match(got.headers.get('content-disposition'), /^attachment;/);
  // Large enough for several encrypted chunks, bytes intact.
  const big = Buffer.alloc(300 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  const bigMedia = (await uploadRaw(alice, big, { name: 'big.bin', type: 'application/octet-stream' })).body.media;
  const bigBack = await download(alice, bigMedia.id);
  assert.ok(bigBack.bytes.equals(big), 'a multi-chunk file comes back intact');
  const middle = await download(alice, bigMedia.id, { headers: { range: 'bytes=65530-131080' } });
  assert.ok(middle.bytes.equals(big.subarray(65530, 131081)), 'a range across chunk borders');
});

test('type from content: HTML or SVG posing as an image is 415; the stored file says what it is', async () => {
  const alice = await registerUser('alice');
  const before = mediaFiles().length;
  for (const [bytes, name] of [[HTML, 'cat.png'], [SVG, 'dog.png']]) {
    const res = await uploadMultipart(alice, bytes, { name, type: 'image/png' });
    assert.equal(res.status, 415, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'unsupported_media_type');
  }
  // Unclaimed, HTML is stored as what it is, and never shown inline.
  const html = await upload(alice, HTML, { name: 'page.html', type: '' });
  assert.equal(html.contentType, 'text/html');
  const got = await download(alice, html.id);
  assert.match(got.headers.get('content-disposition'), /^attachment;/);
  assert.equal(got.headers.get('content-security-policy'), 'sandbox');
  // A PNG that claims 100000 x 100000 pixels: refused cleanly.
  const bomb = await uploadMultipart(alice, png(4, 4, { claim: { width: 100000, height: 100000 } }), { name: 'bomb.png', type: 'image/png' });
  assert.equal(bomb.status, 400, JSON.stringify(bomb.body));
  assert.equal(bomb.body.error.code, 'validation_failed');
  if (DATA_DIR) {
    assert.equal(mediaFiles('staging').length, 0, 'nothing staged is left behind');
    assert.equal(mediaFiles().length, before + 1, 'only the HTML file was stored');
  }
});

test('hostile names and sizes: ../ and NUL in names, a 2 GB Content-Length, an empty file', async () => {
  const alice = await registerUser('alice');
  for (const name of ['../../etc/passwd', 'a/b.txt', '..', 'evil\\name.txt']) {
    const res = await uploadMultipart(alice, Buffer.from('x'), { name, type: 'text/plain' });
    assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
  }
  const nul = await uploadRaw(alice, Buffer.from('x'), { name: 'a%00b.txt', type: 'text/plain' });
  assert.equal(nul.status, 400, JSON.stringify(nul.body));
  const empty = await uploadRaw(alice, Buffer.alloc(0), { name: 'empty', type: 'text/plain' });
  assert.equal(empty.status, 400);
  // 2 GB declared: refused before a byte of the body is read.
  const answer = await new Promise((resolve, reject) => {
    const url = new URL(BASE_URL);
    const socket = netConnect(Number(url.port), url.hostname, () => {
      socket.write(`POST /api/media/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\n`
        + 'Content-Type: application/octet-stream\r\nContent-Length: 2147483648\r\n\r\n');
    });
    let data = '';
    socket.on('data', (d) => { data += d; if (data.includes('\r\n\r\n')) { socket.destroy(); resolve(data); } });
    socket.on('error', reject);
    setTimeout(() => { socket.destroy(); reject(new Error(`no answer: ${data}`)); }, 5000);
  });
  assert.match(answer, /^HTTP\/1\.1 413/);
});

test('JPEG EXIF (GPS) is stripped from what is stored and served', async () => {
  const alice = await registerUser('alice');
  const jpeg = jpegWithExif();
  assert.ok(jpeg.includes('GPSLatitude'));
  const res = await uploadRaw(alice, jpeg, { name: 'photo.jpg', type: 'application/octet-stream' });
  // The scan is fake, so the image does not decode: refused as an image; the stripping is what matters here,
  // so the same bytes go up as a non-image type too.
  assert.ok(res.status === 400 || res.status === 201, JSON.stringify(res.body));
  const asFile = await uploadMultipart(alice, jpeg, { name: 'photo.bin', type: 'application/x-test' });
  if (asFile.status === 201) {
    const got = await download(alice, asFile.body.media.id);
    assert.ok(!got.bytes.includes('GPSLatitude'), 'no GPS in what is served');
  } else {
    assert.equal(asFile.status, 400, JSON.stringify(asFile.body));
  }
});

test('PNG text chunks (where a location may be written) are stripped; the image still decodes', async () => {
  const alice = await registerUser('alice');
  const image = png(20, 10, { text: 'GPSLatitude=48.8583' });
  assert.ok(image.includes('GPSLatitude'));
  const media = await upload(alice, image, { name: 'located.png', type: 'image/png' });
  assert.equal(media.width, 20);
  const got = await download(alice, media.id);
  assert.ok(!got.bytes.includes('GPSLatitude'), 'no location in what is served');
  assert.equal(got.bytes.length, media.size);
  assert.equal((await download(alice, media.id, { thumbnail: true })).status, 200);
});

test('attachments: a message carries the sender\'s uploads; members read them, others get 404', async () => {
  const [alice, bob, carol, mallory] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol'), await registerUser('mallory')];
  const room = await group(alice, [bob]);
  const image = png(8, 8);
  const file = await upload(alice, image, { name: 'pic.png', type: 'image/png' });
  // Before it is attached, only alice reads it.
  assert.equal((await download(bob, file.id)).status, 404);
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);
  const ack = await emitAck(aliceSocket, 'message:send', { conversationId: room.id, clientMessageId: 'att-1', attachments: [file.id] });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  assert.equal(ack.message.content, '');
  assert.deepEqual(ack.message.attachments, [{ id: file.id, name: 'pic.png', size: image.length, contentType: 'image/png', width: 8, height: 8 }]);
  const live = await waitForEvent(bobSocket, 'message:received', { filter: (p) => p.message.id === ack.message.id });
  assert.deepEqual(live.message.attachments, ack.message.attachments);
  const { messages } = await apiExpect(200, 'GET', `/api/chat/${room.id}/messages`, { token: bob.token });
  assert.deepEqual(messages.at(-1).attachments, ack.message.attachments);
  assert.equal((await download(bob, file.id)).status, 200, 'a member reads it');
  assert.equal((await download(bob, file.id, { thumbnail: true })).status, 200);
  // IDOR sweep: a stranger, a member who joined after it (history hidden), random ids.
  assert.equal((await download(mallory, file.id)).status, 404);
  await apiExpect(200, 'POST', `/api/groups/${room.id}/members`, { token: alice.token, body: { userIds: [carol.id] } });
  assert.equal((await download(carol, file.id)).status, 404, 'before carol\'s window');
  for (const id of ['0', '-1', '999999999', 'abc', `${file.id}0`]) assert.equal((await download(mallory, id)).status, 404, id);
  await apiError('DELETE', `/api/media/${file.id}`, { token: mallory.token }, { status: 404, code: 'not_found' });
  await apiError('DELETE', `/api/media/${file.id}`, { token: bob.token }, { status: 403, code: 'forbidden' });
  // Someone else's upload, or one attached already, cannot be attached; at most 10.
  const bobs = await upload(bob, png(2, 2), { name: 'b.png', type: 'image/png' });
  await emitError(aliceSocket, 'message:send', { conversationId: room.id, clientMessageId: 'att-2', attachments: [bobs.id] }, 'validation_failed');
  await emitError(aliceSocket, 'message:send', { conversationId: room.id, clientMessageId: 'att-3', attachments: [file.id] }, 'validation_failed');
  await emitError(aliceSocket, 'message:send', { conversationId: room.id, clientMessageId: 'att-4', content: 'x',
    attachments: Array.from({ length: 11 }, (_, i) => String(i + 1)) }, 'validation_failed');
  // A former member reads it no more.
  await apiExpect(204, 'DELETE', `/api/groups/${room.id}/members/${bob.id}`, { token: alice.token });
  assert.equal((await download(bob, file.id)).status, 404, 'a former member');
  // Deleting the message deletes its files.
  await apiExpect(204, 'DELETE', `/api/messages/${ack.message.id}`, { token: alice.token });
  assert.equal((await download(alice, file.id)).status, 404);
});

test('REST attachments and DELETE /api/media by its uploader', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const { conversation } = await apiExpect(201, 'POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [bob.id] } });
  const file = await upload(alice, Buffer.from('%PDF-1.4\n%fake\n'), { name: 'doc.pdf', type: 'application/pdf' });
  assert.equal(file.contentType, 'application/pdf');
  const { message } = await apiExpect(201, 'POST', '/api/messages', { token: alice.token,
    body: { conversationId: conversation.id, content: 'the contract', clientMessageId: 'rest-att', attachments: [file.id] } });
  assert.equal(message.attachments[0].name, 'doc.pdf');
  assert.equal((await download(bob, file.id)).status, 200);
  await apiExpect(204, 'DELETE', `/api/media/${file.id}`, { token: alice.token });
  assert.equal((await download(bob, file.id)).status, 404);
  const { messages } = await apiExpect(200, 'GET', `/api/chat/${conversation.id}/messages`, { token: bob.token });
  assert.deepEqual(messages.at(-1).attachments, [], 'a deleted file leaves the message');
});

function tusUpload(user, data, options = {}) {
  return new tus.Upload(data, {
    endpoint: `${BASE_URL}/api/media/tus/`,
    headers: { Authorization: `Bearer ${user.token}` },
    metadata: { filename: 'movie.bin', filetype: 'application/octet-stream' },
    chunkSize: 256 * 1024,
    retryDelays: [],
    ...options,
  });
}

test('tus: the official tus-js-client uploads in chunks and resumes after a killed connection', async () => {
  const alice = await registerUser('alice');
  const data = Buffer.alloc(1024 * 1024 + 123);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
  // First attempt: stopped (the connection dropped) after the first chunk.
  let url;
  await new Promise((resolve, reject) => {
    const first = tusUpload(alice, data, {
      onChunkComplete: (_size, accepted) => {
        if (accepted >= 256 * 1024) {
          url = first.url;
          first.abort(false).then(resolve, reject); // the connection dropped: no termination
        }
      },
      onError: reject,
    });
    first.start();
  });
  assert.ok(url, 'the upload has a url');
  const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${alice.token}`, 'tus-resumable': '1.0.0' } });
  assert.equal(head.status, 200);
  const offset = Number(head.headers.get('upload-offset'));
  assert.ok(offset >= 256 * 1024 && offset < data.length, `offset ${offset}`);
  // Resumed from where the server is.
  const mediaId = await new Promise((resolve, reject) => {
    const second = tusUpload(alice, data, {
      uploadUrl: url,
      onSuccess: (payload) => resolve(payload?.lastResponse?.getHeader('Banter-Media-Id')),
      onError: reject,
    });
    second.start();
  });
  assert.ok(mediaId, 'the last response names the media');
  const got = await download(alice, mediaId);
  assert.equal(got.status, 200);
  assert.ok(got.bytes.equals(data), 'the resumed upload is the file');
  if (DATA_DIR) assert.equal(mediaFiles('partial').length, 0, 'the parts are gone');
});

test('tus: unknown and other users\' upload ids are 404; a wrong offset 409; termination; OPTIONS', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const tusHeaders = (user, extra = {}) => ({ authorization: `Bearer ${user.token}`, 'tus-resumable': '1.0.0', ...extra });
  const options = await fetch(`${BASE_URL}/api/media/tus/`, { method: 'OPTIONS' });
  assert.equal(options.status, 204);
  assert.equal(options.headers.get('tus-version'), '1.0.0');
  assert.match(options.headers.get('tus-extension'), /creation/);
  const created = await fetch(`${BASE_URL}/api/media/tus/`, { method: 'POST',
    headers: tusHeaders(alice, { 'upload-length': '10', 'upload-metadata': `filename ${Buffer.from('a.txt').toString('base64')}` }) });
  assert.equal(created.status, 201);
  const location = new URL(created.headers.get('location'), BASE_URL).href;
  for (const [user, where] of [[bob, location], [alice, `${BASE_URL}/api/media/tus/${'0'.repeat(32)}`], [alice, `${BASE_URL}/api/media/tus/zz`]]) {
    const head = await fetch(where, { method: 'HEAD', headers: tusHeaders(user) });
    assert.equal(head.status, 404, where);
    const patch = await fetch(where, { method: 'PATCH', body: Buffer.from('12345'),
      headers: tusHeaders(user, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }) });
    assert.equal(patch.status, 404, where);
  }
  const wrong = await fetch(location, { method: 'PATCH', body: Buffer.from('12345'),
    headers: tusHeaders(alice, { 'upload-offset': '3', 'content-type': 'application/offset+octet-stream' }) });
  assert.equal(wrong.status, 409);
  const badType = await fetch(location, { method: 'PATCH', body: Buffer.from('12345'),
    headers: tusHeaders(alice, { 'upload-offset': '0', 'content-type': 'text/plain' }) });
  assert.equal(badType.status, 415);
  const tooMuch = await fetch(location, { method: 'PATCH', body: Buffer.from('0123456789abc'),
    headers: tusHeaders(alice, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }) });
  assert.equal(tooMuch.status, 400);
  const version = await fetch(location, { method: 'HEAD', headers: tusHeaders(alice, { 'tus-resumable': '0.2.2' }) });
  assert.equal(version.status, 412);
  assert.equal((await fetch(location, { method: 'DELETE', headers: tusHeaders(bob) })).status, 404);
  assert.equal((await fetch(location, { method: 'DELETE', headers: tusHeaders(alice) })).status, 204);
  assert.equal((await fetch(location, { method: 'HEAD', headers: tusHeaders(alice) })).status, 404);
  const noLength = await fetch(`${BASE_URL}/api/media/tus/`, { method: 'POST', headers: tusHeaders(alice) });
  assert.equal(noLength.status, 400);
});

test('a group avatar is the setter\'s own upload; members read it, nobody else; someone else\'s upload is refused', async () => {
  const [alice, bob, mallory] = [await registerUser('alice'), await registerUser('bob'), await registerUser('mallory')];
  const room = await group(alice, [bob]);
  const secret = await upload(mallory, png(3, 3), { name: 'private.png', type: 'image/png' });
  await apiError('PUT', `/api/groups/${room.id}`, { token: alice.token, body: { avatarMediaId: secret.id } },
    { status: 400, code: 'validation_failed' });
  assert.equal((await download(alice, secret.id)).status, 404, 'still not alice\'s to read');
  const avatar = await upload(alice, png(6, 6), { name: 'avatar.png', type: 'image/png' });
  const { group: updated } = await apiExpect(200, 'PUT', `/api/groups/${room.id}`, { token: alice.token, body: { avatarMediaId: avatar.id } });
  assert.equal(updated.avatarMediaId, avatar.id);
  assert.equal((await download(bob, avatar.id)).status, 200, 'a member reads the avatar');
  assert.equal((await download(mallory, avatar.id)).status, 404);
});

test('curl -F uploads a file (multipart) as any shell script would', async () => {
  const alice = await registerUser('alice');
  const dir = mkdtempSync(join(tmpdir(), 'banter-curl-'));
  const path = join(dir, 'report 2026.txt');
  writeFileSync(path, 'quarterly numbers\n');
  const out = execFileSync('curl', ['-sS', '--max-time', '10', '-H', `Authorization: Bearer ${alice.token}`,
    '-F', `file=@${path};type=text/plain`, `${BASE_URL}/api/media/upload`], { encoding: 'utf8' });
  const { media } = JSON.parse(out);
  assert.equal(media.name, 'report 2026.txt');
  assert.equal(media.contentType, 'text/plain');
  assert.equal(media.size, 18);
  const got = await download(alice, media.id);
  assert.equal(got.bytes.toString(), 'quarterly numbers\n');
});
