// conversation:join / conversation:leave, user:joined / user:left, typing.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerUser, createConversation } from './lib/rest.mjs';
import { closeAll, connect, emitOk, emitError, waitForEvent, expectNoEvent, eventsOf } from './lib/socket.mjs';
import { assertFields } from './lib/assertions.mjs';

afterEach(closeAll);

/** alice, bob and dave are members; carol is not. */
async function setup() {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  const dave = await registerUser('dave');
  const conversation = await createConversation(alice, { type: 'group', title: 'room', members: [bob, dave] });
  return { alice, bob, carol, dave, conversation };
}

const about = (conversationId, userId) => (p) => p?.conversationId === conversationId && p?.userId === userId;

test('conversation:join / conversation:leave ack {ok:true} for members', async () => {
  const { alice, conversation } = await setup();
  const socket = await connect(alice);
  await emitOk(socket, 'conversation:join', { conversationId: conversation.id });
  await emitOk(socket, 'conversation:join', { conversationId: conversation.id });
  await emitOk(socket, 'conversation:leave', { conversationId: conversation.id });
});

test('conversation:join by a non-member: not_member', async () => {
  const { carol, conversation } = await setup();
  const socket = await connect(carol);
  await emitError(socket, 'conversation:join', { conversationId: conversation.id }, 'not_member');
  await emitError(socket, 'conversation:join', { conversationId: '987654321' }, 'not_member');
});

test('conversation:leave by a non-member: not_member', async () => {
  const { carol, conversation } = await setup();
  const socket = await connect(carol);
  await emitError(socket, 'conversation:leave', { conversationId: conversation.id }, 'not_member');
});

test('user:joined / user:left go to the joined sockets of other members only', async () => {
  const { alice, bob, carol, dave, conversation } = await setup();
  const conversationId = conversation.id;
  const [aliceSocket, bobSocket, bobOther, carolSocket, daveSocket] = [
    await connect(alice), await connect(bob), await connect(bob), await connect(carol), await connect(dave),
  ];
  await emitOk(aliceSocket, 'conversation:join', { conversationId });
  await emitOk(bobOther, 'conversation:join', { conversationId });
  await emitOk(bobSocket, 'conversation:join', { conversationId });
  const joined = await waitForEvent(aliceSocket, 'user:joined', { filter: about(conversationId, bob.id) });
  assertFields(joined, { conversationId, userId: bob.id }, 'user:joined');
  // Not to the joiner itself, not to the joiner's other socket, not to a member who has not joined,
  // not to a non-member.
  await expectNoEvent(bobSocket, 'user:joined', { from: 0, filter: about(conversationId, bob.id) });
  await expectNoEvent(bobOther, 'user:joined', { from: 0, filter: about(conversationId, bob.id), within: 0 });
  await expectNoEvent(daveSocket, 'user:joined', { from: 0, within: 0 });
  await expectNoEvent(carolSocket, 'user:joined', { from: 0, within: 0 });

  await emitOk(bobSocket, 'conversation:leave', { conversationId });
  await emitOk(bobOther, 'conversation:leave', { conversationId });
  const left = await waitForEvent(aliceSocket, 'user:left', { filter: about(conversationId, bob.id) });
  assertFields(left, { conversationId, userId: bob.id }, 'user:left');
  await expectNoEvent(daveSocket, 'user:left', { from: 0 });
  await expectNoEvent(carolSocket, 'user:left', { from: 0, within: 0 });

  // After leaving, bob's sockets no longer hear about joins.
  await emitOk(daveSocket, 'conversation:join', { conversationId });
  await waitForEvent(aliceSocket, 'user:joined', { filter: about(conversationId, dave.id) });
  await expectNoEvent(bobSocket, 'user:joined', { from: 0, filter: about(conversationId, dave.id) });
});

test('typing: user:typing and user:stopped-typing reach joined sockets of others, not the typer', async () => {
  const { alice, bob, carol, dave, conversation } = await setup();
  const conversationId = conversation.id;
  const [aliceSocket, bobSocket, bobOther, carolSocket, daveSocket] = [
    await connect(alice), await connect(bob), await connect(bob), await connect(carol), await connect(dave),
  ];
  for (const socket of [aliceSocket, bobSocket, bobOther]) await emitOk(socket, 'conversation:join', { conversationId });

  await emitOk(bobSocket, 'typing:start', { conversationId });
  assertFields(await waitForEvent(aliceSocket, 'user:typing', { filter: about(conversationId, bob.id) }),
    { conversationId, userId: bob.id }, 'user:typing');
  await emitOk(bobSocket, 'typing:stop', { conversationId });
  assertFields(await waitForEvent(aliceSocket, 'user:stopped-typing', { filter: about(conversationId, bob.id) }),
    { conversationId, userId: bob.id }, 'user:stopped-typing');

  await expectNoEvent(bobSocket, 'user:typing', { from: 0 });
  for (const socket of [bobOther, daveSocket, carolSocket]) {
    assert.deepEqual(eventsOf(socket, 'user:typing'), [], 'no user:typing for the typer, non-joined or non-members');
    assert.deepEqual(eventsOf(socket, 'user:stopped-typing'), []);
  }
});

test('typing by a non-member: not_member', async () => {
  const { carol, conversation } = await setup();
  const socket = await connect(carol);
  await emitError(socket, 'typing:start', { conversationId: conversation.id }, 'not_member');
  await emitError(socket, 'typing:stop', { conversationId: conversation.id }, 'not_member');
});

test('typing expires by itself: user:stopped-typing without typing:stop within ~10 s', async () => {
  const { alice, bob, conversation } = await setup();
  const conversationId = conversation.id;
  const [aliceSocket, bobSocket] = [await connect(alice), await connect(bob)];
  await emitOk(aliceSocket, 'conversation:join', { conversationId });
  await emitOk(bobSocket, 'conversation:join', { conversationId });
  const started = Date.now();
  await emitOk(bobSocket, 'typing:start', { conversationId });
  await waitForEvent(aliceSocket, 'user:typing', { filter: about(conversationId, bob.id) });
  await waitForEvent(aliceSocket, 'user:stopped-typing', { filter: about(conversationId, bob.id), timeout: 11_000 });
  assert.ok(Date.now() - started >= 1000, 'typing expired at once');
});
