// Messages that live (issue #10): edit, delete, reactions, pins, replies — every change an event in the
// conversation's log, delivered live as conversation:event and replayed by sync.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiExpect, apiError, registerUser, createConversation } from './lib/rest.mjs';
import {
  closeAll, connect, disconnect, emitAck, emitOk, emitError, waitForEvent, waitForEvents, expectNoEvent,
  sendMessage, clientMessageId, eventsOf,
} from './lib/socket.mjs';
import { assertMessage } from './lib/assertions.mjs';

afterEach(closeAll);

const postMessage = (user, conversationId, content, extra = {}) =>
  apiExpect(201, 'POST', '/api/messages', {
    token: user.token, body: { conversationId, content, clientMessageId: clientMessageId('rest'), ...extra },
  }).then((b) => b.message);

/** Every sync page from `since`; returns all events in arrival order and the messages. */
async function syncEvents(socket, since) {
  const cursor = { ...since };
  const events = [];
  const messages = [];
  for (let page = 0; page < 50; page++) {
    const ack = await emitOk(socket, 'sync', { since: cursor });
    assert.ok(Array.isArray(ack.events), `sync: events is an array: ${JSON.stringify(ack).slice(0, 300)}`);
    for (const e of ack.events) {
      assert.ok(e.seq > cursor[e.conversationId], `event ${e.seq} at or below the cursor`);
      cursor[e.conversationId] = e.seq;
      events.push(e);
    }
    messages.push(...ack.messages);
    if (!ack.hasMore) return { events, messages };
  }
  throw new Error('sync never ended');
}

/** A client's view rebuilt from the log alone: what a device that was offline would show after sync. */
function replay(events, me) {
  const state = new Map();
  for (const e of events) {
    if (e.type === 'message') {
      // A `message` event carries the message as it is now; a replaying client starts from its creation.
      state.set(e.message.id, { id: e.message.id, content: e.message.deleted || e.message.removed ? null : e.message.content,
        deleted: false, pinned: false, reactions: new Map(), edited: false, created: e.message });
      continue;
    }
    const m = state.get(e.messageId);
    assert.ok(m, `event ${e.type} ${e.seq} names an unknown message ${e.messageId}`);
    switch (e.type) {
      case 'message.edited': m.content = e.content; m.edited = true; break;
      case 'message.deleted': m.deleted = true; m.content = null; m.pinned = false; m.reactions.clear(); break;
      case 'message.hidden': m.content = null; break;
      case 'message.pinned': m.pinned = true; break;
      case 'message.unpinned': m.pinned = false; break;
      case 'reaction.added': {
        const users = m.reactions.get(e.emoji) ?? new Set();
        users.add(e.userId);
        m.reactions.set(e.emoji, users);
        break;
      }
      case 'reaction.removed': {
        m.reactions.get(e.emoji)?.delete(e.userId);
        if (m.reactions.get(e.emoji)?.size === 0) m.reactions.delete(e.emoji);
        break;
      }
      default: assert.fail(`unknown event type ${e.type}`);
    }
  }
  return [...state.values()].map((m) => ({
    id: m.id, content: m.content, deleted: m.deleted, pinned: m.pinned,
    reactions: [...m.reactions.entries()].map(([emoji, users]) => ({ emoji, count: users.size, me: users.has(me) }))
      .sort((a, b) => a.emoji.localeCompare(b.emoji)),
  }));
}

const viewOf = (m) => ({
  id: m.id, content: m.content, deleted: m.deleted, pinned: m.pinned,
  reactions: [...m.reactions].sort((a, b) => a.emoji.localeCompare(b.emoji)),
});

test('edit: author only, live to the other sockets, validated like a send, refused on deleted messages', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const eve = await registerUser('eve');
  const chat = await createConversation(alice, { type: 'group', title: 'edits', members: [bob] });
  const aliceA = await connect(alice);
  const aliceB = await connect(alice);
  const bobSocket = await connect(bob);
  const original = await sendMessage(aliceA, chat.id, 'teh original');
  assertMessage(original, { editedAt: null, deleted: false, pinned: false, replyTo: null, reactions: [] });

  const bobFrom = bobSocket.received.length;
  const ack = await emitOk(aliceA, 'message:edit', { messageId: original.id, content: 'the original' });
  assert.equal(ack.message.content, 'the original');
  assert.equal(ack.message.seq, original.seq, 'a message keeps the seq of its creation');
  assert.equal(typeof ack.message.editedAt, 'string');
  const live = await waitForEvent(bobSocket, 'conversation:event', { from: bobFrom, filter: (e) => e.type === 'message.edited' });
  assert.equal(live.conversationId, chat.id);
  assert.equal(live.messageId, original.id);
  assert.equal(live.content, 'the original');
  assert.equal(live.actorId, alice.id);
  assert.equal(live.seq, original.seq + 1, 'the edit is the next event of the conversation');
  assert.equal(typeof live.editedAt, 'string');
  await waitForEvent(aliceB, 'conversation:event', { filter: (e) => e.seq === live.seq });
  await expectNoEvent(aliceA, 'conversation:event');

  // REST edit, then history shows the current text.
  const rest = await apiExpect(200, 'PUT', `/api/messages/${original.id}`, { token: alice.token, body: { content: 'edited twice' } });
  assert.equal(rest.message.content, 'edited twice');
  const { messages } = await apiExpect(200, 'GET', `/api/chat/${chat.id}/messages`, { token: bob.token });
  assert.equal(messages.find((m) => m.id === original.id).content, 'edited twice');

  // Someone else's message, a stranger, bad input.
  await apiError('PUT', `/api/messages/${original.id}`, { token: bob.token, body: { content: 'mine now' } }, { status: 403, code: 'forbidden' });
  await emitError(bobSocket, 'message:edit', { messageId: original.id, content: 'mine now' }, 'forbidden');
  await apiError('PUT', `/api/messages/${original.id}`, { token: eve.token, body: { content: 'x' } }, { status: 404, code: 'not_found' });
  const eveSocket = await connect(eve);
  await emitError(eveSocket, 'message:edit', { messageId: original.id, content: 'x' }, 'not_member');
  await apiError('PUT', `/api/messages/${original.id}`, { token: alice.token, body: { content: '   ' } }, { status: 400, code: 'validation_failed' });
  await apiError('PUT', `/api/messages/${original.id}`, { token: alice.token, body: { content: 'x'.repeat(4001) } }, { status: 400, code: 'validation_failed' });
  await apiError('PUT', '/api/messages/999999999', { token: alice.token, body: { content: 'x' } }, { status: 404, code: 'not_found' });
  await apiError('PUT', '/api/messages/abc', { token: alice.token, body: { content: 'x' } }, { status: 404, code: 'not_found' });
  await emitError(aliceA, 'message:edit', { messageId: original.id }, 'validation_failed');

  await apiExpect(204, 'DELETE', `/api/messages/${original.id}`, { token: alice.token });
  await apiError('PUT', `/api/messages/${original.id}`, { token: alice.token, body: { content: 'back' } }, { status: 400, code: 'validation_failed' });
});

test('delete: a tombstone for everyone, by author, group admin or nobody else', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  const group = await createConversation(alice, { type: 'group', title: 'deletes', members: [bob, carol] });
  const bobSocket = await connect(bob);
  const carolSocket = await connect(carol);
  const fromBob = await sendMessage(bobSocket, group.id, 'bob says something');
  const fromCarol = await sendMessage(carolSocket, group.id, 'carol says something');

  await apiError('DELETE', `/api/messages/${fromCarol.id}`, { token: bob.token }, { status: 403, code: 'forbidden' });
  await emitError(bobSocket, 'message:delete', { messageId: fromCarol.id }, 'forbidden');

  const carolFrom = carolSocket.received.length;
  const ack = await emitOk(bobSocket, 'message:delete', { messageId: fromBob.id });
  assert.equal(ack.ok, true);
  const byAuthor = await waitForEvent(carolSocket, 'conversation:event', { from: carolFrom, filter: (e) => e.type === 'message.deleted' });
  assert.deepEqual({ messageId: byAuthor.messageId, by: byAuthor.by, actorId: byAuthor.actorId }, { messageId: fromBob.id, by: 'author', actorId: bob.id });

  // The group's owner deletes carol's message: "admin".
  await apiExpect(204, 'DELETE', `/api/messages/${fromCarol.id}`, { token: alice.token });
  const byAdmin = await waitForEvent(carolSocket, 'conversation:event', { filter: (e) => e.type === 'message.deleted' && e.messageId === fromCarol.id });
  assert.equal(byAdmin.by, 'admin');
  // Deleting again changes nothing and is no error.
  await apiExpect(204, 'DELETE', `/api/messages/${fromCarol.id}`, { token: alice.token });

  const { messages } = await apiExpect(200, 'GET', `/api/chat/${group.id}/messages`, { token: carol.token });
  for (const m of messages) {
    assert.equal(m.deleted, true, JSON.stringify(m));
    assert.equal(m.content, null, JSON.stringify(m));
  }
  assert.ok(!JSON.stringify(messages).includes('says something'));
  await apiError('POST', `/api/messages/${fromBob.id}/react`, { token: carol.token, body: { emoji: '👍' } }, { status: 400, code: 'validation_failed' });
});

test('reactions: one per user and emoji, counts with me, limits, removal', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const chat = await createConversation(alice, { type: 'direct', members: [bob] });
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);
  const m = await sendMessage(aliceSocket, chat.id, 'react to me');

  const aliceFrom = aliceSocket.received.length;
  const first = await emitOk(bobSocket, 'reaction:add', { messageId: m.id, emoji: '👍' });
  assert.deepEqual(first.message.reactions, [{ emoji: '👍', count: 1, me: true }]);
  const again = await emitOk(bobSocket, 'reaction:add', { messageId: m.id, emoji: '👍' });
  assert.deepEqual(again.message.reactions, [{ emoji: '👍', count: 1, me: true }], 'the same reaction twice is one');
  const rest = await apiExpect(200, 'POST', `/api/messages/${m.id}/react`, { token: alice.token, body: { emoji: '👍' } });
  assert.deepEqual(rest.message.reactions, [{ emoji: '👍', count: 2, me: true }]);
  const live = await waitForEvents(aliceSocket, 'conversation:event', 1, { filter: (e) => e.type === 'reaction.added' });
  assert.deepEqual({ messageId: live[0].messageId, userId: live[0].userId, emoji: live[0].emoji }, { messageId: m.id, userId: bob.id, emoji: '👍' });
  // Announced once: counted from aliceFrom, not from the index after it (another event — bob's presence — may
  // arrive first; the test once failed on exactly that).
  const byBob = (e) => e.type === 'reaction.added' && e.userId === bob.id;
  await expectNoEvent(aliceSocket, 'conversation:event', { filter: (e) => byBob(e) });
  assert.equal(eventsOf(aliceSocket, 'conversation:event', byBob, aliceFrom).length, 1, 'the same reaction twice is announced once');

  // Bob's view of the message: reactions relative to bob.
  const { messages } = await apiExpect(200, 'GET', `/api/messages/${chat.id}`, { token: bob.token });
  assert.deepEqual(messages[0].reactions, [{ emoji: '👍', count: 2, me: true }]);

  // Removal over REST with the emoji in the path.
  const removed = await apiExpect(200, 'DELETE', `/api/messages/${m.id}/react/${encodeURIComponent('👍')}`, { token: bob.token });
  assert.deepEqual(removed.message.reactions, [{ emoji: '👍', count: 1, me: false }]);
  await emitOk(aliceSocket, 'reaction:remove', { messageId: m.id, emoji: '👍' });
  const after = await apiExpect(200, 'GET', `/api/chat/${chat.id}/messages`, { token: alice.token });
  assert.deepEqual(after.messages[0].reactions, []);

  // Limits: 1-32 bytes of UTF-8, no control characters, 20 distinct per user per message.
  for (const emoji of ['', 'x'.repeat(33), 'a\u0007', '\u0000']) {
    await apiError('POST', `/api/messages/${m.id}/react`, { token: bob.token, body: { emoji } }, { status: 400, code: 'validation_failed' });
  }
  await apiExpect(200, 'POST', `/api/messages/${m.id}/react`, { token: bob.token, body: { emoji: '👩‍👩‍👧‍👦' } });
  for (let i = 1; i < 20; i++) await emitOk(bobSocket, 'reaction:add', { messageId: m.id, emoji: `r${i}` });
  await emitError(bobSocket, 'reaction:add', { messageId: m.id, emoji: 'one-too-many' }, 'validation_failed');
  await emitError(bobSocket, 'reaction:add', { messageId: m.id }, 'validation_failed');
});

test('pins: members in direct chats, owner/admin in groups, GET pins, the 50-pin cap shows as validation_failed', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const direct = await createConversation(alice, { type: 'direct', members: [bob] });
  const group = await createConversation(alice, { type: 'group', title: 'pins', members: [bob] });
  const bobSocket = await connect(bob);
  const d = await sendMessage(bobSocket, direct.id, 'pin me');
  const g = await sendMessage(bobSocket, group.id, 'pin me too');

  const pinned = await apiExpect(200, 'POST', '/api/messages/pin', { token: bob.token, body: { messageId: d.id, pinned: true } });
  assert.equal(pinned.message.pinned, true);
  await apiError('POST', '/api/messages/pin', { token: bob.token, body: { messageId: g.id, pinned: true } }, { status: 403, code: 'forbidden' });
  await apiExpect(200, 'POST', '/api/messages/pin', { token: alice.token, body: { messageId: g.id, pinned: true } });
  const ev = await waitForEvent(bobSocket, 'conversation:event', { filter: (e) => e.type === 'message.pinned' && e.messageId === g.id });
  assert.equal(ev.actorId, alice.id);
  const pins = await apiExpect(200, 'GET', `/api/chat/${group.id}/pins`, { token: bob.token });
  assert.deepEqual(pins.messages.map((m) => m.id), [g.id]);
  await apiExpect(200, 'POST', '/api/messages/pin', { token: alice.token, body: { messageId: g.id, pinned: false } });
  assert.deepEqual((await apiExpect(200, 'GET', `/api/chat/${group.id}/pins`, { token: bob.token })).messages, []);
  await apiError('POST', '/api/messages/pin', { token: alice.token, body: { messageId: g.id, pinned: 'yes' } }, { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/messages/pin', { token: alice.token, body: {} }, { status: 400, code: 'validation_failed' });
  const stranger = await registerUser('eve');
  await apiError('GET', `/api/chat/${group.id}/pins`, { token: stranger.token }, { status: 404, code: 'not_found' });
  await apiError('POST', '/api/messages/pin', { token: stranger.token, body: { messageId: g.id } }, { status: 404, code: 'not_found' });
});

test('replies: replyTo with an excerpt, only within the same conversation', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const chat = await createConversation(alice, { type: 'direct', members: [bob] });
  const other = await createConversation(alice, { type: 'group', title: 'elsewhere', members: [] });
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);
  const question = await sendMessage(aliceSocket, chat.id, 'lunch at noon?');
  const bobFrom = bobSocket.received.length;
  const ack = await emitOk(bobSocket, 'message:send', {
    conversationId: chat.id, content: 'yes', clientMessageId: clientMessageId(), replyTo: question.id,
  });
  assert.deepEqual(ack.message.replyTo, { id: question.id, senderId: alice.id, excerpt: 'lunch at noon?' });
  const live = await waitForEvent(aliceSocket, 'message:received', { filter: (p) => p.message.id === ack.message.id });
  assert.deepEqual(live.message.replyTo, ack.message.replyTo);
  assert.equal(bobSocket.received.slice(bobFrom)
    .filter((r) => r.event === 'message:received' && r.args[0].message.id === ack.message.id).length, 0, 'no echo to the sender');
  const rest = await postMessage(alice, chat.id, 'great', { replyTo: ack.message.id });
  assert.equal(rest.replyTo.id, ack.message.id);
  const elsewhere = await postMessage(alice, other.id, 'not here');
  await emitError(bobSocket, 'message:send', {
    conversationId: chat.id, content: 'x', clientMessageId: clientMessageId(), replyTo: elsewhere.id,
  }, 'validation_failed');
  await apiError('POST', '/api/messages', {
    token: alice.token, body: { conversationId: chat.id, content: 'x', clientMessageId: clientMessageId(), replyTo: 'nope' },
  }, { status: 400, code: 'validation_failed' });
  // A deleted message's replies keep the reference, without its text.
  await apiExpect(204, 'DELETE', `/api/messages/${question.id}`, { token: alice.token });
  const { messages } = await apiExpect(200, 'GET', `/api/chat/${chat.id}/messages`, { token: bob.token });
  assert.deepEqual(messages.find((m) => m.id === ack.message.id).replyTo, { id: question.id, senderId: alice.id, excerpt: null });
});

test('a device that was offline catches up through sync to exactly the current state, gapless', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const chat = await createConversation(alice, { type: 'group', title: 'offline', members: [bob] });
  let bobSocket = await connect(bob);
  const aliceSocket = await connect(alice);
  const seen = [];
  for (let i = 1; i <= 4; i++) seen.push(await sendMessage(aliceSocket, chat.id, `seen ${i}`));
  await waitForEvents(bobSocket, 'message:received', 4);
  disconnect(bobSocket);

  // While bob is away, the messages he saw change.
  await emitOk(aliceSocket, 'message:edit', { messageId: seen[0].id, content: 'seen 1, edited' });
  await emitOk(aliceSocket, 'message:edit', { messageId: seen[0].id, content: 'seen 1, edited again' });
  await emitOk(aliceSocket, 'reaction:add', { messageId: seen[1].id, emoji: '🎉' });
  await apiExpect(200, 'POST', '/api/messages/pin', { token: alice.token, body: { messageId: seen[2].id } });
  await apiExpect(200, 'POST', '/api/messages/pin', { token: alice.token, body: { messageId: seen[3].id } });
  await emitOk(aliceSocket, 'message:delete', { messageId: seen[3].id });
  const later = await sendMessage(aliceSocket, chat.id, 'while you were away');
  await emitOk(aliceSocket, 'reaction:add', { messageId: later.id, emoji: '👀' });
  await emitOk(aliceSocket, 'reaction:remove', { messageId: later.id, emoji: '👀' });

  bobSocket = await connect(bob);
  const { events, messages } = await syncEvents(bobSocket, { [chat.id]: 0 });
  assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1), 'event seqs are gapless from 1');
  assert.equal(events.length, 4 + 8 + 1, JSON.stringify(events.map((e) => e.type)));
  for (const e of events) {
    assert.equal(e.conversationId, chat.id);
    assert.equal(typeof e.createdAt, 'string');
    assert.equal(e.actorId, alice.id);
  }
  // Only what happened after bob's position, from there.
  const tail = await syncEvents(bobSocket, { [chat.id]: 4 });
  assert.deepEqual(tail.events.map((e) => e.seq), events.slice(4).map((e) => e.seq));
  assert.deepEqual(tail.messages.map((m) => m.id), [later.id]);
  assert.deepEqual(messages.map((m) => m.id), [...seen.map((m) => m.id), later.id]);

  const { messages: current } = await apiExpect(200, 'GET', `/api/chat/${chat.id}/messages`, { token: bob.token });
  assert.deepEqual(replay(events, bob.id), current.map(viewOf));
  assert.ok(!JSON.stringify(events).includes('seen 4'), 'a deleted message leaves no text in the log');
});

test('concurrent edits and reactions from several sockets: one order for every member', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  const chat = await createConversation(alice, { type: 'group', title: 'race', members: [bob, carol] });
  const sockets = [await connect(alice), await connect(alice), await connect(bob), await connect(carol)];
  const watcher = await connect(carol);
  const target = await sendMessage(sockets[0], chat.id, 'race target');
  const start = target.seq;
  const ops = [];
  for (let i = 0; i < 10; i++) {
    ops.push(emitOk(sockets[i % 2], 'message:edit', { messageId: target.id, content: `edit ${i}` }));
    ops.push(emitOk(sockets[2], 'reaction:add', { messageId: target.id, emoji: `b${i}` }));
    ops.push(emitOk(sockets[3], 'reaction:add', { messageId: target.id, emoji: `c${i}` }));
  }
  await Promise.all(ops);
  const live = await waitForEvents(watcher, 'conversation:event', 30, { timeout: 10_000 });
  assert.deepEqual(live.map((e) => e.seq), live.map((_, i) => start + 1 + i), 'live events arrive in seq order, gapless');
  const { events } = await syncEvents(watcher, { [chat.id]: start });
  assert.deepEqual(events.map((e) => `${e.seq}:${e.type}:${e.content ?? e.emoji}`), live.map((e) => `${e.seq}:${e.type}:${e.content ?? e.emoji}`),
    'sync replays exactly what was delivered live');
  const lastEdit = events.filter((e) => e.type === 'message.edited').pop();
  const { messages } = await apiExpect(200, 'GET', `/api/chat/${chat.id}/messages`, { token: bob.token });
  assert.equal(messages[0].content, lastEdit.content, 'the last edit in the log is the current text');
  assert.equal(messages[0].reactions.length, 20);
  const status = (await api('GET', `/api/chat/${chat.id}/messages`, { token: alice.token })).status;
  assert.equal(status, 200);
  await emitAck(sockets[0], 'sync', { since: { [chat.id]: 0 } });
});
