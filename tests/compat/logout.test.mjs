// Logout ends one session: its sockets close within a second, other sessions of the user stay connected.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, registerUser, createConversation, login } from './lib/rest.mjs';
import {
  closeAll, connect, expectConnectError, waitForDisconnect, waitForEvent, emitOk, sendMessage, sleep,
} from './lib/socket.mjs';

afterEach(closeAll);

test('logout closes that session\'s sockets within a second; other sessions stay connected', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const conversation = await createConversation(alice, { type: 'group', title: 'logout', members: [bob] });
  const otherToken = await login(alice);
  const [session1a, session1b, session2, bobSocket] = [
    await connect(alice.token), await connect(alice.token), await connect(otherToken), await connect(bob),
  ];
  const started = Date.now();
  const out = await api('POST', '/api/auth/logout', { token: alice.token });
  assert.equal(out.status, 204, `POST /api/auth/logout -> ${out.status} ${JSON.stringify(out.body)}`);
  const reasons = await Promise.all([waitForDisconnect(session1a, 1500), waitForDisconnect(session1b, 1500)]);
  assert.ok(Date.now() - started <= 1500, `closed after ${Date.now() - started} ms`);
  for (const reason of reasons) assert.notEqual(reason, 'io client disconnect');

  await sleep(300);
  assert.equal(session2.connected, true, 'the other session\'s socket stays connected');
  assert.equal(bobSocket.connected, true);
  await emitOk(session2, 'conversation:join', { conversationId: conversation.id });
  const message = await sendMessage(bobSocket, conversation.id, 'still there?');
  await waitForEvent(session2, 'message:received', { filter: (p) => p?.message?.id === message.id });
});

test('a logged-out (revoked) token is refused at CONNECT with data.code "unauthorized"', async () => {
  const alice = await registerUser('alice');
  const out = await api('POST', '/api/auth/logout', { token: alice.token });
  assert.equal(out.status, 204, `POST /api/auth/logout -> ${out.status} ${JSON.stringify(out.body)}`);
  const err = await expectConnectError({ token: alice.token });
  assert.equal(err.data?.code, 'unauthorized', JSON.stringify(err.data));
  assert.ok(err.message.length > 0);
});
