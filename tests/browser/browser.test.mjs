// Browser tests of the web client (web/app/, served by banterd at /app/): headless Chromium driven by
// playwright-core, two browser contexts per test (two users, each with fresh random names).
//
//   BANTER_URL        the server (run-browser sets it)
//   BANTER_CHROMIUM   the browser (default /usr/bin/chromium; playwright-core downloads nothing)
//   BANTER_WEB_SCREENSHOT  set: also write docs/img/web-client.png (a value ending in .png: that file instead)
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = (() => {
  const url = process.env.BANTER_URL;
  if (!url) throw new Error('BANTER_URL is not set (run the tests through tests/browser/run-browser)');
  return url.replace(/\/+$/, '');
})();
const APP_URL = `${BASE_URL}/app/`;
const CHECKOUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'browser-password-1';
/** Every wait for something on a page. */
const WAIT_MS = 10_000;
/** The client's ES modules (web/app/*.js in this checkout): each must be compiled into banterd and served. */
const APP_MODULES = (await readdir(path.join(CHECKOUT, 'web/app'))).filter((name) => name.endsWith('.js')).sort();

let browser;
const contexts = new Set();
const pageErrors = [];

before(async () => {
  // A clear message when banterd does not serve the client (rather than a timeout in the first test).
  const files = [['', 'text/html'], ['app.css', 'text/css'], ['socket.io.min.js', 'javascript'],
    ...APP_MODULES.map((module) => [module, 'javascript'])];
  for (const [file, type] of files) {
    const res = await fetch(APP_URL + file, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200, `GET /app/${file} -> ${res.status}: does the server serve the web client?`);
    assert.match(res.headers.get('content-type') ?? '', new RegExp(type), `GET /app/${file}: content-type`);
    await res.arrayBuffer();
  }
  browser = await chromium.launch({
    executablePath: process.env.BANTER_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
  });
});

after(async () => {
  await browser?.close();
});

afterEach(async (t) => {
  for (const context of contexts) await context.close().catch(() => {});
  contexts.clear();
  if (pageErrors.length > 0) {
    const errors = pageErrors.splice(0);
    assert.fail(`uncaught errors in the page during "${t.name}":\n${errors.join('\n')}`);
  }
});

function uniqueName(prefix) {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** A fresh browser context (its own storage, like a separate person) with the client loaded. */
async function openClient(label, { setup } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 }, locale: 'en-US' });
  contexts.add(context);
  if (setup) await setup(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (err) => pageErrors.push(`[${label}] ${err.stack || err.message}`));
  page.on('console', (msg) => {
    if (process.env.BANTER_BROWSER_CONSOLE) console.log(`[${label} console.${msg.type()}] ${msg.text()}`);
  });
  await page.goto(APP_URL);
  return { context, page, label };
}

async function register(client, username) {
  const { page } = client;
  await byTestId(page, 'auth-username').fill(username);
  await byTestId(page, 'auth-password').fill(PASSWORD);
  await byTestId(page, 'register-button').click();
  await byTestId(page, 'chat-view').waitFor({ state: 'visible' });
  await assertText(page, 'current-user', username);
  await waitConnected(page);
  client.username = username;
  return client;
}

async function waitConnected(page) {
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
}

async function startDirect(client, username) {
  const { page } = client;
  await byTestId(page, 'new-dm-username').fill(username);
  await byTestId(page, 'new-dm-submit').click();
  await page.locator(`[data-testid="conversation-title"]`, { hasText: username }).waitFor();
  return page.locator('[data-testid="conversation-title"]').getAttribute('data-conversation-id');
}

function conversationItem(page, conversationId) {
  return page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
}

/**
 * Opens a conversation and waits until its first history page is in: before that the client shows only what
 * came with the conversation list (the last message) or live.
 */
async function openConversation(page, conversationId) {
  await conversationItem(page, conversationId).getByRole('button').click();
  await page.locator(`[data-testid="conversation-title"][data-conversation-id="${conversationId}"]`).waitFor();
  await waitHistoryLoaded(page);
}

async function waitHistoryLoaded(page) {
  await page.locator('[data-testid="message-scroller"][data-history="loaded"][aria-busy="false"]').waitFor();
}

/** Holds a context's first-page history requests (GET /api/chat/ID/messages without `before`) until release(). */
async function holdHistory(context) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const held = [];
  await context.route((url) => /^\/api\/chat\/[^/]+\/messages$/.test(url.pathname) && !url.searchParams.has('before'),
    async (route) => {
      held.push(route.request().url());
      await released;
      await route.continue();
    });
  return { held, release };
}

/** Types and sends a message; waits until it is acknowledged (shown with its seq). */
async function send(page, text) {
  await byTestId(page, 'composer-input').fill(text);
  await byTestId(page, 'composer-input').press('Enter');
  const sent = page.locator('[data-testid="message"][data-status="sent"]', {
    has: page.locator('[data-testid="message-text"]', { hasText: exact(text) }),
  });
  await sent.waitFor();
  return { id: await sent.getAttribute('data-message-id'), seq: Number(await sent.getAttribute('data-seq')) };
}

function exact(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** The messages shown, in DOM order: [{id, seq, status, text}]. */
function shownMessages(page) {
  return page.$$eval('[data-testid="message-list"] [data-testid="message"]', (items) => items.map((li) => ({
    id: li.dataset.messageId ?? null,
    seq: li.dataset.seq === undefined ? null : Number(li.dataset.seq),
    status: li.dataset.status,
    text: li.querySelector('[data-testid="message-text"]')?.textContent ?? '',
  })));
}

async function waitForMessage(page, text) {
  await page.locator('[data-testid="message"]', {
    has: page.locator('[data-testid="message-text"]', { hasText: exact(text) }),
  }).waitFor();
}

async function assertText(page, testid, expected) {
  const locator = byTestId(page, testid);
  await locator.filter({ hasText: expected }).first().waitFor().catch(async () => {
    assert.fail(`[data-testid=${testid}] should contain ${expected}, has ${JSON.stringify(await locator.allTextContents())}`);
  });
}

/** Polls fn until it returns a truthy value; fails with `what` after WAIT_MS. */
async function eventually(what, fn, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function assertOrderedOnce(messages, texts, what) {
  assert.deepEqual(messages.map((m) => m.text), texts, `${what}: texts in order, each once`);
  const ids = messages.map((m) => m.id);
  assert.ok(ids.every((id) => typeof id === 'string' && id.length > 0), `${what}: every message acknowledged: ${JSON.stringify(messages)}`);
  assert.equal(new Set(ids).size, ids.length, `${what}: no message id twice: ${JSON.stringify(ids)}`);
  const seqs = messages.map((m) => m.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${what}: ascending seq`);
  assert.equal(new Set(seqs).size, seqs.length, `${what}: no seq twice`);
}

test('two users chat: direct conversation, live messages with unread count, typing both ways, presence, error acks', async () => {
  const alice = await register(await openClient('alice'), uniqueName('alice'));
  const bob = await register(await openClient('bob'), uniqueName('bob'));

  // Alice starts a direct conversation with Bob and writes; Bob sees it live, unread.
  const conversationId = await startDirect(alice, bob.username);
  assert.ok(conversationId, 'the open conversation has an id');
  // Bob's list shows it before anything is written in it (conversation:created).
  await conversationItem(bob.page, conversationId).waitFor();
  const first = await send(alice.page, 'Hello Bob!');
  assert.ok(first.seq > 0);

  const bobItem = conversationItem(bob.page, conversationId);
  await bobItem.waitFor();
  await assertText(bob.page, 'conversation-item-title', alice.username);
  await bobItem.locator('[data-testid="unread-count"]', { hasText: '1' }).waitFor();
  assert.equal(await bobItem.locator('[data-testid="unread-count"]').isVisible(), true, 'the unread badge shows');

  // A second message while Bob has not opened it: 2 unread.
  await send(alice.page, 'Are you there?');
  await bobItem.locator('[data-testid="unread-count"]', { hasText: '2' }).waitFor();

  await openConversation(bob.page, conversationId);
  await waitForMessage(bob.page, 'Are you there?');
  assertOrderedOnce(await shownMessages(bob.page), ['Hello Bob!', 'Are you there?'], 'bob, after opening');
  await bobItem.locator('[data-testid="unread-count"]').waitFor({ state: 'hidden' });

  // Presence: Bob's client joined the conversation once it learned of it, so Alice sees Bob online.
  await conversationItem(alice.page, conversationId).locator('[data-testid="presence-dot"][data-online="true"]').waitFor();
  await alice.page.locator('[data-testid="conversation-presence"][data-online="true"]').waitFor();

  // Bob types: Alice sees the indicator; Bob sends: it goes away and the reply shows live.
  await byTestId(bob.page, 'composer-input').pressSequentially('Hi Al', { delay: 20 });
  await alice.page.locator('[data-testid="typing-indicator"]', { hasText: `${bob.username} is typing` }).waitFor();
  await byTestId(bob.page, 'composer-input').fill('');
  await byTestId(alice.page, 'typing-indicator').waitFor({ state: 'hidden' });
  await byTestId(bob.page, 'composer-input').pressSequentially('Hi Alice', { delay: 20 });
  await alice.page.locator('[data-testid="typing-indicator"]', { hasText: `${bob.username} is typing` }).waitFor();
  await byTestId(bob.page, 'composer-input').press('Enter');
  await waitForMessage(alice.page, 'Hi Alice');
  await byTestId(alice.page, 'typing-indicator').waitFor({ state: 'hidden' });
  await bob.page.locator('[data-testid="message"][data-status="sent"]', { hasText: 'Hi Alice' }).waitFor();

  // The other direction.
  await byTestId(alice.page, 'composer-input').pressSequentially('Good to see', { delay: 20 });
  await bob.page.locator('[data-testid="typing-indicator"]', { hasText: `${alice.username} is typing` }).waitFor();
  await conversationItem(bob.page, conversationId).locator('[data-testid="presence-dot"][data-online="true"]').waitFor();
  await byTestId(alice.page, 'composer-input').press('Enter');
  await waitForMessage(bob.page, 'Good to see');
  await byTestId(bob.page, 'typing-indicator').waitFor({ state: 'hidden' });

  const expected = ['Hello Bob!', 'Are you there?', 'Hi Alice', 'Good to see'];
  assertOrderedOnce(await shownMessages(alice.page), expected, 'alice');
  assertOrderedOnce(await shownMessages(bob.page), expected, 'bob');

  // An error ack shows its code: content over 4000 characters is validation_failed.
  await byTestId(alice.page, 'composer-input').fill('x'.repeat(4001));
  await byTestId(alice.page, 'send-button').click();
  const failed = alice.page.locator('[data-testid="message"][data-status="failed"]');
  await failed.locator('[data-testid="message-status"][data-error-code="validation_failed"]', { hasText: 'validation_failed' }).waitFor();
  await failed.locator('[data-testid="message-dismiss"]').click();
  await failed.waitFor({ state: 'detached' });

  // Bob leaves: Alice sees him go offline. He logs in again in a new browser: online again (user:online).
  await bob.context.close();
  contexts.delete(bob.context);
  await conversationItem(alice.page, conversationId).locator('[data-testid="presence-dot"][data-online="false"]').waitFor();
  // His history request is slow (as on a loaded machine): until it is in, the client knows only the last
  // message (from GET /api/chat), and says it is still loading.
  let history;
  const bobAgain = await openClient('bob-again', { setup: async (context) => { history = await holdHistory(context); } });
  await byTestId(bobAgain.page, 'auth-username').fill(bob.username);
  await byTestId(bobAgain.page, 'auth-password').fill(PASSWORD);
  await byTestId(bobAgain.page, 'login-button').click();
  await waitConnected(bobAgain.page);
  await conversationItem(alice.page, conversationId).locator('[data-testid="presence-dot"][data-online="true"]').waitFor();
  // Alice was online before Bob came back: he learns it from the presence:snapshot of his connect.
  await conversationItem(bobAgain.page, conversationId).locator('[data-testid="presence-dot"][data-online="true"]').waitFor();
  await conversationItem(bobAgain.page, conversationId).getByRole('button').click();
  await bobAgain.page.locator('[data-testid="message-scroller"][data-history="loading"][aria-busy="true"]').waitFor();
  await byTestId(bobAgain.page, 'history-loading').waitFor();
  await eventually('the history request is made', () => history.held.length === 1);
  assert.deepEqual((await shownMessages(bobAgain.page)).map((m) => m.text), ['Good to see'],
    'while the history loads: the last message, from the conversation list');
  history.release();
  // Bob's new session has the whole conversation, in order.
  await waitHistoryLoaded(bobAgain.page);
  await byTestId(bobAgain.page, 'history-loading').waitFor({ state: 'hidden' });
  await waitForMessage(bobAgain.page, 'Good to see');
  assertOrderedOnce(await shownMessages(bobAgain.page), expected, 'bob after logging in again');
});

test('WebSocket blocked: the client works over HTTP long-polling only', async () => {
  let websocketAttempts = 0;
  const pollingRequests = [];
  const websocketFrames = [];
  const alice = await openClient('alice-polling', {
    setup: async (context) => {
      // Every WebSocket the page opens is refused at once (it never reaches the server).
      await context.routeWebSocket(/.*/, (ws) => {
        websocketAttempts += 1;
        ws.close();
      });
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/socket.io/')) {
          assert.notEqual(url.searchParams.get('transport'), 'websocket', `a websocket request got through: ${url}`);
          if (url.searchParams.get('transport') === 'polling') pollingRequests.push(`${request.method()} ${url.search}`);
        }
      });
      context.on('page', (page) => page.on('websocket', (ws) => {
        ws.on('framereceived', (frame) => websocketFrames.push(String(frame.payload).slice(0, 80)));
      }));
    },
  });
  await register(alice, uniqueName('alicep'));
  const bob = await register(await openClient('bob-default'), uniqueName('bobp'));

  const conversationId = await startDirect(alice, bob.username);
  await send(alice.page, 'over polling');
  await conversationItem(bob.page, conversationId).waitFor();
  await openConversation(bob.page, conversationId);
  await waitForMessage(bob.page, 'over polling');

  await send(bob.page, 'received by polling');
  await waitForMessage(alice.page, 'received by polling');
  await byTestId(bob.page, 'composer-input').pressSequentially('typing', { delay: 20 });
  await alice.page.locator('[data-testid="typing-indicator"]', { hasText: 'is typing' }).waitFor();
  await byTestId(bob.page, 'composer-input').fill('');
  assertOrderedOnce(await shownMessages(alice.page), ['over polling', 'received by polling'], 'alice over polling');

  // Alice's client stayed on polling, and it really went through polling requests.
  assert.equal(await byTestId(alice.page, 'connection-status').getAttribute('data-transport'), 'polling');
  assert.equal(await byTestId(alice.page, 'connection-status').getAttribute('data-state'), 'connected');
  assert.ok(pollingRequests.filter((r) => r.startsWith('GET')).length >= 2, `long-polling GETs: ${pollingRequests.length}`);
  assert.ok(pollingRequests.some((r) => r.startsWith('POST')), `long-polling POSTs: ${JSON.stringify(pollingRequests)}`);
  assert.deepEqual(websocketFrames, [], 'no WebSocket frame ever reached the page');
  // Bob's client (nothing blocked) upgraded to WebSocket.
  await bob.page.locator('[data-testid="connection-status"][data-transport="websocket"]').waitFor();
  console.log(`# polling requests: ${pollingRequests.length}, websocket attempts refused: ${websocketAttempts}`);
});

/** Records the Socket.IO events a context's pages emit, over WebSocket frames and long-polling POST bodies. */
function recordEmits(context, names) {
  const seen = [];
  const look = (payload) => {
    for (const packet of String(payload).split('\x1e')) { // polling batches packets with a record separator
      const match = /^42\d*(\[.*)$/s.exec(packet); // engine.io message + socket.io EVENT [+ ack id]
      if (!match) continue;
      try {
        const [event, data] = JSON.parse(match[1]);
        if (names.includes(event)) seen.push({ event, data, at: Date.now() });
      } catch {
        // not an event
      }
    }
  };
  context.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/socket.io/')) look(request.postData() ?? '');
  });
  context.on('page', (page) => page.on('websocket', (ws) => ws.on('framesent', (frame) => look(frame.payload))));
  return seen;
}

test('offline and back: messages sent meanwhile appear exactly once, in order (sync catch-up)', async () => {
  const alice = await register(await openClient('alice'), uniqueName('alicec'));
  let emits = [];
  const bob = await register(await openClient('bob-offline', {
    setup: (context) => {
      emits = recordEmits(context, ['sync']);
    },
  }), uniqueName('bobc'));
  const conversationId = await startDirect(alice, bob.username);
  await send(alice.page, 'before 1');
  await conversationItem(bob.page, conversationId).waitFor();
  await openConversation(bob.page, conversationId);
  await waitForMessage(bob.page, 'before 1');
  await send(bob.page, 'before 2');
  await waitForMessage(alice.page, 'before 2');

  // Bob goes offline: his client notices (the connection is gone, not only quiet).
  await bob.context.setOffline(true);
  await bob.page.locator('[data-testid="connection-status"]:not([data-state="connected"])').waitFor();

  const missed = [];
  for (let i = 1; i <= 6; i++) {
    missed.push(`while offline ${i}`);
    await send(alice.page, `while offline ${i}`);
  }
  // Nothing of that reached Bob yet. What Bob writes meanwhile waits, shown as pending.
  const during = await shownMessages(bob.page);
  assert.deepEqual(during.map((m) => m.text), ['before 1', 'before 2'], 'bob is really offline');
  await byTestId(bob.page, 'composer-input').fill('written offline');
  await byTestId(bob.page, 'composer-input').press('Enter');
  await bob.page.locator('[data-testid="message"][data-status="pending"]', { hasText: 'written offline' }).waitFor();

  const beforeSeq = Math.max(...(await shownMessages(bob.page)).filter((m) => m.seq !== null).map((m) => m.seq));
  const syncsBefore = emits.length;
  await bob.context.setOffline(false);
  await waitConnected(bob.page);
  // Catch-up first, then the pending message goes out (acked after everything Bob missed).
  const expected = ['before 1', 'before 2', ...missed, 'written offline'];
  await eventually('bob shows every message, all acknowledged', async () => {
    const shown = await shownMessages(bob.page);
    return shown.length >= expected.length && shown.every((m) => m.status === 'sent') ? shown : null;
  }, 20_000);
  await waitForMessage(alice.page, 'written offline');
  // Give late duplicates (a live copy next to the sync copy) a chance to show up before checking.
  await new Promise((r) => setTimeout(r, 1000));
  assertOrderedOnce(await shownMessages(bob.page), expected, 'bob after the reconnect');
  // ... and they came from a sync that started where Bob had been.
  const syncs = emits.slice(syncsBefore);
  assert.ok(syncs.some((s) => Number(s.data?.since?.[conversationId]) === beforeSeq),
    `a sync from seq ${beforeSeq} of ${conversationId} after the reconnect: ${JSON.stringify(syncs)}`);

  // Life goes on: live in both directions.
  await send(alice.page, 'after');
  await waitForMessage(bob.page, 'after');
  await send(bob.page, 'back again');
  await waitForMessage(alice.page, 'back again');
  assertOrderedOnce(await shownMessages(bob.page), [...expected, 'after', 'back again'], 'bob, live again');
  await new Promise((r) => setTimeout(r, 500));
  assertOrderedOnce(await shownMessages(alice.page), [...expected, 'after', 'back again'], 'alice');
  const aliceIds = (await shownMessages(alice.page)).map((m) => m.id);
  const bobIds = (await shownMessages(bob.page)).map((m) => m.id);
  assert.deepEqual(bobIds, aliceIds, 'both show the same message ids');
});

/** REST outside the browser (to prepare data quickly). */
async function rest(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(BASE_URL + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  assert.ok(res.ok, `${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
  return parsed;
}

async function restUser(prefix) {
  const username = uniqueName(prefix);
  const body = await rest('POST', '/api/auth/register', { body: { username, password: PASSWORD } });
  return { ...body.user, token: body.token };
}

async function logIn(client, username) {
  const { page } = client;
  await byTestId(page, 'auth-username').fill(username);
  await byTestId(page, 'auth-password').fill(PASSWORD);
  await byTestId(page, 'login-button').click();
  await byTestId(page, 'chat-view').waitFor({ state: 'visible' });
  await waitConnected(page);
  client.username = username;
  return client;
}

test('history: unread count from the server, the newest page first, older pages on demand', async () => {
  const alice = await restUser('aliceh');
  const bob = await restUser('bobh');
  const { conversation } = await rest('POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [bob.id] } });
  const texts = [];
  for (let i = 1; i <= 45; i++) {
    texts.push(`history ${i}`);
    await rest('POST', '/api/messages', {
      token: alice.token, body: { conversationId: conversation.id, content: `history ${i}`, clientMessageId: `h-${i}` },
    });
  }
  const client = await logIn(await openClient('bob-history'), bob.username);
  const item = conversationItem(client.page, conversation.id);
  await item.locator('[data-testid="unread-count"]', { hasText: /^45$/ }).waitFor();
  await openConversation(client.page, conversation.id);
  await waitForMessage(client.page, 'history 45');
  await byTestId(client.page, 'load-older').waitFor();
  const firstPage = await shownMessages(client.page);
  assert.ok(firstPage.length >= 30 && firstPage.length < 45, `one page first: ${firstPage.length} messages`);
  assertOrderedOnce(firstPage, texts.slice(45 - firstPage.length), 'the newest page');
  await byTestId(client.page, 'load-older').click();
  await waitForMessage(client.page, 'history 1');
  await byTestId(client.page, 'history-start').waitFor();
  assert.equal(await byTestId(client.page, 'load-older').isVisible(), false, 'nothing older to load');
  assertOrderedOnce(await shownMessages(client.page), texts, 'the whole history');
  await item.locator('[data-testid="unread-count"]').waitFor({ state: 'hidden' });
});

test('a refused access token is refreshed once through /api/auth/refresh-token and the request repeated', async () => {
  const client = await register(await openClient('carol-refresh'), uniqueName('carolr'));
  const dave = await restUser('daver');
  const refreshes = [];
  client.page.on('response', (response) => {
    if (response.url().endsWith('/api/auth/refresh-token')) refreshes.push(response.status());
  });
  // The server answers the next user search with 401, as it would for an expired access token.
  let refused = 0;
  await client.context.route('**/api/users/search?**', async (route) => {
    if (refused++ === 0) {
      await route.fulfill({ status: 401, contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unauthorized', message: 'token expired' } }) });
    } else {
      await route.continue();
    }
  });
  await startDirect(client, dave.username);
  assert.equal(refused, 2, 'the search was repeated once');
  assert.deepEqual(refreshes, [200], 'one refresh');
  await send(client.page, 'with a fresh token');
});

const screenshotTarget = (() => {
  const value = process.env.BANTER_WEB_SCREENSHOT;
  if (!value) return null;
  return value.endsWith('.png') ? path.resolve(value) : path.join(CHECKOUT, 'docs/img/web-client.png');
})();

test('screenshot of the client for the docs', { skip: screenshotTarget ? false : 'set BANTER_WEB_SCREENSHOT to write docs/img/web-client.png' }, async () => {
  const suffix = randomBytes(2).toString('hex');
  const alice = await register(await openClient('alice-shot'), `alice_${suffix}`);
  const bob = await register(await openClient('bob-shot'), `bob_${suffix}`);
  const carol = await register(await openClient('carol-shot'), `carol_${suffix}`);
  const withBob = await startDirect(alice, bob.username);
  const withCarol = await startDirect(alice, carol.username);
  await send(alice.page, 'See you at the station at 9?');
  await openConversation(alice.page, withBob);
  await conversationItem(carol.page, withCarol).waitFor();
  await openConversation(carol.page, withCarol);
  await send(carol.page, 'Sure, 9 it is.');
  await conversationItem(alice.page, withCarol).locator('[data-testid="unread-count"]', { hasText: '1' }).waitFor();
  await send(alice.page, 'Morning Bob! Did the deploy go out last night?');
  await conversationItem(bob.page, withBob).waitFor();
  await openConversation(bob.page, withBob);
  await send(bob.page, 'It did: 0.1.0 is live, no alarms so far.');
  await send(bob.page, 'The new web client is on /app/ too.');
  await waitForMessage(alice.page, 'The new web client is on /app/ too.');
  await send(alice.page, 'Nice, trying it now.');
  await waitForMessage(bob.page, 'Nice, trying it now.');
  await byTestId(bob.page, 'composer-input').pressSequentially('Tell me how it', { delay: 20 });
  await alice.page.locator('[data-testid="typing-indicator"]', { hasText: 'is typing' }).waitFor();
  await byTestId(alice.page, 'composer-input').fill('Looks good');
  await mkdir(path.dirname(screenshotTarget), { recursive: true });
  await alice.page.screenshot({ path: screenshotTarget });
  console.log(`# screenshot written to ${screenshotTarget}`);
});
