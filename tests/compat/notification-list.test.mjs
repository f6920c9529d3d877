// In-app notifications (issue #12, docs/api.md "Notifications"): who hears of what (mention, reply, reaction,
// message while offline, group.added), coalescing, blocks and settings, the list with its cursor, read marks, and
// the live notification:new / notification:read events over the official client. Notifications are made by a
// background job after the commit, so the tests wait for them (until()).
import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import { api, apiExpect, apiError, registerUser, createConversation } from './lib/rest.mjs';
import { connect, closeAll, emitOk, sendMessage, clientMessageId, waitForEvent, expectNoEvent, sleep } from './lib/socket.mjs';

after(closeAll);

const LIST = '/api/notifications';

async function notifications(user, query = '') {
  return apiExpect(200, 'GET', `${LIST}${query}`, { token: user.token });
}

/** Polls the user's list until check(list) holds (the fan-out job runs after the commit). */
async function until(user, what, check, timeout = 8_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await notifications(user);
    if (check(last.notifications, last)) return last;
    await sleep(100);
  }
  assert.fail(`${what}: not within ${timeout} ms; the list: ${JSON.stringify(last)}`);
}

/** Waits long enough for a fan-out to have run, then returns the list (for "nothing was made" checks). */
async function settled(user, sender, conversationId) {
  // A message that certainly notifies `user` (a mention) goes after the ones that should not: once it is
  // there, the earlier batches' fan-out jobs ran too (one queue, due in order; a 300 ms margin for a second thread).
  await sendMessage(sender.socket, conversationId, `sync @${user.username}`);
  await until(user, 'the sync mention', (list) => list.some((n) => n.kind === 'mention' && n.conversationId === conversationId));
  await sleep(300);
  return notifications(user);
}

test('a member with no connected device gets one `message` notification per conversation, counting; online members none', async () => {
  const [alice, bob, carol] = [await registerUser('nal'), await registerUser('nbo'), await registerUser('nca')];
  const group = await createConversation(alice, { title: 'n', members: [bob, carol] });
  alice.socket = await connect(alice);
  carol.socket = await connect(carol); // carol is online, bob is not
  for (const text of ['one', 'two', 'three']) await sendMessage(alice.socket, group.id, text);
  const last = await sendMessage(alice.socket, group.id, 'four');
  const { notifications: list, unreadCount } = await until(bob, 'bob\'s message notification',
    (l) => l.some((n) => n.kind === 'message' && n.count === 4));
  const messages = list.filter((n) => n.kind === 'message');
  assert.equal(messages.length, 1, 'one per conversation while unread');
  const n = messages[0];
  assert.equal(n.conversationId, group.id);
  assert.equal(n.messageId, last.id, 'the latest message');
  assert.equal(n.actorId, alice.id);
  assert.equal(n.readAt, null);
  assert.equal(typeof n.id, 'string');
  assert.ok(!Number.isNaN(Date.parse(n.createdAt)));
  assert.ok(unreadCount >= 1);
  assert.ok(!('content' in n) && !JSON.stringify(n).includes('three'), 'no message text in notifications');
  const carolList = await settled(carol, alice, group.id);
  assert.deepEqual(carolList.notifications.filter((x) => x.kind === 'message'), [], 'carol was online: no message notification');
  assert.deepEqual((await notifications(alice)).notifications, [], 'the sender hears nothing of her own messages');
});

test('mentions, replies and reactions reach a connected device live (notification:new) and the list', async () => {
  const [alice, bob] = [await registerUser('mal'), await registerUser('mbo')];
  const group = await createConversation(alice, { title: 'm', members: [bob] });
  alice.socket = await connect(alice);
  bob.socket = await connect(bob);
  // A mention, written the way people do: other case, at the end of a sentence.
  const live = waitForEvent(bob.socket, 'notification:new', { filter: (p) => p.notification.kind === 'mention', timeout: 8_000 });
  const mention = await sendMessage(alice.socket, group.id, `hello @${bob.username.toUpperCase()}.`);
  const { notification } = await live;
  assert.equal(notification.messageId, mention.id);
  assert.equal(notification.conversationId, group.id);
  assert.equal(notification.actorId, alice.id);
  assert.equal(notification.readAt, null);
  // A reply to bob's message notifies bob (even online: it is about him); alice's own reply to herself nothing.
  const question = await sendMessage(bob.socket, group.id, 'a question');
  const replied = waitForEvent(bob.socket, 'notification:new', { filter: (p) => p.notification.kind === 'reply', timeout: 8_000 });
  const answer = await emitOk(alice.socket, 'message:send', {
    conversationId: group.id, content: 'an answer', clientMessageId: clientMessageId(), replyTo: question.id,
  });
  assert.equal((await replied).notification.messageId, answer.message.id);
  // Reactions to bob's message: one notification per message while unread, counting.
  await emitOk(alice.socket, 'reaction:add', { messageId: question.id, emoji: '👍' });
  await emitOk(alice.socket, 'reaction:add', { messageId: question.id, emoji: '🎉' });
  const { notifications: list } = await until(bob, 'the reactions', (l) => l.some((n) => n.kind === 'reaction' && n.count === 2));
  const reactions = list.filter((n) => n.kind === 'reaction');
  assert.equal(reactions.length, 1);
  assert.equal(reactions[0].messageId, question.id);
  assert.deepEqual(list.filter((n) => n.kind === 'mention').map((n) => n.messageId), [mention.id]);
  // bob reacting to his own message tells nobody.
  await emitOk(bob.socket, 'reaction:add', { messageId: question.id, emoji: '👀' });
  const aliceList = await settled(alice, bob, group.id);
  assert.deepEqual(aliceList.notifications.filter((n) => n.kind !== 'mention'), []);
});

test('group.added: members a creator or an admin adds hear of it; the one who joined by themselves does not', async () => {
  const [alice, bob, carol] = [await registerUser('gal'), await registerUser('gbo'), await registerUser('gca')];
  const group = await createConversation(alice, { title: 'g', members: [bob] });
  await until(bob, 'group.added at creation', (l) => l.some((n) => n.kind === 'group.added' && n.conversationId === group.id && n.actorId === alice.id));
  await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [carol.id] } });
  await until(carol, 'group.added', (l) => l.some((n) => n.kind === 'group.added' && n.conversationId === group.id));
  assert.deepEqual((await notifications(alice)).notifications.filter((n) => n.kind === 'group.added'), []);
});

test('a blocked user\'s actions never notify the blocker', async () => {
  const [alice, bob, carol] = [await registerUser('bal'), await registerUser('bbo'), await registerUser('bca')];
  const group = await createConversation(carol, { title: 'b', members: [alice, bob] });
  alice.socket = await connect(alice);
  carol.socket = await connect(carol);
  const question = await sendMessage(carol.socket, group.id, 'hi'); // bob is offline
  await until(bob, 'carol\'s message', (l) => l.some((n) => n.kind === 'message'));
  await apiExpect(200, 'POST', '/api/notifications/read', { token: bob.token, body: {} });
  const blocked = await api('POST', '/api/users/block', { token: bob.token, body: { userId: alice.id } });
  assert.equal(blocked.status, 204);
  await sendMessage(alice.socket, group.id, `@${bob.username} look`);
  await emitOk(alice.socket, 'reaction:add', { messageId: question.id, emoji: '👍' }); // (carol's message)
  const list = await settled(bob, carol, group.id);
  assert.deepEqual(list.notifications.filter((n) => n.actorId === alice.id), [], 'nothing from alice');
});

test('settings: level "mentions" and a mute stop `message` notifications; mentions still notify', async () => {
  const [alice, bob] = [await registerUser('sal'), await registerUser('sbo')];
  const quiet = await createConversation(alice, { title: 'quiet', members: [bob] });
  const muted = await createConversation(alice, { title: 'muted', members: [bob] });
  alice.socket = await connect(alice);
  await apiExpect(200, 'POST', '/api/notifications/settings', { token: bob.token, body: {
    conversations: { [quiet.id]: { level: 'mentions' }, [muted.id]: { muted: true } } } });
  await sendMessage(alice.socket, quiet.id, 'nothing for bob');
  await sendMessage(alice.socket, muted.id, 'nothing for bob either');
  const list = await settled(bob, alice, quiet.id);
  assert.deepEqual(list.notifications.filter((n) => n.kind === 'message'), []);
  assert.equal(list.notifications.filter((n) => n.kind === 'mention').length, 1);
  // Back to "all": the next message notifies.
  await apiExpect(200, 'POST', '/api/notifications/settings', { token: bob.token, body: { conversations: { [quiet.id]: { level: 'all' } } } });
  await sendMessage(alice.socket, quiet.id, 'now bob hears');
  await until(bob, 'a message notification after level all', (l) => l.some((n) => n.kind === 'message' && n.conversationId === quiet.id));
});

test('read marks: one, up to an id, all; live notification:read to every device; the list pages with its cursor', async () => {
  const [alice, bob] = [await registerUser('ral'), await registerUser('rbo')];
  const chat = await createConversation(alice, { type: 'direct', members: [bob] });
  alice.socket = await connect(alice);
  for (let i = 0; i < 5; i++) await sendMessage(alice.socket, chat.id, `@${bob.username} ${i}`);
  const { notifications: all, unreadCount } = await until(bob, 'five mentions', (l) => l.filter((n) => n.kind === 'mention').length === 5);
  assert.equal(unreadCount, 5);
  const ids = all.map((n) => n.id);
  assert.deepEqual([...ids].sort((a, b) => Number(b) - Number(a)), ids, 'newest first');

  // Pages of two, following nextCursor.
  const seen = [];
  let cursor = '';
  for (let page = 0; page < 5; page++) {
    const res = await notifications(bob, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...res.notifications.map((n) => n.id));
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  assert.deepEqual(seen, ids);

  const device = await connect(bob);
  const readOne = waitForEvent(device, 'notification:read');
  assert.equal((await api('PUT', `${LIST}/${ids[4]}/read`, { token: bob.token })).status, 204);
  assert.deepEqual(await readOne, { ids: [ids[4]] });
  const afterOne = await notifications(bob);
  assert.equal(afterOne.unreadCount, 4);
  assert.ok(afterOne.notifications.find((n) => n.id === ids[4]).readAt);
  assert.equal((await notifications(bob, '?unread=true')).notifications.length, 4);

  const readUpTo = waitForEvent(device, 'notification:read', { filter: (p) => p.upTo === ids[2] });
  const upTo = await apiExpect(200, 'POST', `${LIST}/read`, { token: bob.token, body: { upTo: ids[2] } });
  assert.deepEqual(upTo, { marked: 2, unreadCount: 2 });
  await readUpTo;
  const readAll = waitForEvent(device, 'notification:read', { filter: (p) => p.upTo === ids[0] });
  const rest = await apiExpect(200, 'POST', `${LIST}/read`, { token: bob.token, body: {} });
  assert.deepEqual(rest, { marked: 2, unreadCount: 0 });
  await readAll; // without upTo: the highest id it marked
  assert.deepEqual((await notifications(bob, '?unread=true')).notifications, []);
  // Reading again changes nothing and announces nothing.
  const from = device.received.length;
  assert.deepEqual(await apiExpect(200, 'POST', `${LIST}/read`, { token: bob.token, body: {} }), { marked: 0, unreadCount: 0 });
  await expectNoEvent(device, 'notification:read', { from, within: 300 });
  // Another user's notification, or none, is 404; bad queries are 400.
  await apiError('PUT', `${LIST}/${ids[0]}/read`, { token: alice.token }, { status: 404, code: 'not_found' });
  await apiError('PUT', `${LIST}/nope/read`, { token: bob.token }, { status: 404, code: 'not_found' });
  await apiError('GET', `${LIST}?limit=0`, { token: bob.token }, { status: 400, code: 'validation_failed' });
  await apiError('GET', `${LIST}?limit=201`, { token: bob.token }, { status: 400, code: 'validation_failed' });
  await apiError('GET', `${LIST}?cursor=x`, { token: bob.token }, { status: 400, code: 'validation_failed' });
  await apiError('GET', `${LIST}?unread=maybe`, { token: bob.token }, { status: 400, code: 'validation_failed' });
  await apiError('POST', `${LIST}/read`, { token: bob.token, body: { upTo: 'x' } }, { status: 400, code: 'validation_failed' });
  await apiError('POST', `${LIST}/read`, { token: bob.token, body: { all: true } }, { status: 400, code: 'validation_failed' });
  await apiError('GET', LIST, {}, { status: 401, code: 'unauthorized' });
});

test('a `message` notification that was read is not reused: the next messages make a new one', async () => {
  const [alice, bob] = [await registerUser('xal'), await registerUser('xbo')];
  const chat = await createConversation(alice, { type: 'direct', members: [bob] });
  alice.socket = await connect(alice);
  await sendMessage(alice.socket, chat.id, 'first');
  const { notifications: [first] } = await until(bob, 'the first', (l) => l.length === 1);
  assert.equal((await api('PUT', `${LIST}/${first.id}/read`, { token: bob.token })).status, 204);
  await sendMessage(alice.socket, chat.id, 'second');
  const { notifications: list } = await until(bob, 'the second', (l) => l.length === 2);
  assert.equal(list[0].count, 1);
  assert.equal(list[0].readAt, null);
  assert.ok(Number(list[0].id) > Number(first.id));
});
