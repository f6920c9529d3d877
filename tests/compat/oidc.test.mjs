// Sign-in with OpenID Connect providers (issue #15) against a real provider: oidc-provider on 127.0.0.1
// (lib/oidc-provider.mjs), and a banterd of this test's own (it must start with --dev and the provider's issuer),
// on the suite's database. ID tokens come from the provider itself (its code flow, driven through its login and
// consent pages) or are minted here with its keys, or with keys it never published.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeKey, mintIdToken, pkce, startProvider } from './lib/oidc-provider.mjs';
import { freePort } from './lib/ports.mjs';

const runnable = Boolean(process.env.BANTERD && process.env.BANTER_TEST_DATABASE_URL)
  && process.env.BANTER_TRANSPORTS !== 'polling'; // no sockets here: once per ./dev test is enough
const skip = runnable ? false : 'needs BANTERD and BANTER_TEST_DATABASE_URL (run-compat sets them)';

const CLIENT_ID = 'banter-web';
const CLIENT_SECRET = 'web secret +/&= with reserved characters';
const APP = 'http://127.0.0.1:9/app/signed-in'; // the allow-listed redirect; nothing listens there
const unique = (prefix) => `${prefix}-${randomBytes(4).toString('hex')}`;

let op; let banterd; let base; let rsa1; let ec1;

async function call(method, path, { body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method, headers, redirect: 'manual', body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { unparsed: text }; }
  return { status: res.status, body: json, location: res.headers.get('location'), headers: res.headers };
}

async function expectError(res, status, code, what) {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.error?.code, code, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body.error.message, 'string');
}

/** An ID token issued by the provider to our client, as a mobile app gets one: its code flow with PKCE. */
async function providerIdToken(accountId, nonce = unique('n')) {
  const { verifier, challenge } = pkce();
  const auth = new URL(`${op.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: CLIENT_ID, response_type: 'code', scope: 'openid email profile', redirect_uri: APP,
    state: unique('s'), nonce, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  const back = new URL(await op.signIn(auth.toString(), accountId));
  const code = back.searchParams.get('code');
  assert.ok(code, `the provider sent no code: ${back}`);
  const basic = Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
  const res = await fetch(`${op.issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: APP, code_verifier: verifier }),
  });
  const tokens = await res.json();
  assert.equal(res.status, 200, JSON.stringify(tokens));
  return { idToken: tokens.id_token, nonce };
}

/** A token minted with key (the provider's or not), valid unless claims say otherwise. */
async function minted(key, claims = {}, options = {}) {
  const now = Math.floor(Date.now() / 1000);
  const nonce = unique('n');
  const idToken = await mintIdToken(key, {
    iss: op.issuer, aud: CLIENT_ID, sub: unique('minted'), iat: now, exp: now + 300, nonce,
    email: 'minted@example.org', email_verified: true, ...claims,
  }, options);
  return { idToken, nonce };
}

const header = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());

function totp(secretBase32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function fragmentOf(location) {
  const url = new URL(location);
  return Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
}

before(async () => {
  if (skip) return;
  rsa1 = await makeKey('RS256', 'rsa-1');
  ec1 = await makeKey('ES256', 'ec-1');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  op = await startProvider({
    keys: [rsa1, ec1],
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
      redirect_uris: [`${base}/api/auth/oidc/test/callback`, APP] }],
  });
  // One provider through flags, the same issuer as the preset path "google" (its issuer overridden), and one
  // through the environment: identities are per issuer, whichever name they come through.
  process.env.BANTER_OIDC_ENVTEST_ISSUER = op.issuer;
  process.env.BANTER_OIDC_ENVTEST_CLIENT_ID = CLIENT_ID;
  const { startBanterd } = await import('./hardening/banterd.mjs');
  banterd = await startBanterd(['--dev', '--port', String(port), '--public-url', base,
    '--oidc', `test/issuer=${op.issuer}`, '--oidc', `test/client-id=${CLIENT_ID}`,
    '--oidc', `test/client-secret=${CLIENT_SECRET}`,
    '--oidc', `google/issuer=${op.issuer}`, '--oidc', `google/client-id=${CLIENT_ID}`,
    '--oidc-redirects', APP, '--oidc-jwks-refresh-ms', '2000']);
});

after(async () => {
  if (banterd) {
    banterd.assertHealthy('at the end of the OIDC tests');
    assert.ok(!banterd.log.includes(CLIENT_SECRET), 'the client secret is never logged');
    await banterd.stop();
  }
  if (op) await op.close();
});

test('a provider that is not configured answers 503 not_configured', { skip }, async () => {
  await expectError(await call('POST', '/api/auth/facebook', { body: { idToken: 'x.y.z' } }), 503, 'not_configured', 'facebook');
  await expectError(await call('POST', '/api/auth/oidc/nosuch', { body: { idToken: 'x.y.z' } }), 503, 'not_configured', 'nosuch');
  await expectError(await call('GET', `/api/auth/oidc/nosuch/start?redirect=${encodeURIComponent(APP)}`), 503, 'not_configured', 'start');
  await expectError(await call('POST', '/api/auth/oidc/test', { body: { nonce: 'n' } }), 400, 'validation_failed', 'no idToken');
});

test('first sign-in with the provider\'s RS256 token creates an account; later sign-ins find it, by any name of the issuer', { skip }, async () => {
  const account = unique('alice');
  const first = await providerIdToken(account);
  assert.equal(header(first.idToken).alg, 'RS256');
  assert.equal(header(first.idToken).kid, 'rsa-1');
  const res = await call('POST', '/api/auth/oidc/test', { body: first });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.user.username, account, 'preferred_username becomes the username');
  assert.equal(res.body.user.displayName, `Person ${account}`);
  assert.equal(typeof res.body.token, 'string');
  assert.equal(typeof res.body.refreshToken, 'string');
  const profile = await call('GET', '/api/users/profile', { token: res.body.token });
  assert.equal(profile.status, 200);
  assert.equal(profile.body.user.id, res.body.user.id);
  const refreshed = await call('POST', '/api/auth/refresh-token', { body: { refreshToken: res.body.refreshToken } });
  assert.equal(refreshed.status, 200, 'a refresh token like any other');

  for (const path of ['/api/auth/oidc/test', '/api/auth/google', '/api/auth/oidc/envtest']) {
    const again = await call('POST', path, { body: await providerIdToken(account) });
    assert.equal(again.status, 200, `${path}: ${JSON.stringify(again.body)}`);
    assert.equal(again.body.user.id, res.body.user.id, `${path}: the same account`);
  }
  // The account has no password: logging in with any is refused like a wrong one.
  await expectError(await call('POST', '/api/auth/login', { body: { username: account, password: 'anything at all' } }),
    401, 'invalid_credentials', 'password login to an OIDC-only account');
});

test('an ES256 token verifies against the provider\'s EC key', { skip }, async () => {
  const token = await minted(ec1, { sub: unique('es') });
  assert.equal(header(token.idToken).alg, 'ES256');
  const res = await call('POST', '/api/auth/oidc/test', { body: token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
});

test('wrong aud, wrong iss, expired, bad signature and alg none are 401 unauthorized', { skip }, async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases = {
    'wrong aud': await minted(rsa1, { aud: 'someone-else' }),
    'wrong iss': await minted(rsa1, { iss: 'http://127.0.0.1:1' }),
    expired: await minted(rsa1, { iat: now - 3600, exp: now - 600 }),
    'issued in the future': await minted(ec1, { iat: now + 3600, exp: now + 7200 }),
  };
  const good = await minted(rsa1);
  const [h, p, s] = good.idToken.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[10] ^= 1;
  cases['bad signature'] = { idToken: `${h}.${p}.${sig.toString('base64url')}`, nonce: good.nonce };
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const otherSub = Buffer.from(JSON.stringify({ ...claims, sub: 'someone' })).toString('base64url');
  cases['payload changed after signing'] = { idToken: `${h}.${otherSub}.${s}`, nonce: good.nonce };
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  cases['alg none'] = { idToken: `${none}.${p}.`, nonce: good.nonce };
  const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'rsa-1' })).toString('base64url');
  cases['HS256 with the RSA key id'] = { idToken: `${hs}.${p}.${createHmac('sha256', 'x').update(`${hs}.${p}`).digest('base64url')}`, nonce: good.nonce };
  cases['not a JWT'] = { idToken: 'not-a-token' };
  cases['nonce not the one given'] = { idToken: good.idToken, nonce: 'another nonce' };
  for (const [what, body] of Object.entries(cases)) {
    await expectError(await call('POST', '/api/auth/oidc/test', { body }), 401, 'unauthorized', what);
  }
  // The untouched token still works (none of the above consumed its nonce).
  assert.equal((await call('POST', '/api/auth/oidc/test', { body: good })).status, 200);
});

test('a replayed nonce is refused, with or without the nonce given', { skip }, async () => {
  const token = await providerIdToken(unique('replay'));
  assert.equal((await call('POST', '/api/auth/oidc/test', { body: token })).status, 200);
  await expectError(await call('POST', '/api/auth/oidc/test', { body: token }), 401, 'unauthorized', 'replay');
  await expectError(await call('POST', '/api/auth/oidc/test', { body: { idToken: token.idToken } }), 401, 'unauthorized', 'replay without nonce');
  await expectError(await call('POST', '/api/auth/google', { body: token }), 401, 'unauthorized', 'replay through another name');
});

test('an unknown kid refetches the JWKS (rate-limited), then a rotated JWKS verifies', { skip }, async () => {
  // Warm: the cached JWKS answers known keys without fetching again.
  assert.equal((await call('POST', '/api/auth/oidc/test', { body: await minted(rsa1) })).status, 200);
  const cached = op.jwksFetches;
  assert.equal((await call('POST', '/api/auth/oidc/test', { body: await minted(ec1) })).status, 200);
  assert.equal(op.jwksFetches, cached, 'a known kid: no fetch (the JWKS is cached)');

  await sleep(2100); // past --oidc-jwks-refresh-ms
  const stranger = await makeKey('RS256', 'stranger-1');
  await expectError(await call('POST', '/api/auth/oidc/test', { body: await minted(stranger) }), 401, 'unauthorized', 'unknown kid');
  assert.equal(op.jwksFetches, cached + 1, 'an unknown kid fetches the JWKS once');
  const stranger2 = await makeKey('ES256', 'stranger-2');
  for (let i = 0; i < 5; i += 1) {
    await expectError(await call('POST', '/api/auth/oidc/test', { body: await minted(stranger2) }), 401, 'unauthorized', 'unknown kid again');
  }
  assert.equal(op.jwksFetches, cached + 1, 'random kids within the interval fetch nothing more');

  // The provider rotates: a new RSA key, the old one gone.
  const rsa2 = await makeKey('RS256', 'rsa-2');
  op.rotate([rsa2, ec1]);
  await sleep(2100);
  const fresh = await providerIdToken(unique('rotated'));
  assert.equal(header(fresh.idToken).kid, 'rsa-2', 'the provider signs with its new key');
  const res = await call('POST', '/api/auth/oidc/test', { body: fresh });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(op.jwksFetches, cached + 2, 'the new kid was fetched');
  await expectError(await call('POST', '/api/auth/oidc/test', { body: await minted(rsa1) }), 401, 'unauthorized', 'the retired key');
  rsa1 = rsa2; // later tests mint with the current key
});

test('an email the provider did not verify is not used', { skip }, async () => {
  const account = unique('unverified');
  const res = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(account) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.ok(!res.body.user.username.includes(account), `username ${res.body.user.username} must not come from the email`);
  assert.match(res.body.user.username, /^[A-Za-z0-9_.-]{3,32}$/);
});

test('an existing password account is never linked by email; linking is explicit', { skip }, async () => {
  const name = unique('carol');
  const reg = await call('POST', '/api/auth/register', { body: { username: name, password: 'carol password 1' } });
  assert.equal(reg.status, 201);
  // A provider account with the same name and a verified email that looks like hers.
  const signedIn = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(name) });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  assert.notEqual(signedIn.body.user.id, reg.body.user.id, 'a new account, not carol\'s');
  assert.notEqual(signedIn.body.user.username.toLowerCase(), name.toLowerCase());

  // Dave links a provider account explicitly, then signs in with it.
  const dave = await call('POST', '/api/auth/register', { body: { username: unique('dave'), password: 'dave password 1' } });
  const daveAccount = unique('dave-op');
  const linked = await call('POST', '/api/auth/links', { token: dave.body.token,
    body: { provider: 'test', ...(await providerIdToken(daveAccount)) } });
  assert.equal(linked.status, 201, JSON.stringify(linked.body));
  assert.equal(linked.body.link.provider, 'test');
  const links = await call('GET', '/api/auth/links', { token: dave.body.token });
  assert.deepEqual(links.body.links.map((l) => [l.provider, l.issuer]), [['test', op.issuer]]);
  const asDave = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(daveAccount) });
  assert.equal(asDave.body.user.id, dave.body.user.id, 'the linked provider account signs in as dave');
  // Nobody else can link it, and dave cannot link a second account of the same issuer.
  await expectError(await call('POST', '/api/auth/links', { token: reg.body.token,
    body: { provider: 'test', ...(await providerIdToken(daveAccount)) } }), 409, 'conflict', 'someone else\'s');
  await expectError(await call('POST', '/api/auth/links', { token: dave.body.token,
    body: { provider: 'google', ...(await providerIdToken(unique('second'))) } }), 409, 'conflict', 'a second one');
  await expectError(await call('POST', '/api/auth/links', { body: { provider: 'test', idToken: 'a.b.c' } }), 401, 'unauthorized', 'no bearer');
  await expectError(await call('POST', '/api/auth/links', { token: dave.body.token,
    body: { provider: 'test', ...(await minted(rsa1, { aud: 'x' })) } }), 401, 'unauthorized', 'a bad token');
  await expectError(await call('POST', '/api/auth/links', { token: dave.body.token,
    body: { provider: 'facebook', idToken: 'a.b.c' } }), 503, 'not_configured', 'facebook');

  // Dave has a password: unlinking leaves it. Then the provider account signs in as someone new.
  assert.equal((await call('DELETE', '/api/auth/links/test', { token: dave.body.token })).status, 204);
  await expectError(await call('DELETE', '/api/auth/links/test', { token: dave.body.token }), 404, 'not_found', 'unlinked twice');
  const after = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(daveAccount) });
  assert.equal(after.status, 200);
  assert.notEqual(after.body.user.id, dave.body.user.id);

  // An account made by a provider has only that way in: it cannot be removed.
  await expectError(await call('DELETE', '/api/auth/links/test', { token: after.body.token }), 409, 'conflict', 'the last way to sign in');
  const still = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(daveAccount) });
  assert.equal(still.body.user.id, after.body.user.id);
});

test('two-factor authentication still applies; the refused attempt does not spend the token', { skip }, async () => {
  const account = unique('tfa');
  const first = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(account) });
  assert.equal(first.status, 200);
  const setup = await call('POST', '/api/auth/2fa/enable', { token: first.body.token });
  assert.equal(setup.status, 200);
  assert.equal((await call('POST', '/api/auth/2fa/verify', { token: first.body.token, body: { code: totp(setup.body.secret) } })).status, 200);
  const token = await providerIdToken(account);
  await expectError(await call('POST', '/api/auth/oidc/test', { body: token }), 401, 'totp_required', 'no code');
  await expectError(await call('POST', '/api/auth/oidc/test', { body: { ...token, totp: setup.body.recoveryCodes[0] + 'x' } }), 401, 'invalid_totp', 'a wrong code');
  const ok = await call('POST', '/api/auth/oidc/test', { body: { ...token, totp: setup.body.recoveryCodes[1] } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.user.id, first.body.user.id);
  await expectError(await call('POST', '/api/auth/oidc/test', { body: { ...token, totp: setup.body.recoveryCodes[2] } }), 401, 'unauthorized', 'replayed after success');
});

test('a banned user cannot sign in with a provider either', { skip }, async () => {
  const account = unique('banned');
  const user = await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(account) });
  assert.equal(user.status, 200);
  const admin = unique('oidcadm');
  const password = 'oidc-admin-password-1';
  await new Promise((resolve, reject) => {
    const p = spawn(process.env.BANTERD, ['--database-url', process.env.BANTER_TEST_DATABASE_URL, '--data-dir', banterd.dataDir,
      '--argon2-memory-kib', '1024', '--argon2-iterations', '1', '--dev', '--create-admin', admin],
    { stdio: ['pipe', 'ignore', 'inherit'] }); // --dev: the environment names this test's http issuer
    p.stdin.end(`${password}\n`);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`--create-admin exited ${code}`))));
  });
  const login = await call('POST', '/api/auth/login', { body: { username: admin, password } });
  const ban = await call('POST', `/api/admin/users/${user.body.user.id}/ban`, { token: login.body.token, body: { reason: 'test' } });
  assert.equal(ban.status, 200, JSON.stringify(ban.body));
  await expectError(await call('POST', '/api/auth/oidc/test', { body: await providerIdToken(account) }), 403, 'account_suspended', 'banned');
  const audit = await call('GET', `/api/admin/audit?target=${user.body.user.id}`, { token: login.body.token });
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  const actions = audit.body.entries.map((e) => e.action);
  assert.ok(actions.includes('oidc.sign_in'), `sign-ins are audited: ${actions}`);
});

test('web apps: the code flow with PKCE hands the tokens to the allow-listed redirect, in the fragment', { skip }, async () => {
  const start = await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent(APP)}`);
  assert.equal(start.status, 302, JSON.stringify(start.body));
  const auth = new URL(start.location);
  assert.equal(auth.origin + auth.pathname, `${op.issuer}/auth`);
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(auth.searchParams.get('client_id'), CLIENT_ID);
  assert.equal(auth.searchParams.get('redirect_uri'), `${base}/api/auth/oidc/test/callback`);
  assert.ok(auth.searchParams.get('state') && auth.searchParams.get('nonce') && auth.searchParams.get('code_challenge'));

  const account = unique('web');
  const callback = await op.signIn(start.location, account);
  assert.ok(callback.startsWith(`${base}/api/auth/oidc/test/callback?`), callback);
  const requests = op.tokenRequests.length;
  const done = await call('GET', callback.slice(base.length));
  assert.equal(done.status, 302, JSON.stringify(done.body));
  assert.equal(done.headers.get('cache-control'), 'no-store');
  assert.ok(done.location.startsWith(`${APP}#`), done.location);
  assert.ok(!new URL(done.location).search, 'nothing in the query string');
  const got = fragmentOf(done.location);
  assert.equal(got.username, account, JSON.stringify(got));
  assert.equal(op.tokenRequests.length, requests + 1, 'banterd exchanged the code at the token endpoint');
  assert.ok(op.tokenRequests.at(-1).startsWith('Basic '), 'with the client secret (client_secret_basic)');
  const profile = await call('GET', '/api/users/profile', { token: got.token });
  assert.equal(profile.status, 200);
  assert.equal(profile.body.user.id, got.userId);
  // The state is single use.
  await expectError(await call('GET', callback.slice(base.length)), 401, 'unauthorized', 'the same callback again');
});

test('the callback refuses a missing or unknown state, and a mismatched PKCE verifier', { skip }, async () => {
  await expectError(await call('GET', '/api/auth/oidc/test/callback?code=abc'), 401, 'unauthorized', 'missing state');
  await expectError(await call('GET', '/api/auth/oidc/test/callback?code=abc&state=forged'), 401, 'unauthorized', 'unknown state');
  // Two flows; flow A's code comes back with flow B's state, so banterd sends B's verifier with A's code.
  const a = await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent(APP)}`);
  const b = await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent(APP)}`);
  const stateB = new URL(b.location).searchParams.get('state');
  const callback = new URL(await op.signIn(a.location, unique('pkce')));
  callback.searchParams.set('state', stateB);
  const requests = op.tokenRequests.length;
  const res = await call('GET', callback.pathname + callback.search);
  assert.equal(res.status, 302);
  const got = fragmentOf(res.location);
  assert.equal(got.error, 'unauthorized', JSON.stringify(got));
  assert.ok(!got.token, 'no tokens');
  assert.equal(op.tokenRequests.length, requests + 1, 'the provider itself refused the verifier');
  // The provider's refusal: the user denied access.
  const c = await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent(APP)}`);
  const stateC = new URL(c.location).searchParams.get('state');
  const denied = await call('GET', `/api/auth/oidc/test/callback?error=access_denied&state=${stateC}`);
  assert.equal(fragmentOf(denied.location).error, 'unauthorized');
  // Redirects off the allow-list are refused before anything else.
  await expectError(await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent('https://evil.example/steal')}`),
    400, 'validation_failed', 'a foreign redirect');
  await expectError(await call('GET', '/api/auth/oidc/test/start'), 400, 'validation_failed', 'no redirect');
  // The server's own web client is always allowed; another path of the server is not.
  const web = await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent(`${base}/app/`)}`);
  assert.equal(web.status, 302, JSON.stringify(web.body));
  await expectError(await call('GET', `/api/auth/oidc/test/start?redirect=${encodeURIComponent(`${base}/app/x`)}`),
    400, 'validation_failed', 'not the web client');
});

test('GET /api/auth/providers lists the configured providers, publicly', { skip }, async () => {
  const res = await call('GET', '/api/auth/providers');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // envtest (environment), test and google (flags; google's preset issuer overridden); facebook is not configured.
  assert.deepEqual(res.body.providers.map((p) => p.name).sort(), ['envtest', 'google', 'test']);
  for (const p of res.body.providers) assert.deepEqual(p, { name: p.name, issuer: op.issuer }, 'name and issuer only: no secret');
});
