// A real OpenID provider for the tests: the npm oidc-provider package (a certified implementation) on
// 127.0.0.1, with its discovery, JWKS, authorization (its development login and consent pages, driven by
// signIn() below) and token endpoints. Keys are made here with jose, so tests can also mint tokens that the
// provider would never issue (wrong audience, expired, foreign key ...).
//
// rotate() replaces the running Provider by a new one with other keys on the same issuer URL (the port stays):
// what a provider does when it rotates its signing keys. jwksFetches counts GET /jwks.
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const b64u = (buf) => Buffer.from(buf).toString('base64url');

export async function makeKey(alg, kid) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, jwk };
}

/**
 * Starts the provider. clients: [{client_id, client_secret, redirect_uris}]. Returns
 * {issuer, keys, clients, jwksFetches, rotate(keys), signIn(authUrl, accountId), close()}.
 */
export async function startProvider({ clients, keys }) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const state = { provider: null, jwksFetches: 0, tokenRequests: [], keys };

  const build = (signingKeys) => {
    const provider = new Provider(issuer, {
      clients: clients.map((c) => ({
        grant_types: ['authorization_code'], response_types: ['code'],
        token_endpoint_auth_method: c.client_secret ? 'client_secret_basic' : 'none', ...c,
      })),
      jwks: { keys: signingKeys.map((k) => k.jwk) },
      cookies: { keys: [b64u(randomBytes(16))] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
      conformIdTokenClaims: false, // the ID token carries the scopes' claims (not only userinfo)
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      async findAccount(ctx, id) {
        return {
          accountId: id,
          async claims() {
            // "unverified-*" accounts have an email their provider did not verify.
            return { sub: id, email: `${id}@example.org`, email_verified: !id.startsWith('unverified'),
              name: id.startsWith('unverified') ? 'Unverified Person' : `Person ${id}`, preferred_username: id.startsWith('unverified') ? undefined : id };
          },
        };
      },
    });
    provider.on('server_error', (ctx, err) => { console.error('oidc-provider server_error', err); });
    return { provider, handler: provider.callback() };
  };
  state.provider = build(keys);
  server.on('request', (req, res) => {
    if (req.url.startsWith('/jwks')) state.jwksFetches += 1;
    if (req.url.startsWith('/token')) state.tokenRequests.push(req.headers.authorization ?? '');
    state.provider.handler(req, res);
  });

  return {
    issuer,
    get keys() { return state.keys; },
    get jwksFetches() { return state.jwksFetches; },
    get tokenRequests() { return state.tokenRequests; },
    rotate(newKeys) {
      state.keys = newKeys;
      state.provider = build(newKeys);
    },
    signIn: (authUrl, accountId) => signIn(issuer, authUrl, accountId),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** A PKCE pair (RFC 7636, S256). */
export function pkce() {
  const verifier = b64u(randomBytes(32));
  return { verifier, challenge: b64u(createHash('sha256').update(verifier).digest()) };
}

/**
 * Drives a browser through the provider: GET authUrl, the login page (any account id), the consent page, until
 * the provider redirects away from itself. Returns that URL (the client's redirect_uri with code and state).
 */
async function signIn(issuer, authUrl, accountId) {
  const jar = new Map();
  const remember = (res) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authUrl;
  for (let hop = 0; hop < 12; hop += 1) {
    if (!url.startsWith(issuer)) return url;
    let res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() }, signal: AbortSignal.timeout(10_000) });
    remember(res);
    if (res.status === 200) {
      // An interaction page: the login form first, then the consent form.
      const html = await res.text();
      const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1] ?? 'consent';
      const body = prompt === 'login'
        ? new URLSearchParams({ prompt, login: accountId, password: 'any' })
        : new URLSearchParams({ prompt: 'consent' });
      res = await fetch(url, {
        method: 'POST', redirect: 'manual', body,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        signal: AbortSignal.timeout(10_000),
      });
      remember(res);
    }
    if (res.status < 300 || res.status > 399) throw new Error(`provider answered ${res.status} at ${url}: ${await res.text()}`);
    url = new URL(res.headers.get('location'), url).toString();
  }
  throw new Error('the provider kept redirecting');
}

/** Signs an ID token as the provider would (or would not): key from startProvider/makeKey, claims as given. */
export async function mintIdToken(key, claims, { header = {} } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}
