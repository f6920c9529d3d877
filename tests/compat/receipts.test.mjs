// Receipts (issue #10): receipt:update in, receipt:updated out (coalesced), GET /api/chat/:id/receipts, and
// unreadCount counted from the read position.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { apiExpect, apiError, registerUser, createConversation } from './lib/rest.mjs';
import { closeAll, connect, emitOk, emitError, waitForEvent, sendMessage, sleep } from './lib/socket.mjs';

afterEach(closeAll);

const unreadOf = async (user, conversationId) =>
  (await apiExpect(200, 'GET', '/api/chat', { token: user.token })).conversations.find((c) => c.id === conversationId).unreadCount;

test('receipts move forward only, reach the other members, and drive unreadCount', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const eve = await registerUser('eve');
  const chat = await createConversation(alice, { type: 'group', title: 'receipts', members: [bob] });
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);
  for (let i = 1; i <= 5; i++) await sendMessage(aliceSocket, chat.id, `m${i}`);
  assert.equal(await unreadOf(bob, chat.id), 5);
  assert.equal(await unreadOf(alice, chat.id), 0, 'your own messages are not unread');

  const from = aliceSocket.received.length;
  await emitOk(bobSocket, 'receipt:update', { conversationId: chat.id, deliveredSeq: 5, readSeq: 3 });
  const update = await waitForEvent(aliceSocket, 'receipt:updated', { from });
  assert.deepEqual(update, { conversationId: chat.id, userId: bob.id, deliveredSeq: 5, readSeq: 3 });
  assert.equal(await unreadOf(bob, chat.id), 2);

  // Lower values are ignored; values past the end are capped at the last seq.
  await emitOk(bobSocket, 'receipt:update', { conversationId: chat.id, readSeq: 1 });
  await emitOk(bobSocket, 'receipt:update', { conversationId: chat.id, readSeq: 999 });
  const { receipts } = await apiExpect(200, 'GET', `/api/chat/${chat.id}/receipts`, { token: alice.token });
  assert.deepEqual(receipts.find((r) => r.userId === bob.id), { userId: bob.id, deliveredSeq: 5, readSeq: 5 });
  assert.equal(await unreadOf(bob, chat.id), 0);

  // Bad input and strangers.
  await emitError(bobSocket, 'receipt:update', { conversationId: chat.id }, 'validation_failed');
  await emitError(bobSocket, 'receipt:update', { conversationId: chat.id, readSeq: -1 }, 'validation_failed');
  await emitError(bobSocket, 'receipt:update', { conversationId: chat.id, readSeq: 'x' }, 'validation_failed');
  await emitError(bobSocket, 'receipt:update', { readSeq: 1 }, 'validation_failed');
  const eveSocket = await connect(eve);
  await emitError(eveSocket, 'receipt:update', { conversationId: chat.id, readSeq: 1 }, 'not_member');
  await apiError('GET', `/api/chat/${chat.id}/receipts`, { token: eve.token }, { status: 404, code: 'not_found' });
});

test('receipt:updated is coalesced to at most one per user per conversation per second', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const chat = await createConversation(alice, { type: 'direct', members: [bob] });
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);
  for (let i = 1; i <= 20; i++) await sendMessage(aliceSocket, chat.id, `m${i}`);
  const from = aliceSocket.received.length;
  const started = Date.now();
  for (let seq = 1; seq <= 20; seq++) await emitOk(bobSocket, 'receipt:update', { conversationId: chat.id, readSeq: seq });
  const elapsed = Date.now() - started;
  // The last value always arrives, at most a second after the one before it.
  await waitForEvent(aliceSocket, 'receipt:updated', { from, filter: (u) => u.readSeq === 20, timeout: 3000 });
  await sleep(200);
  const updates = aliceSocket.received.slice(from).filter((r) => r.event === 'receipt:updated');
  const allowed = Math.ceil((Date.now() - started) / 1000) + 1;
  assert.ok(updates.length <= allowed, `${updates.length} receipt:updated in ${elapsed} ms of updates (allowed ${allowed})`);
  for (let i = 1; i < updates.length; i++) {
    // The server spaces them 1 s apart; arrival times may bunch up by the delivery jitter, never down to burst.
    assert.ok(updates[i].at - updates[i - 1].at >= 500, `two receipt:updated ${updates[i].at - updates[i - 1].at} ms apart`);
    assert.ok(updates[i].args[0].readSeq > updates[i - 1].args[0].readSeq);
  }
});
