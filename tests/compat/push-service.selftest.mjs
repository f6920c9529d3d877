// Self-test of lib/push-service.mjs against the npm web-push package as the sender (not a *.test.mjs: run-compat
// does not pick it up, it needs no banterd):  node --test tests/compat/push-service.selftest.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import { createPrivateKey, sign } from 'node:crypto';
import webpush from 'web-push';
import { startPushService } from './lib/push-service.mjs';

const SUBJECT = 'mailto:ops@example.test';

/**
 * web-push always sends with https.request; this agent (it must be an https.Agent) hands it a plain TCP socket,
 * so the same HTTP/1.1 request reaches the push service's http:// origin.
 */
class PlainHttpAgent extends https.Agent {
  createConnection(options) {
    return net.connect({ host: options.host, port: options.port });
  }
}
const agent = new PlainHttpAgent();

let push;
let vapid; // the "server's" VAPID key pair, published to the push service
before(async () => {
  push = await startPushService();
  vapid = webpush.generateVAPIDKeys();
  push.setVapidPublicKey(vapid.publicKey);
});
after(async () => {
  await push.close();
  agent.destroy();
});

function send(subscription, payload, options = {}) {
  return webpush.sendNotification(subscription, typeof payload === 'string' ? payload : JSON.stringify(payload), {
    vapidDetails: { subject: SUBJECT, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: 60,
    urgency: 'high',
    contentEncoding: 'aes128gcm',
    agent,
    ...options,
  });
}

/** Asserts that `promise` rejects with a WebPushError carrying `status`; returns the error. */
async function rejectsWith(promise, status) {
  let caught;
  await assert.rejects(promise, (err) => {
    caught = err;
    return err instanceof webpush.WebPushError && err.statusCode === status;
  }, `expected a WebPushError with statusCode ${status}`);
  return caught;
}

/** A VAPID Authorization header with any claims, signed ES256 with a web-push key pair (base64url d and point). */
function vapidHeader(claims, { publicKey, privateKey }, k = publicKey) {
  const point = Buffer.from(publicKey, 'base64url');
  const key = createPrivateKey({
    key: {
      kty: 'EC', crv: 'P-256', d: privateKey,
      x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc({ typ: 'JWT', alg: 'ES256' })}.${enc(claims)}`;
  const sig = sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `vapid t=${data}.${sig}, k=${k}`;
}

const nowS = () => Math.floor(Date.now() / 1000);

/** The last recorded request for `endpoint`. */
const last = (endpoint) => push.receivedFor(endpoint).at(-1);

/** A raw POST (headers and body from web-push's generateRequestDetails, then altered) → {status, text}. */
async function rawPost(url, { headers, body, method = 'POST' }) {
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(5000) });
  return { status: res.status, text: await res.text() };
}
function requestDetails(subscription, payload) {
  const d = webpush.generateRequestDetails(subscription, JSON.stringify(payload), {
    vapidDetails: { subject: SUBJECT, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: 30, contentEncoding: 'aes128gcm',
  });
  const headers = {};
  for (const [name, value] of Object.entries(d.headers)) if (name !== 'Content-Length') headers[name] = String(value);
  return { headers, body: d.body };
}

test('subscribe() gives a browser-like subscription: P-256 point, 16 auth bytes, unique endpoint', () => {
  const a = push.subscribe();
  const b = push.subscribe();
  assert.match(a.endpoint, new RegExp(`^${push.origin}/push/[A-Za-z0-9_-]+$`));
  assert.notEqual(a.endpoint, b.endpoint);
  const p256dh = Buffer.from(a.keys.p256dh, 'base64url');
  assert.equal(p256dh.length, 65);
  assert.equal(p256dh[0], 0x04);
  assert.equal(Buffer.from(a.keys.auth, 'base64url').length, 16);
  assert.match(a.keys.p256dh + a.keys.auth, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  assert.notEqual(a.keys.auth, b.keys.auth);
});

test('a web-push delivery is accepted (201 + Location) and decrypts to the JSON that was sent', async () => {
  const sub = push.subscribe();
  const payload = { type: 'message', conversationId: 'c-1', body: 'héllo ✓', n: 1 };
  const res = await send(sub, payload, { topic: 'conv-c1' });
  assert.equal(res.statusCode, 201);
  assert.match(res.headers.location, new RegExp(`^${push.origin}/message/\\d+$`));
  const [got] = await push.waitFor(sub.endpoint, 1, 2000);
  assert.deepEqual(got.payload, payload);
  assert.equal(got.status, 201);
  assert.equal(got.error, undefined);
  assert.deepEqual(got.headers, { ttl: 60, urgency: 'high', topic: 'conv-c1', contentEncoding: 'aes128gcm' });
  assert.equal(got.vapid.aud, push.origin);
  assert.equal(got.vapid.sub, SUBJECT);
  assert.equal(got.vapid.publicKey, vapid.publicKey);
  assert.ok(got.vapid.exp > nowS() && got.vapid.exp <= nowS() + 24 * 3600, `exp ${got.vapid.exp}`);
  assert.ok(Math.abs(got.at - Date.now()) < 5000);

  // A non-JSON payload comes back as a string, a 3000-byte one whole; waitFor gives the first `count`.
  await send(sub, 'plain text, not JSON');
  const big = { text: 'x'.repeat(3000) };
  await send(sub, big);
  const three = await push.waitFor(sub.endpoint, 3, 2000);
  assert.deepEqual(three.map((r) => r.payload), [payload, 'plain text, not JSON', big]);
  assert.equal(push.receivedFor(sub.endpoint).length, 3);
  assert.ok(push.received.includes(three[1]));
});

test('respondWith: 404, 410, 429 (Retry-After), 500 come back as WebPushError; then 201 again', async () => {
  for (const status of [404, 410, 429, 500]) {
    const sub = push.subscribe();
    push.respondWith(sub.endpoint, status);
    const err = await rejectsWith(send(sub, { status }), status);
    if (status === 429) assert.equal(err.headers['retry-after'], '1');
    const rec = last(sub.endpoint);
    assert.equal(rec.status, status);
    assert.deepEqual(rec.payload, { status }, 'the refused push was still decrypted and recorded');
    assert.equal((await send(sub, { after: status })).statusCode, 201, 'one answer per respondWith');
    const [ok] = await push.waitFor(sub.endpoint, 1, 2000);
    assert.deepEqual(ok.payload, { after: status });
  }
});

test('respondWith a list queues one answer per request; sticky keeps the last one', async () => {
  const sub = push.subscribe();
  push.respondWith(sub.endpoint, [500, { status: 429, retryAfter: 7 }, 201, 410]);
  await rejectsWith(send(sub, { i: 1 }), 500);
  const e429 = await rejectsWith(send(sub, { i: 2 }), 429);
  assert.equal(e429.headers['retry-after'], '7');
  assert.equal((await send(sub, { i: 3 })).statusCode, 201);
  await rejectsWith(send(sub, { i: 4 }), 410);
  assert.equal((await send(sub, { i: 5 })).statusCode, 201);
  assert.deepEqual(push.receivedFor(sub.endpoint).map((r) => [r.status, r.payload.i]),
    [[500, 1], [429, 2], [201, 3], [410, 4], [201, 5]]);
  assert.deepEqual((await push.waitFor(sub.endpoint, 2, 2000)).map((r) => r.payload.i), [3, 5]);

  const gone = push.subscribe();
  push.respondWith(gone.endpoint, 410, { sticky: true });
  for (let i = 0; i < 3; i++) await rejectsWith(send(gone, { i }), 410);

  assert.throws(() => push.respondWith(sub.endpoint, 302), /201, 404, 410, 429 or 500/);
  assert.throws(() => push.respondWith(`${push.origin}/push/nope`, 404), /not an endpoint/);
});

test('VAPID: a key pair other than the published one is refused (403)', async () => {
  const sub = push.subscribe();
  const other = webpush.generateVAPIDKeys();
  await rejectsWith(send(sub, { x: 1 }, {
    vapidDetails: { subject: SUBJECT, publicKey: other.publicKey, privateKey: other.privateKey },
  }), 403);
  const rec = last(sub.endpoint);
  assert.equal(rec.status, 403);
  assert.match(rec.error, /^vapid: k= is not the published VAPID public key/);
  assert.equal(rec.vapid.publicKey, other.publicKey);
});

test('VAPID: the published k= with a JWT signed by another key is refused (401)', async () => {
  const sub = push.subscribe();
  const other = webpush.generateVAPIDKeys();
  const { headers, body } = requestDetails(sub, { x: 1 });
  headers.Authorization = vapidHeader({ aud: push.origin, exp: nowS() + 600, sub: SUBJECT }, other, vapid.publicKey);
  const res = await rawPost(sub.endpoint, { headers, body });
  assert.equal(res.status, 401);
  assert.match(last(sub.endpoint).error, /signature does not verify/);
  // The same claims signed with the published key's private half pass: the crafting above is sound.
  headers.Authorization = vapidHeader({ aud: push.origin, exp: nowS() + 600, sub: SUBJECT }, vapid);
  assert.equal((await rawPost(sub.endpoint, { headers, body })).status, 201);
  assert.deepEqual((await push.waitFor(sub.endpoint, 1, 2000))[0].payload, { x: 1 });
});

test('VAPID: an expired JWT (web-push getVapidHeaders with a past expiration) is refused (401)', async () => {
  const sub = push.subscribe();
  const exp = nowS() - 60;
  const expired = webpush.getVapidHeaders(push.origin, SUBJECT, vapid.publicKey, vapid.privateKey, 'aes128gcm', exp);
  await rejectsWith(send(sub, { x: 1 }, { vapidDetails: null, headers: { Authorization: expired.Authorization } }), 401);
  const rec = last(sub.endpoint);
  assert.match(rec.error, /^vapid: the JWT expired: exp \d+ is \d+ s in the past/);
  assert.equal(rec.vapid.exp, exp);
});

test('VAPID: wrong aud, exp more than 24 h ahead, missing or bad sub, no Authorization: each refused (401)', async () => {
  const cases = [
    [{ aud: 'http://push.example.test', exp: nowS() + 600, sub: SUBJECT }, /aud is "http:\/\/push.example.test", not/],
    [{ aud: `${push.origin}/`, exp: nowS() + 600, sub: SUBJECT }, /aud is .*, not the push service's origin/],
    [{ aud: push.origin, exp: nowS() + 24 * 3600 + 120, sub: SUBJECT }, /more than 24 h/],
    [{ aud: push.origin, exp: String(nowS() + 600), sub: SUBJECT }, /exp is ".*", not a number/],
    [{ aud: push.origin, exp: nowS() + 600 }, /no sub claim/],
    [{ aud: push.origin, exp: nowS() + 600, sub: 'ops@example.test' }, /not a mailto: or https: URL/],
    [null, /no Authorization header/],
  ];
  for (const [claims, error] of cases) {
    const sub = push.subscribe();
    const { headers, body } = requestDetails(sub, { x: 1 });
    if (claims === null) delete headers.Authorization;
    else headers.Authorization = vapidHeader(claims, vapid);
    const res = await rawPost(sub.endpoint, { headers, body });
    assert.equal(res.status, 401, `${JSON.stringify(claims)} -> ${res.status} ${res.text}`);
    assert.match(last(sub.endpoint).error, error);
  }
  // exactly 24 h ahead is allowed
  const sub = push.subscribe();
  const { headers, body } = requestDetails(sub, { x: 1 });
  headers.Authorization = vapidHeader({ aud: push.origin, exp: nowS() + 24 * 3600, sub: 'https://banter.example/' }, vapid);
  assert.equal((await rawPost(sub.endpoint, { headers, body })).status, 201, last(sub.endpoint).error);
});

test('RFC 8030/8291 checks: no TTL, no aes128gcm, undecryptable body → 400; GET or unknown endpoint → 404', async () => {
  const sub = push.subscribe();
  const other = push.subscribe();
  const check = async (url, request, status, error) => {
    const res = await rawPost(url, request);
    assert.equal(res.status, status, res.text);
    const rec = push.received.at(-1);
    assert.equal(rec.status, status);
    assert.match(rec.error, error);
  };
  let r = requestDetails(sub, { x: 1 });
  delete r.headers.TTL;
  await check(sub.endpoint, r, 400, /no TTL header/);
  r = requestDetails(sub, { x: 1 });
  delete r.headers['Content-Encoding'];
  await check(sub.endpoint, r, 400, /Content-Encoding is undefined, not "aes128gcm"/);
  r = requestDetails(sub, { x: 1 });
  r.headers['Content-Encoding'] = 'aesgcm';
  await check(sub.endpoint, r, 400, /Content-Encoding is "aesgcm"/);
  r = requestDetails(other, { x: 1 }); // encrypted to another subscription's keys
  await check(sub.endpoint, r, 400, /does not decrypt with the subscription's keys/);
  r = requestDetails(sub, { x: 1 });
  r.body = Buffer.from(r.body);
  r.body[r.body.length - 1] ^= 1; // a flipped bit in the GCM tag
  await check(sub.endpoint, r, 400, /does not decrypt/);
  r = requestDetails(sub, { x: 1 });
  r.headers.Urgency = 'urgent';
  await check(sub.endpoint, r, 400, /Urgency header "urgent"/);
  await check(sub.endpoint, { method: 'GET', headers: {} }, 404, /GET is not a push/);
  await check(`${push.origin}/push/unknown`, requestDetails(sub, { x: 1 }), 404, /no subscription at \/push\/unknown/);
  await check(`${push.origin}/elsewhere`, requestDetails(sub, { x: 1 }), 404, /no subscription/);
  // A refused request does not use up a queued answer.
  push.respondWith(sub.endpoint, 429);
  r = requestDetails(sub, { x: 2 });
  delete r.headers.TTL;
  await check(sub.endpoint, r, 400, /no TTL/);
  await rejectsWith(send(sub, { x: 3 }), 429);
  assert.equal(push.receivedFor(sub.endpoint).filter((e) => e.status === 201).length, 0);
});

test('waitFor rejects with a clear message on timeout', async () => {
  const sub = push.subscribe();
  push.respondWith(sub.endpoint, 500);
  await rejectsWith(send(sub, { x: 1 }), 500);
  await send(sub, { x: 2 });
  await assert.rejects(push.waitFor(sub.endpoint, 2, 200),
    new RegExp(`waited 200 ms for 2 accepted deliveries to ${sub.endpoint}; got 1 \\(2 requests: 500, 201\\)`));
  assert.throws(() => push.waitFor('http://elsewhere.test/push/x', 1, 10), /not an endpoint of this push service/);
});

test('without a published key, pushes without VAPID are accepted; a VAPID header present is still checked', async () => {
  const svc = await startPushService();
  try {
    const sub = svc.subscribe();
    assert.equal((await send(sub, { plain: true }, { vapidDetails: null })).statusCode, 201);
    const [got] = await svc.waitFor(sub.endpoint, 1, 2000);
    assert.deepEqual(got.payload, { plain: true });
    assert.equal(got.vapid, null);
    // signed for the other service's origin
    await rejectsWith(send(sub, { x: 1 }, {
      vapidDetails: null,
      headers: { Authorization: vapidHeader({ aud: push.origin, exp: nowS() + 60, sub: SUBJECT }, vapid) },
    }), 401);
    assert.match(svc.receivedFor(sub.endpoint).at(-1).error, /aud is/);
    // A waitFor pending at close() is rejected.
    const pending = svc.waitFor(sub.endpoint, 5, 10_000);
    await svc.close();
    await assert.rejects(pending, /closed while waiting/);
  } finally {
    await svc.close().catch(() => {});
  }
});
