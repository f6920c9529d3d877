// Authentication: REST register, CONNECT with a token, and the pending (no token) register_user flow.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { apiExpect, apiError, registerUser, createConversation, uniqueName } from './lib/rest.mjs';
import {
  closeAll, connect, createSocket, awaitConnect, expectConnectError, emitOk, emitError,
  waitForEvent, waitForDisconnect, expectNoEvent, sendMessage, clientMessageId, sleep,
} from './lib/socket.mjs';

afterEach(closeAll);

/** The server's --pending-auth-ms (run-compat passes 2000). */
const PENDING_AUTH_MS = Number(process.env.BANTER_PENDING_AUTH_MS || 2000);

function assertUnauthorized(err) {
  assert.ok(err instanceof Error, 'connect_error carries an Error');
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0, 'connect_error has a message');
  assert.equal(err.data?.code, 'unauthorized', `err.data: ${JSON.stringify(err.data)}`);
}

test('register returns 201 {user:{id,username,displayName}, token, refreshToken} with string ids', async () => {
  const username = uniqueName('reg');
  const body = await apiExpect(201, 'POST', '/api/auth/register', { body: { username, password: 'compat-password-1' } });
  assert.equal(typeof body.user.id, 'string');
  assert.equal(body.user.username, username);
  assert.equal(typeof body.user.displayName, 'string');
  assert.equal(typeof body.token, 'string');
  assert.equal(typeof body.refreshToken, 'string');
  await apiError('POST', '/api/auth/register', { body: { username, password: 'compat-password-1' } },
    { status: 409, code: 'username_taken' });
});

test('REST without a token is 401 unauthorized', async () => {
  await apiError('GET', '/api/chat', {}, { status: 401, code: 'unauthorized' });
  await apiError('GET', '/api/chat', { token: 'not-a-token' }, { status: 401, code: 'unauthorized' });
});

test('CONNECT with a valid token connects', async () => {
  const alice = await registerUser('alice');
  const socket = await connect(alice);
  assert.equal(socket.connected, true);
  assert.equal(typeof socket.id, 'string');
});

test('CONNECT with an invalid token: connect_error with data.code "unauthorized"', async () => {
  const alice = await registerUser('alice');
  assertUnauthorized(await expectConnectError({ token: 'garbage' }));
  assertUnauthorized(await expectConnectError({ token: '' }));
  assertUnauthorized(await expectConnectError({ token: 12345 }));
  // A real token with its signature damaged, and one whose payload was edited (signature no longer matches).
  const [header, payload, signature] = alice.token.split('.');
  const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
  assertUnauthorized(await expectConnectError({ token: `${header}.${payload}.${flipped}` }));
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.exp = Math.floor(Date.now() / 1000) - 3600; // "expired", but forged: no key here to sign it
  const edited = Buffer.from(JSON.stringify(claims)).toString('base64url');
  assertUnauthorized(await expectConnectError({ token: `${header}.${edited}.${signature}` }));
});

test('pending socket (no token): CONNECT accepted, other events get unauthorized acks', async () => {
  const alice = await registerUser('alice');
  const conversation = await createConversation(alice, { type: 'group', title: 'pending' });
  const socket = await awaitConnect(createSocket());
  assert.equal(socket.connected, true);
  await emitError(socket, 'message:send',
    { conversationId: conversation.id, content: 'hi', clientMessageId: clientMessageId() }, 'unauthorized');
  await emitError(socket, 'conversation:join', { conversationId: conversation.id }, 'unauthorized');
  await emitError(socket, 'sync', { since: { [conversation.id]: 0 } }, 'unauthorized');
  assert.equal(socket.connected, true, 'a rejected event does not end the pending socket');
});

test('pending socket: register_user {token} -> registration_success, then the socket works', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const conversation = await createConversation(alice, { type: 'group', title: 'late auth', members: [bob] });
  const bobSocket = await connect(bob);
  const socket = await awaitConnect(createSocket());
  const success = waitForEvent(socket, 'registration_success');
  socket.emit('register_user', { token: alice.token });
  await success;
  const message = await sendMessage(socket, conversation.id, 'after register_user');
  const received = await waitForEvent(bobSocket, 'message:received', { filter: (p) => p?.message?.id === message.id });
  assert.equal(received.message.senderId, alice.id);
  // Well past the pending deadline, the registered socket is still connected.
  await sleep(PENDING_AUTH_MS + 500);
  assert.equal(socket.connected, true, 'a registered socket is not dropped at the pending deadline');
  await emitOk(socket, 'conversation:join', { conversationId: conversation.id });
});

test('pending socket: register_user with a bad token -> auth_error, then disconnect', async () => {
  const socket = await awaitConnect(createSocket());
  const authError = waitForEvent(socket, 'auth_error');
  const disconnected = waitForDisconnect(socket);
  socket.emit('register_user', { token: 'garbage' });
  await authError;
  await disconnected;
  assert.equal(socket.connected, false);
  assert.equal(socket.received.filter((r) => r.event === 'registration_success').length, 0);
});

test('pending socket: disconnected by the server after the pending deadline', async () => {
  const socket = await awaitConnect(createSocket());
  const started = Date.now();
  const reason = await waitForDisconnect(socket, PENDING_AUTH_MS + 4000);
  assert.notEqual(reason, 'io client disconnect');
  assert.ok(Date.now() - started >= PENDING_AUTH_MS - 500,
    `disconnected after ${Date.now() - started} ms, before the ${PENDING_AUTH_MS} ms deadline`);
});

test('an authenticated socket gets no registration events and is not dropped at the pending deadline', async () => {
  const alice = await registerUser('alice');
  const conversation = await createConversation(alice, { type: 'group', title: 'no deadline' });
  const socket = await connect(alice);
  await expectNoEvent(socket, 'auth_error', { within: PENDING_AUTH_MS + 500 });
  assert.equal(socket.connected, true);
  await emitOk(socket, 'conversation:join', { conversationId: conversation.id });
});
