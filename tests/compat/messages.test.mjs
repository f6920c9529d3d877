// message:send, message:received fan-out, idempotency by clientMessageId, POST /api/messages.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiExpect, registerUser, createConversation, fetchHistory } from './lib/rest.mjs';
import {
  closeAll, connect, emitError, emitAck, assertAckError, waitForEvent, expectNoEvent, eventsOf, sendMessage,
  clientMessageId, QUIET_MS,
} from './lib/socket.mjs';
import { assertMessage, assertGapless } from './lib/assertions.mjs';

afterEach(closeAll);

const byId = (id) => (p) => p?.message?.id === id;

async function threeUsers() {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  return { alice, bob, carol };
}

test('message:send acks {ok:true, message} with the full message shape', async () => {
  const { alice, bob } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'shape', members: [bob] });
  const socket = await connect(alice);
  const cmid = clientMessageId('shape');
  const started = Date.now();
  const message = await sendMessage(socket, conversation.id, 'hello, world', cmid);
  assertMessage(message, {
    conversationId: conversation.id, seq: 1, senderId: alice.id, content: 'hello, world', clientMessageId: cmid,
  });
  assert.ok(Math.abs(Date.parse(message.createdAt) - started) < 60_000, `createdAt ${message.createdAt} is not now`);
  const second = await sendMessage(socket, conversation.id, 'again');
  assert.equal(second.seq, 2);
  assert.notEqual(second.id, message.id);
});

test('message:received reaches every socket of every member except the sending socket', async () => {
  const { alice, bob, carol } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'fanout', members: [bob] });
  const [alice1, alice2, bob1, bob2, carol1] = [
    await connect(alice), await connect(alice), await connect(bob), await connect(bob), await connect(carol),
  ];
  const message = await sendMessage(alice1, conversation.id, 'to everyone');
  for (const [name, socket] of [['alice2', alice2], ['bob1', bob1], ['bob2', bob2]]) {
    const payload = await waitForEvent(socket, 'message:received', { filter: byId(message.id) });
    assert.deepEqual(payload.message, message, `${name} got the acked message`);
  }
  await expectNoEvent(alice1, 'message:received', { from: 0 });
  await expectNoEvent(carol1, 'message:received', { from: 0, within: 0 });
  for (const socket of [alice2, bob1, bob2]) {
    assert.equal(eventsOf(socket, 'message:received').length, 1, 'exactly one delivery');
  }
});

test('message:received needs no conversation:join: members get it on connect', async () => {
  const { alice, bob } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'direct', members: [bob] });
  const [aliceSocket, bobSocket] = [await connect(alice), await connect(bob)];
  const message = await sendMessage(bobSocket, conversation.id, 'direct hello');
  const { message: got } = await waitForEvent(aliceSocket, 'message:received', { filter: byId(message.id) });
  assertMessage(got, { senderId: bob.id, conversationId: conversation.id, content: 'direct hello', seq: 1 });
});

test('message:send by a non-member: not_member, nothing stored or delivered', async () => {
  const { alice, bob, carol } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'closed', members: [bob] });
  const [bobSocket, carolSocket] = [await connect(bob), await connect(carol)];
  await emitError(carolSocket, 'message:send',
    { conversationId: conversation.id, content: 'let me in', clientMessageId: clientMessageId() }, 'not_member');
  await emitError(carolSocket, 'message:send',
    { conversationId: '987654321', content: 'nowhere', clientMessageId: clientMessageId() }, 'not_member');
  await emitError(carolSocket, 'message:send',
    { conversationId: '00000000-0000-4000-8000-000000000000', content: 'nowhere', clientMessageId: clientMessageId() },
    'not_member');
  await expectNoEvent(bobSocket, 'message:received', { from: 0 });
  assert.deepEqual(await fetchHistory(alice, conversation.id), []);
});

test('message:send validation: empty or oversized content, missing ids -> validation_failed', async () => {
  const { alice, bob } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'validation', members: [bob] });
  const [socket, bobSocket] = [await connect(alice), await connect(bob)];
  const conversationId = conversation.id;
  const bad = [
    { conversationId, content: '', clientMessageId: clientMessageId() },
    { conversationId, clientMessageId: clientMessageId() },
    { conversationId, content: 42, clientMessageId: clientMessageId() },
    { conversationId, content: 'x'.repeat(50_000), clientMessageId: clientMessageId() },
    { content: 'no conversation', clientMessageId: clientMessageId() },
    { conversationId, content: 'no client id' },
    { conversationId, content: 'empty client id', clientMessageId: '' },
  ];
  for (const payload of bad) await emitError(socket, 'message:send', payload, 'validation_failed');
  const noPayload = await emitAck(socket, 'message:send', undefined);
  assertAckError(noPayload, 'validation_failed', 'message:send without a payload');
  await expectNoEvent(bobSocket, 'message:received', { from: 0, within: 200 });
  assert.deepEqual(await fetchHistory(alice, conversation.id), []);
  assert.equal(socket.connected, true, 'invalid events do not end the socket');
  assert.equal((await sendMessage(socket, conversationId, 'valid after all')).seq, 1, 'rejected sends use no seq');
});

test('same clientMessageId from the same user: the original message back, delivered once', async () => {
  const { alice, bob } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'dedupe', members: [bob] });
  const [alice1, alice2, bobSocket] = [await connect(alice), await connect(alice), await connect(bob)];
  const cmid = clientMessageId('dup');
  const original = await sendMessage(alice1, conversation.id, 'once', cmid);
  await waitForEvent(bobSocket, 'message:received', { filter: byId(original.id) });
  // A retry from the same socket and from another device of the same user.
  assert.deepEqual(await sendMessage(alice1, conversation.id, 'once', cmid), original);
  assert.deepEqual(await sendMessage(alice2, conversation.id, 'once', cmid), original);
  await expectNoEvent(bobSocket, 'message:received', { from: 0, within: QUIET_MS, filter: (p) => p?.message?.id !== original.id });
  assert.equal(eventsOf(bobSocket, 'message:received').length, 1, 'bob received it exactly once');
  assert.equal(eventsOf(alice2, 'message:received').length, 1, 'alice2 received it exactly once');
  const history = await fetchHistory(alice, conversation.id);
  assert.deepEqual(history.map((m) => m.id), [original.id]);
  // The seq was not used up by the retries.
  assert.equal((await sendMessage(alice1, conversation.id, 'next')).seq, 2);
});

test('same clientMessageId from another user or in another conversation is a different message', async () => {
  const { alice, bob } = await threeUsers();
  const one = await createConversation(alice, { type: 'group', title: 'one', members: [bob] });
  const two = await createConversation(alice, { type: 'group', title: 'two', members: [bob] });
  const [aliceSocket, bobSocket] = [await connect(alice), await connect(bob)];
  const cmid = clientMessageId('shared');
  const a1 = await sendMessage(aliceSocket, one.id, 'same id', cmid);
  const b1 = await sendMessage(bobSocket, one.id, 'same id', cmid);
  const a2 = await sendMessage(aliceSocket, two.id, 'same id', cmid);
  assert.equal(new Set([a1.id, b1.id, a2.id]).size, 3);
  assert.deepEqual([a1.seq, b1.seq, a2.seq], [1, 2, 1]);
});

test('same clientMessageId with different content: conflict', async () => {
  const { alice, bob } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'conflict', members: [bob] });
  const [socket, bobSocket] = [await connect(alice), await connect(bob)];
  const cmid = clientMessageId('conflict');
  const original = await sendMessage(socket, conversation.id, 'first words', cmid);
  await emitError(socket, 'message:send',
    { conversationId: conversation.id, content: 'other words', clientMessageId: cmid }, 'conflict');
  await expectNoEvent(bobSocket, 'message:received', { from: 0, within: QUIET_MS, filter: (p) => p?.message?.id !== original.id });
  const history = await fetchHistory(alice, conversation.id);
  assert.deepEqual(history.map((m) => [m.id, m.content]), [[original.id, 'first words']]);
});

test('seq is per conversation and counts 1, 2, 3 across senders', async () => {
  const { alice, bob } = await threeUsers();
  const one = await createConversation(alice, { type: 'group', title: 'one', members: [bob] });
  const two = await createConversation(bob, { type: 'group', title: 'two', members: [alice] });
  const [aliceSocket, bobSocket] = [await connect(alice), await connect(bob)];
  assert.equal((await sendMessage(aliceSocket, one.id, 'a')).seq, 1);
  assert.equal((await sendMessage(bobSocket, one.id, 'b')).seq, 2);
  assert.equal((await sendMessage(aliceSocket, two.id, 'c')).seq, 1);
  assert.equal((await sendMessage(aliceSocket, one.id, 'd')).seq, 3);
  assertGapless(await fetchHistory(bob, one.id), 3, 'conversation one');
});

test('POST /api/messages: 201 {message}, delivered live to every socket of every member', async () => {
  const { alice, bob, carol } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'rest send', members: [bob] });
  const [alice1, alice2, bobSocket, carolSocket] = [
    await connect(alice), await connect(alice), await connect(bob), await connect(carol),
  ];
  const cmid = clientMessageId('rest');
  const body = { conversationId: conversation.id, content: 'over REST', clientMessageId: cmid };
  const { message } = await apiExpect(201, 'POST', '/api/messages', { token: alice.token, body });
  assertMessage(message, { conversationId: conversation.id, seq: 1, senderId: alice.id, content: 'over REST', clientMessageId: cmid });
  // No socket sent it, so all of the sender's sockets get it too.
  for (const socket of [alice1, alice2, bobSocket]) {
    const payload = await waitForEvent(socket, 'message:received', { filter: byId(message.id) });
    assert.deepEqual(payload.message, message);
  }
  // A retry with the same clientMessageId is the same message, not delivered again.
  const retry = await api('POST', '/api/messages', { token: alice.token, body });
  assert.ok(retry.status === 200 || retry.status === 201, JSON.stringify(retry));
  assert.deepEqual(retry.body.message, message);
  await expectNoEvent(bobSocket, 'message:received', { from: 0, within: QUIET_MS, filter: (p) => p?.message?.id !== message.id });
  assert.equal(eventsOf(bobSocket, 'message:received').length, 1);
  assert.equal(eventsOf(carolSocket, 'message:received').length, 0);
  // Socket and REST share one seq.
  assert.equal((await sendMessage(bobSocket, conversation.id, 'reply')).seq, 2);
});

test('POST /api/messages errors: 404/403 for non-members, 400 validation_failed', async () => {
  const { alice, bob, carol } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'rest errors', members: [bob] });
  // The route exists: a member's send works (so the 404s below are about membership, not routing).
  const { message } = await apiExpect(201, 'POST', '/api/messages', {
    token: bob.token, body: { conversationId: conversation.id, content: 'hi', clientMessageId: clientMessageId() },
  });
  const notMember = await api('POST', '/api/messages', {
    token: carol.token, body: { conversationId: conversation.id, content: 'hi', clientMessageId: clientMessageId() },
  });
  assert.ok(notMember.status === 403 || notMember.status === 404, JSON.stringify(notMember));
  assert.ok(['not_member', 'not_found'].includes(notMember.body?.error?.code), JSON.stringify(notMember.body));
  const empty = await api('POST', '/api/messages', {
    token: alice.token, body: { conversationId: conversation.id, content: '', clientMessageId: clientMessageId() },
  });
  assert.equal(empty.status, 400, JSON.stringify(empty));
  assert.equal(empty.body?.error?.code, 'validation_failed');
  const anonymous = await api('POST', '/api/messages', {
    body: { conversationId: conversation.id, content: 'hi', clientMessageId: clientMessageId() },
  });
  assert.equal(anonymous.status, 401);
  assert.deepEqual((await fetchHistory(alice, conversation.id)).map((m) => m.id), [message.id]);
});

test('text that is not valid Unicode (a lone surrogate) is refused with validation_failed, never stored altered', async () => {
  const { alice, bob } = await threeUsers();
  const conversation = await createConversation(alice, { type: 'group', title: 'unicode', members: [bob] });
  const [socket, bobSocket] = [await connect(alice), await connect(bob)];
  const conversationId = conversation.id;
  // JSON.stringify writes a lone surrogate as the escape "\ud800", which is how it reaches the server.
  for (const content of ['\ud800', 'before \udfff after', 'x\udc00\ud800y']) {
    await emitError(socket, 'message:send', { conversationId, content, clientMessageId: clientMessageId('lone') },
      'validation_failed');
    const rest = await api('POST', '/api/messages', {
      token: alice.token, body: { conversationId, content, clientMessageId: clientMessageId('lone') },
    });
    assert.equal(rest.status, 400, JSON.stringify(rest));
    assert.equal(rest.body?.error?.code, 'validation_failed');
  }
  // Elsewhere in the payload too (clientMessageId, an extra field).
  await emitError(socket, 'message:send', { conversationId, content: 'ok', clientMessageId: 'id\ud800' }, 'validation_failed');
  await emitError(socket, 'message:send', { conversationId, content: 'ok', clientMessageId: clientMessageId(), note: '\udbff' },
    'validation_failed');
  await expectNoEvent(bobSocket, 'message:received', { from: 0, within: 200 });
  assert.deepEqual(await fetchHistory(alice, conversationId), [], 'nothing stored, in particular no "?"');
  assert.equal(socket.connected, true, 'a refused text does not end the socket');
  // A well-formed surrogate pair is ordinary text and comes back unchanged.
  const emoji = await sendMessage(socket, conversationId, 'smile \ud83d\ude00');
  assert.equal(emoji.content, 'smile 😀');
  assert.equal(emoji.seq, 1, 'refused sends use no seq');
  assert.equal((await fetchHistory(bob, conversationId))[0].content, 'smile 😀');
});

test('other user text with a lone surrogate or U+0000 (display name, bio, title) is refused, not altered', async () => {
  const alice = await registerUser('alice');
  const profile = await api('PUT', '/api/users/profile', { token: alice.token, body: { displayName: 'A\ud800' } });
  assert.equal(profile.status, 400, JSON.stringify(profile));
  assert.equal(profile.body?.error?.code, 'validation_failed');
  const bio = await api('PUT', '/api/users/profile', { token: alice.token, body: { bio: '\udc00' } });
  assert.equal(bio.status, 400, JSON.stringify(bio));
  // U+0000 would be cut off by the database driver (a text column cannot hold it): refused too.
  const nul = await api('PUT', '/api/users/profile', { token: alice.token, body: { displayName: 'A\u0000B' } });
  assert.equal(nul.status, 400, JSON.stringify(nul));
  assert.equal(nul.body?.error?.code, 'validation_failed');
  const me = await apiExpect(200, 'GET', '/api/users/profile', { token: alice.token });
  assert.equal(me.user.displayName, alice.displayName);
  const username = `lone_${Date.now().toString(36)}`;
  const reg = await api('POST', '/api/auth/register', {
    body: { username, password: 'compat-password-1', displayName: 'Lone \ud800' },
  });
  assert.equal(reg.status, 400, JSON.stringify(reg));
  assert.equal(reg.body?.error?.code, 'validation_failed');
  // No account was made: the same name registers fine with a valid display name.
  await apiExpect(201, 'POST', '/api/auth/register', { body: { username, password: 'compat-password-1', displayName: 'Lone' } });
  const title = await api('POST', '/api/chat', { token: alice.token, body: { type: 'group', title: 'T\udfff', memberIds: [] } });
  assert.equal(title.status, 400, JSON.stringify(title));
  assert.equal(title.body?.error?.code, 'validation_failed');
});
