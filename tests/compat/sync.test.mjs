// sync {since:{conversationId: seq}}: catch-up after reconnect, paged with hasMore.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerUser, createConversation } from './lib/rest.mjs';
import {
  closeAll, connect, disconnect, emitAck, emitError, waitForEvents, sendMessage, sendMany,
} from './lib/socket.mjs';
import { assertMessage, assertGapless, assertAscendingBySeq } from './lib/assertions.mjs';

afterEach(closeAll);

/**
 * Calls sync until hasMore is false, advancing each conversation's cursor to the last seq received.
 * Returns {byConversation: Map(id -> messages), pages}.
 */
async function syncAll(socket, since, maxPages = 50) {
  const cursor = { ...since };
  const byConversation = new Map(Object.keys(since).map((id) => [id, []]));
  for (let page = 1; page <= maxPages; page++) {
    const ack = await emitAck(socket, 'sync', { since: cursor });
    assert.equal(ack?.ok, true, `sync ${JSON.stringify(cursor)} -> ${JSON.stringify(ack)?.slice(0, 300)}`);
    assert.ok(Array.isArray(ack.messages), 'sync: messages is an array');
    assert.equal(typeof ack.hasMore, 'boolean', `sync: hasMore is a boolean: ${ack.hasMore}`);
    for (const message of ack.messages) {
      assertMessage(message);
      assert.ok(byConversation.has(message.conversationId), `sync returned a conversation not asked for: ${message.conversationId}`);
      assert.ok(message.seq > cursor[message.conversationId],
        `sync returned seq ${message.seq} at or below the cursor ${cursor[message.conversationId]}`);
      byConversation.get(message.conversationId).push(message);
    }
    for (const [id, messages] of byConversation) {
      assertAscendingBySeq(messages, `sync of ${id}`);
      if (messages.length > 0) cursor[id] = messages[messages.length - 1].seq;
    }
    if (!ack.hasMore) return { byConversation, pages: page };
    assert.ok(ack.messages.length > 0, 'hasMore with an empty page would never end');
  }
  throw new Error(`sync still hasMore after ${maxPages} pages`);
}

test('sync after reconnect returns exactly the missed messages, in seq order, across pages', async (t) => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const big = await createConversation(alice, { type: 'group', title: 'big', members: [bob] });
  const small = await createConversation(alice, { type: 'direct', members: [bob] });
  const quiet = await createConversation(bob, { type: 'group', title: 'quiet', members: [alice] });
  const senders = [await connect(alice), await connect(alice), await connect(alice), await connect(alice)];

  // bob is online for the first 5 messages of "small", then goes away.
  let bobSocket = await connect(bob);
  for (let i = 1; i <= 5; i++) await sendMessage(senders[0], small.id, `small ${i}`);
  const live = await waitForEvents(bobSocket, 'message:received', 5);
  const lastSeen = Math.max(...live.map((p) => p.message.seq));
  assert.equal(lastSeen, 5);
  disconnect(bobSocket);

  const bigSent = await sendMany(senders, big.id, 260, { tag: 'big' });
  for (let i = 6; i <= 9; i++) await sendMessage(senders[0], small.id, `small ${i}`);

  bobSocket = await connect(bob);
  const { byConversation, pages } = await syncAll(bobSocket, { [big.id]: 0, [small.id]: lastSeen, [quiet.id]: 0 });
  // The page size is the server's choice; note when it did not page at all (then paging went untested).
  if (pages < 2) t.diagnostic(`sync returned 269 messages in ${pages} page(s): paging was not exercised`);
  const gotBig = byConversation.get(big.id);
  assertGapless(gotBig, 260, 'sync of big');
  assert.deepEqual(new Set(gotBig.map((m) => m.id)), new Set(bigSent.map((m) => m.id)), 'sync returns the acked messages');
  const gotSmall = byConversation.get(small.id);
  assert.deepEqual(gotSmall.map((m) => m.seq), [6, 7, 8, 9]);
  assert.deepEqual(gotSmall.map((m) => m.content), ['small 6', 'small 7', 'small 8', 'small 9']);
  assert.deepEqual(byConversation.get(quiet.id), []);

  // Caught up: nothing more.
  const again = await emitAck(bobSocket, 'sync', { since: { [big.id]: 260, [small.id]: 9 } });
  assert.equal(again?.ok, true, JSON.stringify(again));
  assert.deepEqual(again.messages, []);
  assert.equal(again.hasMore, false);
});

test('sync for a conversation the user is not a member of: not_member', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  const theirs = await createConversation(alice, { type: 'group', title: 'theirs', members: [bob] });
  const mine = await createConversation(carol, { type: 'group', title: 'mine', members: [] });
  const aliceSocket = await connect(alice);
  await sendMessage(aliceSocket, theirs.id, 'secret');
  const carolSocket = await connect(carol);
  await emitError(carolSocket, 'sync', { since: { [theirs.id]: 0 } }, 'not_member');
  const mixed = await emitAck(carolSocket, 'sync', { since: { [mine.id]: 0, [theirs.id]: 0 } });
  assert.equal(mixed?.ok, false, `a sync naming a foreign conversation leaks nothing: ${JSON.stringify(mixed)}`);
  assert.equal(mixed.error?.code, 'not_member');
  assert.equal(mixed.messages, undefined);
});
