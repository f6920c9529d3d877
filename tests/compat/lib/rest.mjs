// REST helpers: plain fetch against BANTER_URL, every request bounded by a timeout.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

/** The server under test (run-compat sets BANTER_URL); suites that start their own servers pass `base` instead. */
export const BASE_URL = process.env.BANTER_URL?.replace(/\/+$/, '');

/** base, or BASE_URL; throws when neither is set. */
export function baseUrl(base) {
  const url = base ?? BASE_URL;
  if (!url) throw new Error('BANTER_URL is not set (run the suite through tests/compat/run-compat)');
  return url.replace(/\/+$/, '');
}

export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * One request; resolves to {status, body, headers}. body is the parsed JSON, or null for an empty body.
 * base: another server than BANTER_URL (a cluster node, nginx).
 */
export async function api(method, path, { token, body, timeout = REQUEST_TIMEOUT_MS, base } = {}) {
  const headers = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(baseUrl(base) + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
  } catch (err) {
    throw new Error(`${method} ${path} failed: ${err.message}`);
  }
  const text = await res.text();
  let parsed = null;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { unparsed: text };
    }
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

function describe(method, path, res) {
  return `${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`;
}

/** Like api(), but asserts the status and returns the body. */
export async function apiExpect(status, method, path, options) {
  const res = await api(method, path, options);
  assert.equal(res.status, status, describe(method, path, res));
  return res.body;
}

/** Asserts an error response: the status (or a predicate on it) and {"error":{"code","message"}}. */
export async function apiError(method, path, options, { status, code }) {
  const res = await api(method, path, options);
  const what = describe(method, path, res);
  if (typeof status === 'function') assert.ok(status(res.status), `unexpected status: ${what}`);
  else if (status !== undefined) assert.equal(res.status, status, what);
  assert.ok(res.body && typeof res.body.error === 'object' && res.body.error !== null, `no error object: ${what}`);
  assert.equal(typeof res.body.error.code, 'string', what);
  assert.equal(typeof res.body.error.message, 'string', what);
  if (code !== undefined) assert.equal(res.body.error.code, code, what);
  return res.body.error;
}

export const is4xx = (status) => status >= 400 && status < 500;

/** A fresh username: 3-32 of [A-Za-z0-9_.-]; unique per call so tests never share users. */
export function uniqueName(prefix = 'u') {
  return `${prefix.slice(0, 12)}_${randomBytes(6).toString('hex')}`;
}

export const PASSWORD = 'compat-password-1';

/** Registers a new user; returns {id, username, displayName, token, refreshToken, password}. */
export async function registerUser(prefix = 'u') {
  const username = uniqueName(prefix);
  const body = await apiExpect(201, 'POST', '/api/auth/register', { body: { username, password: PASSWORD } });
  assert.equal(typeof body.user?.id, 'string', `register: user.id must be a string: ${JSON.stringify(body)}`);
  assert.equal(typeof body.token, 'string', 'register: token');
  return { ...body.user, token: body.token, refreshToken: body.refreshToken, password: PASSWORD };
}

export async function registerUsers(count, prefix = 'u') {
  const users = [];
  // A few at a time: password hashing is deliberately expensive.
  for (let i = 0; i < count; i += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, count - i) }, (_, j) => registerUser(`${prefix}${i + j}`)),
    );
    users.push(...batch);
  }
  return users;
}

/** A second login (session) of an existing user; returns its access token. */
export async function login(user) {
  const body = await apiExpect(200, 'POST', '/api/auth/login', {
    body: { username: user.username, password: user.password },
  });
  assert.equal(typeof body.token, 'string');
  return body.token;
}

/** POST /api/chat as creator; returns the conversation. */
export async function createConversation(creator, { type = 'group', title, members = [] } = {}) {
  const body = { type, memberIds: members.map((m) => (typeof m === 'string' ? m : m.id)) };
  if (title !== undefined) body.title = title;
  const res = await apiExpect(201, 'POST', '/api/chat', { token: creator.token, body });
  assert.equal(typeof res.conversation?.id, 'string', `conversation.id must be a string: ${JSON.stringify(res)}`);
  return res.conversation;
}

/** The full history of a conversation via REST, following `after` until no more messages arrive. */
export async function fetchHistory(user, conversationId, { pageSize = 100, maxPages = 100 } = {}) {
  const all = [];
  let after = 0;
  for (let page = 0; page < maxPages; page++) {
    const { messages } = await apiExpect(
      200, 'GET', `/api/chat/${conversationId}/messages?after=${after}&limit=${pageSize}`, { token: user.token },
    );
    assert.ok(Array.isArray(messages), 'messages must be an array');
    if (messages.length === 0) return all;
    all.push(...messages);
    after = messages[messages.length - 1].seq;
  }
  throw new Error(`history of ${conversationId} did not end within ${maxPages} pages`);
}
