// Sign-in with an OpenID Connect provider in the web client (issue #15): a real provider (the npm oidc-provider
// package, tests/compat/lib/oidc-provider.mjs) and a banterd configured with it, both on loopback, and headless
// Chromium clicking through: "Sign in with …" on /app/, the provider's login and consent pages, back on /app/
// signed in (the tokens came in the URL fragment, which the page removes), the socket connected. A refused
// consent comes back as an error on the sign-in form.
//
// It starts its own banterd (the suite's has no provider): run-browser exports BANTERD and the database; against
// an already running server (BANTER_URL alone) the test is skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { makeKey, startProvider } from '../compat/lib/oidc-provider.mjs';
import { freePort } from '../compat/lib/ports.mjs';

const runnable = Boolean(process.env.BANTERD && process.env.BANTER_TEST_DATABASE_URL);
const skip = runnable ? false : 'needs BANTERD and BANTER_TEST_DATABASE_URL (run-browser sets them when it starts banterd)';
const WAIT_MS = 10_000;

let op;
let banterd;
let browser;

before(async () => {
  if (!runnable) return;
  const { startBanterd } = await import('../compat/hardening/banterd.mjs');
  const port = await freePort();
  op = await startProvider({
    clients: [{ client_id: 'banter-web', redirect_uris: [`http://127.0.0.1:${port}/api/auth/oidc/test/callback`] }],
    keys: [await makeKey('RS256', 'browser-key-1')],
  });
  // --dev: the provider is an http://127.0.0.1 issuer. No --oidc-redirects: the web client is always allowed.
  banterd = await startBanterd(['--port', String(port), '--dev', '--oidc', `test/issuer=${op.issuer}`,
    '--oidc', 'test/client-id=banter-web']);
  assert.equal(banterd.url, `http://127.0.0.1:${port}`);
  browser = await chromium.launch({ executablePath: process.env.BANTER_CHROMIUM || '/usr/bin/chromium', headless: true,
    timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  if (banterd) {
    try {
      banterd.assertHealthy('at the end of the sign-in tests');
    } finally {
      await banterd.stop();
    }
  }
  await op?.close();
});

const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** A fresh browser (context) on the web client, page errors collected. */
async function openClient() {
  const context = await browser.newContext({ locale: 'en-US' });
  // Loopback only (the provider's pages link a web font).
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.stack || err.message));
  await page.goto(`${banterd.url}/app/`);
  return { context, page, errors };
}

/** Clicks "Sign in with test" and goes through the provider's development login page as accountId. */
async function throughProviderLogin(page, accountId) {
  await byTestId(page, 'auth-provider-test').click();
  await page.waitForURL((url) => url.href.startsWith(op.issuer));
  await page.waitForLoadState();
  if (await page.locator('input[name="login"]').count() === 0) // an error page says why
    throw new Error(`no login form at ${page.url()}: ${(await page.locator('body').textContent())?.trim().slice(0, 400)}`);
  await page.locator('input[name="login"]').fill(accountId);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

test('the web client signs in with a provider: login and consent at the provider, back on /app/ signed in and connected', { skip }, async () => {
  const { context, page, errors } = await openClient();
  try {
    await byTestId(page, 'auth-providers').waitFor({ state: 'visible' });
    assert.equal(await byTestId(page, 'auth-provider-test').textContent(), 'Sign in with test');
    const account = `web_${randomBytes(4).toString('hex')}`;
    await throughProviderLogin(page, account);
    // The consent page, then the provider sends the browser to banterd's callback, which sends it to /app/#token=….
    await page.locator('button[type="submit"]', { hasText: /continue/i }).click();
    await page.waitForURL(`${banterd.url}/app/`); // the fragment is gone: the page removed it
    await byTestId(page, 'chat-view').waitFor({ state: 'visible' });
    assert.equal(await byTestId(page, 'current-user').textContent(), account, 'the provider\'s preferred_username');
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
    assert.equal(new URL(page.url()).hash, '', 'no token left in the address bar');
    // The session is a real one: the REST API answers with its token, which the page keeps in memory only.
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.doesNotMatch(storage, /eyJ/, 'no token in web storage');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a refused consent comes back to the sign-in form as an error, signed out', { skip }, async () => {
  const { context, page, errors } = await openClient();
  try {
    await throughProviderLogin(page, `refuser_${randomBytes(4).toString('hex')}`);
    // The development consent page's other button aborts the interaction (access_denied).
    await page.locator('a', { hasText: /cancel/i }).or(page.locator('button', { hasText: /cancel|abort/i })).first().click();
    await page.waitForURL(`${banterd.url}/app/`);
    await byTestId(page, 'auth-error').waitFor({ state: 'visible' });
    assert.match(await byTestId(page, 'auth-error').textContent(), /refused/i);
    assert.equal(await byTestId(page, 'chat-view').isVisible(), false);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
