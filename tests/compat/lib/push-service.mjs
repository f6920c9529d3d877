// A real Web Push service for the tests (issue #12): a small HTTP server that plays the push service.
//
//   RFC 8030  delivery: POST to the subscription's endpoint with a TTL header (Urgency, Topic optional);
//             201 Created with a Location when accepted.
//   RFC 8291  the body is encrypted with Content-Encoding: aes128gcm to the subscription's P-256 key and auth
//             secret; this service holds the private halves (as a browser would) and decrypts with http_ece.
//   RFC 8292  VAPID: Authorization: vapid t=<JWT, ES256>, k=<base64url uncompressed P-256 public key>; the JWT's
//             aud is the endpoint's origin, exp is in the future and at most 24 h ahead, sub a mailto:/https: URL.
//
// Every request is recorded (`received`), whatever it was answered. See tests/compat/README.md.
import http from 'node:http';
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import ece from 'http_ece';

/** The answers respondWith() may queue. */
const ANSWERS = new Set([201, 404, 410, 429, 500]);
/** RFC 8030 section 7.2 / RFC 8291 section 4: push services need not take more than 4096 octets of body. */
const MAX_BODY = 4096;
/** RFC 8292 section 2: exp no more than 24 hours from the time of the request. */
const MAX_EXP_AHEAD_S = 24 * 60 * 60;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);
const REASONS = { 201: 'Created', 404: 'Not Found', 410: 'Gone', 429: 'Too Many Requests', 500: 'Internal Server Error' };

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const isB64u = (s) => typeof s === 'string' && /^[A-Za-z0-9_-]+$/.test(s);

/** A VAPID verification failure: answered with `status` (401, or 403 for a key that is not the published one). */
class VapidError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** `vapid t=..., k=...` → { t, k } (auth-params, values optionally quoted), or throws VapidError. */
function parseVapidAuthorization(value) {
  const m = /^vapid\s+(.*)$/is.exec(value.trim());
  if (!m) throw new VapidError(401, `Authorization scheme is not "vapid": ${JSON.stringify(value.slice(0, 40))}`);
  const params = {};
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    params[name] = v;
  }
  if (!params.t) throw new VapidError(401, 'Authorization: vapid has no t= (the JWT)');
  if (!params.k) throw new VapidError(401, 'Authorization: vapid has no k= (the public key)');
  return params;
}

/** A KeyObject from a base64url uncompressed P-256 point (65 bytes, 0x04 || x || y), or throws VapidError. */
function publicKeyFromPoint(k) {
  const raw = isB64u(k) ? Buffer.from(k, 'base64url') : Buffer.alloc(0);
  if (raw.length !== 65 || raw[0] !== 0x04) {
    throw new VapidError(401, `k= is not a base64url uncompressed P-256 point (65 bytes starting 0x04): ${k}`);
  }
  try {
    return createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) },
      format: 'jwk',
    });
  } catch (err) {
    throw new VapidError(401, `k= is not a point on P-256: ${err.message}`);
  }
}

/**
 * Checks the VAPID Authorization header. Fills `vapid` ({aud, exp, sub, publicKey}) with whatever could be read,
 * then throws VapidError on the first failed check. `published` is the server's published key (base64url) or null.
 */
function checkVapid(authorization, { audience, published, vapid }) {
  const { t, k } = parseVapidAuthorization(authorization);
  vapid.publicKey = k;
  const parts = t.split('.');
  if (parts.length !== 3 || !parts.every(isB64u)) throw new VapidError(401, 'the JWT is not three base64url parts');
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch (err) {
    throw new VapidError(401, `the JWT's header or claims are not JSON: ${err.message}`);
  }
  if (claims === null || typeof claims !== 'object') throw new VapidError(401, 'the JWT claims are not an object');
  vapid.aud = claims.aud;
  vapid.exp = claims.exp;
  vapid.sub = claims.sub;

  if (published !== null && k !== published) {
    throw new VapidError(403, `k= is not the published VAPID public key (k=${k}, published ${published})`);
  }
  if (header?.alg !== 'ES256') throw new VapidError(401, `the JWT alg is ${JSON.stringify(header?.alg)}, not "ES256"`);
  const key = publicKeyFromPoint(k);
  const sig = Buffer.from(parts[2], 'base64url');
  if (sig.length !== 64) throw new VapidError(401, `the JWT signature is ${sig.length} bytes, not 64 (r || s)`);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, sig)) {
    throw new VapidError(401, 'the JWT signature does not verify with the k= public key');
  }
  if (claims.aud !== audience) {
    throw new VapidError(401, `the JWT aud is ${JSON.stringify(claims.aud)}, not the push service's origin ${audience}`);
  }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw new VapidError(401, `the JWT exp is ${JSON.stringify(claims.exp)}, not a number of seconds`);
  }
  const nowMs = Date.now();
  if (claims.exp * 1000 <= nowMs) {
    throw new VapidError(401, `the JWT expired: exp ${claims.exp} is ${Math.round(nowMs / 1000 - claims.exp)} s in the past`);
  }
  // ceil: a token made in this same second with exp = now + 24 h is accepted.
  const ahead = claims.exp - Math.ceil(nowMs / 1000);
  if (ahead > MAX_EXP_AHEAD_S) {
    throw new VapidError(401, `the JWT exp ${claims.exp} is ${ahead} s ahead, more than 24 h (${MAX_EXP_AHEAD_S} s)`);
  }
  if (claims.sub === undefined) throw new VapidError(401, 'the JWT has no sub claim');
  if (typeof claims.sub !== 'string' || !/^(mailto:.+|https:\/\/.+)$/.test(claims.sub)) {
    throw new VapidError(401, `the JWT sub is ${JSON.stringify(claims.sub)}, not a mailto: or https: URL`);
  }
}

/** Decrypted body → parsed JSON when it is JSON, else the UTF-8 string. */
function decodePayload(plain) {
  const text = plain.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An answer from respondWith: 201 | 404 | 410 | 429 | 500, or {status, retryAfter} (seconds, for 429). */
function normalizeAnswer(a) {
  const answer = typeof a === 'number' ? { status: a } : { ...a };
  if (!ANSWERS.has(answer.status)) {
    throw new Error(`push-service: respondWith takes 201, 404, 410, 429 or 500, not ${JSON.stringify(a)}`);
  }
  if (answer.status === 429 && answer.retryAfter === undefined) answer.retryAfter = 1;
  return answer;
}

/**
 * Starts the push service on host:0. Resolves to the API described in tests/compat/README.md:
 * { origin, subscribe, respondWith, received, receivedFor, waitFor, setVapidPublicKey, close }.
 */
export async function startPushService({ host = '127.0.0.1', verifyEvery = 1 } = {}) {
  // verifyEvery > 1 (benchmarks): only every Nth request has its VAPID JWT verified and its body decrypted, so
  // that the service keeps up with thousands of pushes a second on the machine that sends them; the others are
  // counted and accepted (entry.sampled false, payload null).
  let requests = 0;
  /** id → { endpoint, ecdh, auth: Buffer, queue: answer[], sticky: answer|null } */
  const subscriptions = new Map();
  const received = [];
  /** { endpoint, count, resolve } */
  const waiters = [];
  let publishedKey = null;
  let origin = '';
  let nextMessage = 1;

  const accepted = (endpoint) => received.filter((r) => r.endpoint === endpoint && r.status === 201);

  function record(entry) {
    received.push(entry);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      const got = accepted(w.endpoint);
      if (got.length >= w.count) {
        waiters.splice(i, 1);
        w.resolve(got.slice(0, w.count));
      }
    }
  }

  function handle(req, res, body) {
    const url = new URL(req.url, origin);
    const m = /^\/push\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    const sub = m ? subscriptions.get(m[1]) : undefined;
    const endpoint = sub ? sub.endpoint : origin + req.url;
    const h = req.headers;
    const entry = {
      endpoint,
      status: 0,
      headers: {
        ttl: h.ttl === undefined ? undefined : /^\d+$/.test(h.ttl) ? Number(h.ttl) : h.ttl,
        urgency: h.urgency,
        topic: h.topic,
        contentEncoding: h['content-encoding'],
      },
      vapid: null,
      payload: null,
      at: Date.now(),
    };
    let status = 0;
    let error;
    const fail = (s, message) => {
      if (!status) [status, error] = [s, message];
    };

    if (!sub) fail(404, `no subscription at ${url.pathname}`);
    else if (req.method !== 'POST') fail(404, `${req.method} is not a push (only POST is)`);

    entry.sampled = verifyEvery <= 1 || ++requests % verifyEvery === 0;
    if (sub && req.method === 'POST' && entry.sampled) {
      // RFC 8292: the push service authenticates first.
      if (h.authorization !== undefined) {
        entry.vapid = { aud: undefined, exp: undefined, sub: undefined, publicKey: undefined };
        try {
          checkVapid(h.authorization, { audience: origin, published: publishedKey, vapid: entry.vapid });
        } catch (err) {
          if (!(err instanceof VapidError)) throw err;
          fail(err.status, `vapid: ${err.message}`);
        }
      } else if (publishedKey !== null) {
        fail(401, 'vapid: no Authorization header (a VAPID public key is published)');
      }
      if (body.length > MAX_BODY) fail(413, `the body is ${body.length} bytes, more than ${MAX_BODY}`);
      if (h.ttl === undefined) fail(400, 'no TTL header (RFC 8030 section 5.2)');
      else if (!/^\d+$/.test(h.ttl)) fail(400, `the TTL header ${JSON.stringify(h.ttl)} is not a non-negative integer`);
      if (h.urgency !== undefined && !URGENCIES.has(h.urgency)) {
        fail(400, `the Urgency header ${JSON.stringify(h.urgency)} is not very-low, low, normal or high`);
      }
      if (h.topic !== undefined && !(isB64u(h.topic) && h.topic.length <= 32)) {
        fail(400, `the Topic header ${JSON.stringify(h.topic)} is not 1-32 base64url characters (RFC 8030 section 5.4)`);
      }
      // A push without a body (RFC 8030 allows it) has payload null; a body must be aes128gcm to the subscription.
      if (body.length > 0) {
        if (h['content-encoding'] !== 'aes128gcm') {
          fail(400, `Content-Encoding is ${JSON.stringify(h['content-encoding'])}, not "aes128gcm" (RFC 8291)`);
        } else {
          try {
            entry.payload = decodePayload(ece.decrypt(body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.auth }));
          } catch (err) {
            fail(400, `the body does not decrypt with the subscription's keys: ${err.message}`);
          }
        }
      }
    }

    let answer = { status: 201 };
    if (!status) {
      answer = sub.queue.length > 0 ? sub.queue.shift() : sub.sticky ?? answer;
      status = answer.status;
    }
    entry.status = status;
    if (error !== undefined) entry.error = error;
    record(entry);

    const headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (status === 201) {
      headers.location = `${origin}/message/${nextMessage++}`;
      headers.ttl = String(entry.headers.ttl);
    }
    if (status === 429) headers['retry-after'] = String(answer.retryAfter);
    if (status === 401) headers['www-authenticate'] = 'vapid';
    res.writeHead(status, REASONS[status], headers);
    res.end(error ?? '');
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c); // anything past 1 MiB is dropped (and answered 413)
    });
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (err) {
        record({ endpoint: origin + req.url, status: 500, headers: {}, vapid: null, payload: null, at: Date.now(),
          error: `push-service bug: ${err.stack}` });
        res.writeHead(500).end(String(err));
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const lookup = (endpoint) => {
    const m = typeof endpoint === 'string' && endpoint.startsWith(`${origin}/push/`) ? endpoint.slice(origin.length + 6) : null;
    const sub = m !== null ? subscriptions.get(m) : undefined;
    if (!sub) throw new Error(`push-service: ${JSON.stringify(endpoint)} is not an endpoint of this push service`);
    return sub;
  };

  return {
    origin,

    /** A browser-like subscription (PushSubscription.toJSON()): { endpoint, keys: { p256dh, auth } }. */
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomBytes(12).toString('base64url');
      const endpoint = `${origin}/push/${id}`;
      subscriptions.set(id, { endpoint, ecdh, auth, queue: [], sticky: null });
      return { endpoint, expirationTime: null, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
    },

    /**
     * Answers the next request to `endpoint` with a status (201, 404, 410, 429, 500, or {status: 429, retryAfter}),
     * or the next requests with a list, one each; 201 after that. { sticky: true } keeps answering the last one.
     * Requests refused by a check (400/401/403/413) do not use up an answer.
     */
    respondWith(endpoint, statusOrList, { sticky = false } = {}) {
      const sub = lookup(endpoint);
      const answers = (Array.isArray(statusOrList) ? statusOrList : [statusOrList]).map(normalizeAnswer);
      sub.queue.push(...answers);
      if (sticky && answers.length > 0) sub.sticky = answers[answers.length - 1];
    },

    /** Every request, in order of arrival. */
    received,

    receivedFor(endpoint) {
      return received.filter((r) => r.endpoint === endpoint);
    },

    /** Resolves with `endpoint`'s first `count` accepted (201) deliveries; rejects after timeoutMs. */
    waitFor(endpoint, count = 1, timeoutMs = 10_000) {
      lookup(endpoint);
      const got = accepted(endpoint);
      if (got.length >= count) return Promise.resolve(got.slice(0, count));
      return new Promise((resolve, reject) => {
        const waiter = { endpoint, count, resolve: null, reject: null };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const all = received.filter((r) => r.endpoint === endpoint);
          const seen = all.map((r) => (r.error ? `${r.status} (${r.error})` : String(r.status))).join(', ');
          reject(new Error(`push-service: waited ${timeoutMs} ms for ${count} accepted deliveries to ${endpoint}; `
            + `got ${accepted(endpoint).length} (${all.length} requests${all.length ? `: ${seen}` : ''})`));
        }, timeoutMs);
        waiter.resolve = (v) => { clearTimeout(timer); resolve(v); };
        waiter.reject = (e) => { clearTimeout(timer); reject(e); };
        waiters.push(waiter);
      });
    },

    /** The server's published VAPID key (base64url uncompressed point); null stops requiring VAPID. */
    setVapidPublicKey(base64url) {
      if (base64url !== null) publicKeyFromPoint(base64url); // throws on a malformed key
      publishedKey = base64url;
    },

    async close() {
      for (const w of waiters.splice(0)) w.reject(new Error(`push-service: closed while waiting for ${w.endpoint}`));
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
