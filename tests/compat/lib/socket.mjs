// Socket.IO helpers around the official client. Every wait has a timeout; every socket a test opens is
// recorded so closeAll() (afterEach) can close it and the test process can exit.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, Manager } from 'socket.io-client';
import { baseUrl } from './rest.mjs';

export const CONNECT_TIMEOUT_MS = 5_000;
export const ACK_TIMEOUT_MS = 5_000;
export const EVENT_TIMEOUT_MS = 5_000;
/** How long "nothing arrives" is watched for. */
export const QUIET_MS = 600;

const open = new Set();

/**
 * Which transports the official client may use: BANTER_TRANSPORTS=websocket (WebSocket from the start),
 * polling (HTTP long-polling only) or default (the client's defaults: polling, then the upgrade to WebSocket).
 */
const TRANSPORTS = process.env.BANTER_TRANSPORTS ?? 'default';
const transportOptions = TRANSPORTS === 'default' ? {} : { transports: TRANSPORTS.split(',') };

/**
 * A socket that has not connected yet. auth: {token} (or anything else to send in CONNECT; undefined for none).
 * Every incoming event is recorded in socket.received as {event, args, at} from the start.
 */
export function createSocket(auth, { manager, nsp = '/', base } = {}) {
  const options = auth === undefined ? {} : { auth };
  const socket = manager
    ? manager.socket(nsp, options)
    : io(new URL(nsp, baseUrl(base)).href, {
        ...transportOptions,
        reconnection: false,
        forceNew: true,
        multiplex: false,
        timeout: CONNECT_TIMEOUT_MS,
        ...options,
      });
  socket.received = [];
  socket.disconnects = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args, at: Date.now() }));
  socket.on('disconnect', (reason) => socket.disconnects.push({ reason, at: Date.now() }));
  open.add(socket);
  return socket;
}

/** One Engine.IO connection that several namespaces' sockets share (createSocket(auth, {manager, nsp})). */
export function createManager() {
  return new Manager(baseUrl(), { ...transportOptions, reconnection: false, timeout: CONNECT_TIMEOUT_MS });
}

/** Resolves once the CONNECT is accepted; rejects on connect_error or timeout. */
export function awaitConnect(socket, timeout = CONNECT_TIMEOUT_MS) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no connect within ${timeout} ms`)), timeout);
    const onConnect = () => finish(null);
    const onError = (err) =>
      finish(new Error(`connect_error: ${err?.message} ${JSON.stringify(err?.data ?? null)}`));
    function finish(err) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (err) reject(err);
      else resolve(socket);
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/**
 * Connects with {token} (a user object or a token string) and waits for the CONNECT to be accepted.
 * base: another server than BANTER_URL.
 */
export async function connect(userOrToken, { base } = {}) {
  const token = typeof userOrToken === 'string' ? userOrToken : userOrToken.token;
  return awaitConnect(createSocket({ token }, { base }));
}

export async function connectMany(users) {
  return Promise.all(users.map((u) => connect(u)));
}

/** Resolves with the connect_error (Error with .message and .data); rejects if the socket connects. */
export function expectConnectError(auth, timeout = CONNECT_TIMEOUT_MS, where = {}) {
  const socket = createSocket(auth, where);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`neither connect nor connect_error within ${timeout} ms`)), timeout);
    const onConnect = () => finish(new Error('connected, but a connect_error was expected'));
    const onError = (err) => finish(null, err);
    function finish(err, value) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      socket.close();
      if (err) reject(err);
      else resolve(value);
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** Emits with an ack; rejects if no ack arrives within the timeout. */
export async function emitAck(socket, event, payload, timeout = ACK_TIMEOUT_MS) {
  try {
    return await socket.timeout(timeout).emitWithAck(event, payload);
  } catch (err) {
    throw new Error(`no ack for "${event}" within ${timeout} ms (${err.message})`);
  }
}

/** Emits with an ack and asserts {ok:true}; returns the ack. */
export async function emitOk(socket, event, payload, timeout) {
  const ack = await emitAck(socket, event, payload, timeout);
  assert.equal(ack?.ok, true, `"${event}" ${JSON.stringify(payload)?.slice(0, 200)} -> ${JSON.stringify(ack)}`);
  return ack;
}

/** Asserts an error ack {ok:false, error:{code, message}} with the given code; returns the error. */
export function assertAckError(ack, code, what = '') {
  const text = `${what} -> ${JSON.stringify(ack)}`;
  assert.equal(ack?.ok, false, text);
  assert.equal(typeof ack.error, 'object', text);
  assert.equal(typeof ack.error.code, 'string', text);
  assert.equal(typeof ack.error.message, 'string', text);
  if (code !== undefined) assert.equal(ack.error.code, code, text);
  return ack.error;
}

export async function emitError(socket, event, payload, code, timeout) {
  const ack = await emitAck(socket, event, payload, timeout);
  return assertAckError(ack, code, `"${event}" ${JSON.stringify(payload)?.slice(0, 200)}`);
}

function summary(socket) {
  const names = socket.received.map((r) => r.event);
  return names.length > 20 ? `${names.slice(0, 20).join(', ')} … (${names.length})` : names.join(', ') || 'nothing';
}

/** The first argument of every recorded `event` matching filter, from index `from` of socket.received. */
export function eventsOf(socket, event, filter = () => true, from = 0) {
  return socket.received
    .slice(from)
    .filter((r) => r.event === event && filter(r.args[0]))
    .map((r) => r.args[0]);
}

/**
 * Resolves with the first argument of the first `event` matching filter, already recorded (from index
 * `from`) or still to come; rejects after `timeout` ms.
 */
export function waitForEvent(socket, event, { filter = () => true, timeout = EVENT_TIMEOUT_MS, from = 0 } = {}) {
  const seen = eventsOf(socket, event, filter, from);
  if (seen.length > 0) return Promise.resolve(seen[0]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" within ${timeout} ms (received: ${summary(socket)})`));
    }, timeout);
    function listener(payload) {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    }
    socket.on(event, listener);
  });
}

/** Waits until `count` matching events were recorded; resolves with them. */
export async function waitForEvents(socket, event, count, { filter = () => true, timeout = EVENT_TIMEOUT_MS } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = eventsOf(socket, event, filter);
    if (seen.length >= count) return seen;
    if (Date.now() > deadline) {
      throw new Error(`only ${seen.length} of ${count} "${event}" within ${timeout} ms`);
    }
    await sleep(20);
  }
}

/** Watches for `within` ms and asserts no matching `event` was recorded at index >= from (default: now). */
export async function expectNoEvent(socket, event, { filter = () => true, within = QUIET_MS, from } = {}) {
  const start = from ?? socket.received.length;
  await sleep(within);
  const seen = eventsOf(socket, event, filter, start);
  assert.equal(seen.length, 0, `unexpected "${event}": ${JSON.stringify(seen).slice(0, 500)}`);
}

/** Resolves with the disconnect reason; rejects after `timeout` ms. */
export function waitForDisconnect(socket, timeout = EVENT_TIMEOUT_MS) {
  if (socket.disconnects.length > 0) return Promise.resolve(socket.disconnects[0].reason);
  if (!socket.connected && !socket.active) return Promise.resolve('not connected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('disconnect', listener);
      reject(new Error(`still connected after ${timeout} ms`));
    }, timeout);
    function listener(reason) {
      clearTimeout(timer);
      socket.off('disconnect', listener);
      resolve(reason);
    }
    socket.on('disconnect', listener);
  });
}

/** Closes the socket from the client side (the server sees the transport close). */
export function disconnect(socket) {
  socket.close();
  open.delete(socket);
}

/** Closes every socket opened through these helpers (use in afterEach). */
export function closeAll() {
  for (const socket of open) socket.close();
  open.clear();
}

let counter = 0;
/** A clientMessageId unique to this test process. */
export function clientMessageId(tag = 'm') {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** message:send that must succeed; returns the acked message. */
export async function sendMessage(socket, conversationId, content, cmid = clientMessageId()) {
  const ack = await emitOk(socket, 'message:send', { conversationId, content, clientMessageId: cmid });
  assert.equal(typeof ack.message?.id, 'string', `ack.message: ${JSON.stringify(ack)}`);
  return ack.message;
}

/**
 * Sends `count` messages over `sockets` (round robin, `inFlight` unacked per socket). A rate_limited ack is
 * retried after a pause, so this measures nothing about limits; any other error fails. Returns the acked
 * messages in the order they were acked.
 */
export async function sendMany(sockets, conversationId, count, { inFlight = 5, tag = 'bulk', deadlineMs = 40_000 } = {}) {
  const deadline = Date.now() + deadlineMs;
  const acked = [];
  let next = 0;
  async function worker(socket) {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const payload = { conversationId, content: `${tag} ${i}`, clientMessageId: clientMessageId(`${tag}${i}`) };
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > deadline) throw new Error(`sendMany: ${acked.length}/${count} acked before the deadline`);
        const ack = await emitAck(socket, 'message:send', payload);
        if (ack?.ok === true) {
          acked.push(ack.message);
          break;
        }
        if (ack?.error?.code !== 'rate_limited') {
          throw new Error(`sendMany: message:send -> ${JSON.stringify(ack)}`);
        }
        await sleep(Math.min(1000, 100 * 2 ** attempt));
      }
    }
  }
  await Promise.all(sockets.flatMap((s) => Array.from({ length: inFlight }, () => worker(s))));
  return acked;
}

export { sleep };
