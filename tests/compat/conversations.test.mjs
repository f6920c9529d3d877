// REST conversations and history: /api/chat, /api/chat/:id, /api/chat/:id/messages, blocks.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiExpect, apiError, is4xx, registerUser, createConversation } from './lib/rest.mjs';
import { closeAll, connect, sendMessage, sendMany, waitForEvent, expectNoEvent, eventsOf } from './lib/socket.mjs';
import { assertMessage, assertGapless, assertAscendingBySeq } from './lib/assertions.mjs';

afterEach(closeAll);

function member(conversation, user) {
  return conversation.members.find((m) => m.id === user.id);
}

function assertConversationShape(conversation) {
  const text = JSON.stringify(conversation);
  assert.equal(typeof conversation.id, 'string', text);
  assert.ok(conversation.type === 'direct' || conversation.type === 'group', text);
  assert.ok('title' in conversation, `conversation lacks "title": ${text}`);
  assert.ok(Array.isArray(conversation.members), text);
  for (const m of conversation.members) {
    assert.equal(typeof m.id, 'string', text);
    assert.equal(typeof m.username, 'string', text);
    assert.equal(typeof m.role, 'string', text);
  }
}

test('POST /api/chat group: 201, members with roles, the creator is "owner"', async () => {
  const [alice, bob, carol] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol')];
  const res = await apiExpect(201, 'POST', '/api/chat', {
    token: alice.token, body: { type: 'group', title: 'Team', memberIds: [bob.id, carol.id] },
  });
  const { conversation } = res;
  assertConversationShape(conversation);
  assert.equal(conversation.type, 'group');
  assert.equal(conversation.title, 'Team');
  assert.deepEqual(conversation.members.map((m) => m.id).sort(), [alice.id, bob.id, carol.id].sort());
  assert.equal(member(conversation, alice).role, 'owner');
  assert.equal(member(conversation, alice).username, alice.username);
  assert.notEqual(member(conversation, bob).role, 'owner');
});

test('POST /api/chat direct: 201 with exactly the two members', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const conversation = await createConversation(alice, { type: 'direct', members: [bob] });
  assertConversationShape(conversation);
  assert.equal(conversation.type, 'direct');
  assert.deepEqual(conversation.members.map((m) => m.id).sort(), [alice.id, bob.id].sort());
});

test('POST /api/chat direct: the creator is "owner"', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const conversation = await createConversation(alice, { type: 'direct', members: [bob] });
  assert.equal(member(conversation, alice)?.role, 'owner', JSON.stringify(conversation.members));
});

test('POST /api/chat direct: the same pair gets the same conversation back, from either side', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const first = await createConversation(alice, { type: 'direct', members: [bob] });
  const again = await api('POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [bob.id] } });
  assert.ok(again.status === 200 || again.status === 201, JSON.stringify(again));
  assert.equal(again.body.conversation.id, first.id);
  const reverse = await api('POST', '/api/chat', { token: bob.token, body: { type: 'direct', memberIds: [alice.id] } });
  assert.ok(reverse.status === 200 || reverse.status === 201, JSON.stringify(reverse));
  assert.equal(reverse.body.conversation.id, first.id);
  const { conversations } = await apiExpect(200, 'GET', '/api/chat', { token: alice.token });
  assert.equal(conversations.filter((c) => c.type === 'direct').length, 1, 'no duplicate direct conversation');
});

test('conversation:created {conversation, online} reaches every member\'s devices (the creator\'s too), once; not for an existing direct', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  const stranger = await registerUser('stranger');
  const [aliceSocket, bobSocket, carolSocket, strangerSocket] = await Promise.all([alice, bob, carol, stranger].map((u) => connect(u)));
  const direct = await createConversation(alice, { type: 'direct', members: [bob] });
  for (const socket of [aliceSocket, bobSocket]) {
    const { conversation, online } = await waitForEvent(socket, 'conversation:created', { filter: (p) => p?.conversation?.id === direct.id });
    assert.equal(conversation.type, 'direct');
    // Both are connected: the new contacts learn it here (no user:online came for them).
    assert.deepEqual([...online].sort(), [alice.id, bob.id].sort());
    assert.deepEqual(conversation.members.map((m) => m.id).sort(), [alice.id, bob.id].sort());
  }
  // The same pair again, from bob's side: the existing conversation, and no new event.
  const again = await createConversation(bob, { type: 'direct', members: [alice] });
  assert.equal(again.id, direct.id);
  const group = await createConversation(alice, { type: 'group', title: 'trio', members: [bob, carol] });
  for (const socket of [aliceSocket, bobSocket, carolSocket])
    await waitForEvent(socket, 'conversation:created', { filter: (p) => p?.conversation?.id === group.id });
  await expectNoEvent(strangerSocket, 'conversation:created', { from: 0 });
  assert.equal(eventsOf(bobSocket, 'conversation:created', (p) => p?.conversation?.id === direct.id).length, 1);
  assert.equal(eventsOf(carolSocket, 'conversation:created').length, 1, 'carol only hears of the group');
});

test('POST /api/chat validation: bad type, direct without exactly one other member, unknown member', async () => {
  const [alice, bob, carol] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol')];
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'channel', memberIds: [bob.id] } },
    { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [] } },
    { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [bob.id, carol.id] } },
    { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'group' } },
    { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/chat',
    { token: alice.token, body: { type: 'group', memberIds: ['00000000-0000-4000-8000-000000000000'] } },
    { status: is4xx });
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'group', memberIds: ['987654321'] } },
    { status: is4xx });
  await apiError('POST', '/api/chat', { body: { type: 'group', memberIds: [] } }, { status: 401, code: 'unauthorized' });
});

test('blocks: a user who blocked or was blocked cannot be added to a conversation', async () => {
  const [alice, bob, carol] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol')];
  const blocked = await api('POST', '/api/users/block', { token: alice.token, body: { userId: bob.id } });
  assert.equal(blocked.status, 204, `POST /api/users/block -> ${blocked.status} ${JSON.stringify(blocked.body)}`);
  // The blocker adding the blocked user, and the other way round, directly and in groups.
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [bob.id] } },
    { status: is4xx });
  await apiError('POST', '/api/chat', { token: bob.token, body: { type: 'direct', memberIds: [alice.id] } },
    { status: is4xx });
  await apiError('POST', '/api/chat', { token: alice.token, body: { type: 'group', memberIds: [bob.id, carol.id] } },
    { status: is4xx });
  await apiError('POST', '/api/chat', { token: bob.token, body: { type: 'group', memberIds: [alice.id] } },
    { status: is4xx });
  // Nothing was created for either of them; unrelated conversations still work.
  for (const user of [alice, bob]) {
    const { conversations } = await apiExpect(200, 'GET', '/api/chat', { token: user.token });
    assert.equal(conversations.length, 0, `${user.username}: ${JSON.stringify(conversations)}`);
  }
  await createConversation(alice, { type: 'direct', members: [carol] });
});

test('GET /api/chat lists only the caller\'s conversations', async () => {
  const [alice, bob, carol] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol')];
  const ab = await createConversation(alice, { type: 'group', title: 'ab', members: [bob] });
  const bc = await createConversation(bob, { type: 'group', title: 'bc', members: [carol] });
  const ids = async (user) =>
    (await apiExpect(200, 'GET', '/api/chat', { token: user.token })).conversations.map((c) => c.id).sort();
  assert.deepEqual(await ids(alice), [ab.id]);
  assert.deepEqual(await ids(bob), [ab.id, bc.id].sort());
  assert.deepEqual(await ids(carol), [bc.id]);
});

test('GET /api/chat: each conversation has lastMessage (message or null) and unreadCount', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const conversation = await createConversation(alice, { type: 'group', title: 'unread', members: [bob] });
  const entry = async (user) =>
    (await apiExpect(200, 'GET', '/api/chat', { token: user.token })).conversations.find((c) => c.id === conversation.id);
  const before = await entry(alice);
  assert.ok('lastMessage' in before, `no lastMessage: ${JSON.stringify(before)}`);
  assert.equal(before.lastMessage, null);
  assert.equal(before.unreadCount, 0);
  const bobSocket = await connect(bob);
  await sendMessage(bobSocket, conversation.id, 'first');
  const last = await sendMessage(bobSocket, conversation.id, 'second');
  const after = await entry(alice);
  assertMessage(after.lastMessage, { id: last.id, seq: 2, content: 'second', senderId: bob.id });
  assert.equal(after.unreadCount, 2, 'two messages from another member, none read');
  assert.ok(Number.isInteger((await entry(bob)).unreadCount));
});

test('GET /api/chat/:id: the conversation for members, 404 not_found for others', async () => {
  const [alice, bob, carol] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol')];
  const created = await createConversation(alice, { type: 'group', title: 'Read me', members: [bob] });
  for (const user of [alice, bob]) {
    const { conversation } = await apiExpect(200, 'GET', `/api/chat/${created.id}`, { token: user.token });
    assertConversationShape(conversation);
    assert.equal(conversation.id, created.id);
    assert.equal(conversation.title, 'Read me');
    assert.deepEqual(conversation.members.map((m) => m.id).sort(), [alice.id, bob.id].sort());
  }
  await apiError('GET', `/api/chat/${created.id}`, { token: carol.token }, { status: 404, code: 'not_found' });
  await apiError('GET', '/api/chat/987654321', { token: carol.token }, { status: 404, code: 'not_found' });
  await apiError('GET', '/api/chat/00000000-0000-4000-8000-000000000000', { token: carol.token },
    { status: 404, code: 'not_found' });
});

test('GET /api/chat/:id/messages: ascending by seq, limit, before, after; 404 for non-members', async () => {
  const [alice, bob, carol] = [await registerUser('alice'), await registerUser('bob'), await registerUser('carol')];
  const conversation = await createConversation(alice, { type: 'group', title: 'history', members: [bob] });
  const socket = await connect(alice);
  const sent = [];
  for (let i = 1; i <= 12; i++) sent.push(await sendMessage(socket, conversation.id, `history ${i}`));
  const path = `/api/chat/${conversation.id}/messages`;

  const all = (await apiExpect(200, 'GET', `${path}?limit=50`, { token: bob.token })).messages;
  assertGapless(all, 12, 'full history');
  all.forEach((m, i) => assertMessage(m, {
    id: sent[i].id, conversationId: conversation.id, senderId: alice.id, content: `history ${i + 1}`,
    clientMessageId: sent[i].clientMessageId,
  }));

  const latest = (await apiExpect(200, 'GET', `${path}?limit=5`, { token: bob.token })).messages;
  assert.deepEqual(latest.map((m) => m.seq), [8, 9, 10, 11, 12], 'without a cursor: the newest page, ascending');
  const before = (await apiExpect(200, 'GET', `${path}?limit=5&before=8`, { token: bob.token })).messages;
  assert.deepEqual(before.map((m) => m.seq), [3, 4, 5, 6, 7]);
  const after = (await apiExpect(200, 'GET', `${path}?limit=5&after=3`, { token: bob.token })).messages;
  assert.deepEqual(after.map((m) => m.seq), [4, 5, 6, 7, 8]);
  const tail = (await apiExpect(200, 'GET', `${path}?after=10`, { token: bob.token })).messages;
  assert.deepEqual(tail.map((m) => m.seq), [11, 12]);
  const none = (await apiExpect(200, 'GET', `${path}?after=12`, { token: bob.token })).messages;
  assert.deepEqual(none, []);
  const first = (await apiExpect(200, 'GET', `${path}?before=2`, { token: bob.token })).messages;
  assert.deepEqual(first.map((m) => m.seq), [1]);

  await apiError('GET', `${path}?limit=5`, { token: carol.token }, { status: 404, code: 'not_found' });
  await apiError('GET', `${path}?limit=abc`, { token: bob.token }, { status: 400, code: 'validation_failed' });
});

test('GET /api/chat/:id/messages pages through a long history without gaps', async () => {
  const [alice, bob] = [await registerUser('alice'), await registerUser('bob')];
  const conversation = await createConversation(alice, { type: 'group', title: 'long', members: [bob] });
  const sockets = [await connect(alice), await connect(alice), await connect(bob)];
  await sendMany(sockets, conversation.id, 120);
  const path = `/api/chat/${conversation.id}/messages`;
  // Backwards with before=, as a client scrolling up does.
  const pages = [];
  let cursor = '';
  for (let i = 0; i < 20; i++) {
    const { messages } = await apiExpect(200, 'GET', `${path}?limit=25${cursor}`, { token: alice.token });
    if (messages.length === 0) break;
    assertAscendingBySeq(messages);
    pages.unshift(...messages);
    cursor = `&before=${messages[0].seq}`;
  }
  assertGapless(pages, 120, 'paged history');
});
