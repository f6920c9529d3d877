// Groups (issue #11): /api/groups, roles and their rules, invites, the history window, and membership changes
// as events that reach live sockets at once.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiExpect, apiError, registerUser } from './lib/rest.mjs';
import {
  closeAll, connect, emitAck, emitError, expectNoEvent, sendMessage, waitForEvent,
} from './lib/socket.mjs';

afterEach(closeAll);

async function createGroup(owner, members = [], extra = {}) {
  const { group } = await apiExpect(201, 'POST', '/api/groups', {
    token: owner.token, body: { title: 'Team', memberIds: members.map((m) => m.id), ...extra },
  });
  return group;
}

function roleOf(group, user) {
  return group.members.find((m) => m.id === user.id)?.role;
}

async function users(n, prefix = 'g') {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await registerUser(`${prefix}${i}`));
  return out;
}

test('create, list, details: the creator is owner; members with role and joinedAt; non-members get 404', async () => {
  const [alice, bob, eve] = await users(3);
  const group = await createGroup(alice, [bob], { description: 'the team' });
  assert.equal(group.type, 'group');
  assert.equal(group.title, 'Team');
  assert.equal(group.description, 'the team');
  assert.equal(group.historyVisibleToNewMembers, false);
  assert.equal(group.avatarMediaId, null);
  assert.equal(roleOf(group, alice), 'owner');
  assert.equal(roleOf(group, bob), 'member');
  for (const m of group.members) {
    assert.equal(typeof m.username, 'string');
    assert.ok(!Number.isNaN(Date.parse(m.joinedAt)), JSON.stringify(m));
  }
  const { groups } = await apiExpect(200, 'GET', '/api/groups', { token: bob.token });
  assert.deepEqual(groups.map((g) => g.id), [group.id]);
  assert.equal(groups[0].memberCount, 2);
  assert.equal(groups[0].role, 'member');
  const { groups: none } = await apiExpect(200, 'GET', '/api/groups', { token: eve.token });
  assert.equal(none.length, 0);
  await apiError('GET', `/api/groups/${group.id}`, { token: eve.token }, { status: 404, code: 'not_found' });
  await apiError('GET', '/api/groups/999999999', { token: eve.token }, { status: 404, code: 'not_found' });
  await apiError('GET', '/api/groups/abc', { token: eve.token }, { status: 404, code: 'not_found' });
  // A direct conversation is no group.
  const { conversation } = await apiExpect(201, 'POST', '/api/chat', { token: alice.token, body: { type: 'direct', memberIds: [bob.id] } });
  await apiError('GET', `/api/groups/${conversation.id}`, { token: alice.token }, { status: 404, code: 'not_found' });
  await apiError('POST', '/api/groups', { token: alice.token, body: { memberIds: [] } }, { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/groups', { token: alice.token, body: { title: 'x', role: 'owner' } }, { status: 400, code: 'validation_failed' });
  await apiError('POST', '/api/groups', { body: { title: 'x' } }, { status: 401 });
});

test('update: owner and admins change title, description, history visibility; members get 403; an event per change', async () => {
  const [alice, bob, carol] = await users(3);
  const group = await createGroup(alice, [bob, carol]);
  const carolSocket = await connect(carol);
  const { group: updated } = await apiExpect(200, 'PUT', `/api/groups/${group.id}`, {
    token: alice.token, body: { title: 'Renamed', description: 'new', historyVisibleToNewMembers: true },
  });
  assert.equal(updated.title, 'Renamed');
  assert.equal(updated.description, 'new');
  assert.equal(updated.historyVisibleToNewMembers, true);
  const event = await waitForEvent(carolSocket, 'conversation:event', { filter: (e) => e.type === 'conversation.updated' });
  assert.equal(event.conversationId, group.id);
  assert.equal(event.actorId, alice.id);
  assert.deepEqual(event.changes, { title: 'Renamed', description: 'new', historyVisibleToNewMembers: true });
  await apiError('PUT', `/api/groups/${group.id}`, { token: bob.token, body: { title: 'mine' } }, { status: 403, code: 'forbidden' });
  await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: bob.id, role: 'admin' } });
  await apiExpect(200, 'PUT', `/api/groups/${group.id}`, { token: bob.token, body: { title: 'by the admin' } });
  await apiError('PUT', `/api/groups/${group.id}`, { token: alice.token, body: {} }, { status: 400, code: 'validation_failed' });
  await apiError('PUT', `/api/groups/${group.id}`, { token: alice.token, body: { title: '   ' } }, { status: 400, code: 'validation_failed' });
  await apiError('PUT', `/api/groups/${group.id}`, { token: alice.token, body: { title: 'x'.repeat(201) } }, { status: 400, code: 'validation_failed' });
  await apiError('PUT', `/api/groups/${group.id}`, { token: alice.token, body: { historyVisibleToNewMembers: 'yes' } }, { status: 400, code: 'validation_failed' });
});

test('members: owner/admin add (idempotent, blocked users refused, unknown ids 400); members cannot add', async () => {
  const [alice, bob, carol, dave, blocker] = await users(5);
  const group = await createGroup(alice, [bob]);
  await apiError('POST', `/api/groups/${group.id}/members`, { token: bob.token, body: { userIds: [carol.id] } }, { status: 403, code: 'forbidden' });
  const { group: after } = await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [carol.id, carol.id] } });
  assert.equal(roleOf(after, carol), 'member');
  assert.equal(after.members.length, 3);
  const again = await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [carol.id] } });
  assert.equal(again.group.members.length, 3);
  await apiError('POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: ['999999999'] } }, { status: 400, code: 'validation_failed' });
  await apiError('POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [] } }, { status: 400, code: 'validation_failed' });
  await apiExpect(204, 'POST', '/api/users/block', { token: blocker.token, body: { userId: alice.id } });
  await apiError('POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [blocker.id] } }, { status: 403, code: 'forbidden' });
  // A non-member cannot add anyone, and learns nothing.
  await apiError('POST', `/api/groups/${group.id}/members`, { token: dave.token, body: { userIds: [dave.id] } }, { status: 404, code: 'not_found' });
});

test('roles: only the owner promotes; an admin cannot remove the owner or another admin; transfer of ownership', async () => {
  const [alice, bob, carol, dave] = await users(4);
  const group = await createGroup(alice, [bob, carol, dave]);
  await apiError('PUT', `/api/groups/${group.id}/admin`, { token: bob.token, body: { userId: carol.id, role: 'admin' } }, { status: 403, code: 'forbidden' });
  await apiError('PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: carol.id, role: 'owner' } }, { status: 400, code: 'validation_failed' });
  await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: bob.id, role: 'admin' } });
  const { group: g2 } = await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: carol.id, role: 'admin' } });
  assert.equal(roleOf(g2, carol), 'admin');
  // An admin may not demote or remove the owner or another admin, nor change roles at all.
  await apiError('PUT', `/api/groups/${group.id}/admin`, { token: bob.token, body: { userId: carol.id, role: 'member' } }, { status: 403, code: 'forbidden' });
  await apiError('DELETE', `/api/groups/${group.id}/members/${carol.id}`, { token: bob.token }, { status: 403, code: 'forbidden' });
  await apiError('DELETE', `/api/groups/${group.id}/members/${alice.id}`, { token: bob.token }, { status: 403, code: 'forbidden' });
  await apiError('PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: alice.id, role: 'member' } }, { status: 403, code: 'forbidden' });
  // An admin removes a member.
  await apiExpect(204, 'DELETE', `/api/groups/${group.id}/members/${dave.id}`, { token: bob.token });
  await apiError('GET', `/api/groups/${group.id}`, { token: dave.token }, { status: 404, code: 'not_found' });
  await apiError('DELETE', `/api/groups/${group.id}/members/${dave.id}`, { token: bob.token }, { status: 404, code: 'not_found' });
  // Transfer: the owner only; the old owner becomes an admin.
  await apiError('POST', `/api/groups/${group.id}/owner`, { token: bob.token, body: { userId: bob.id } }, { status: 403, code: 'forbidden' });
  const { group: g3 } = await apiExpect(200, 'POST', `/api/groups/${group.id}/owner`, { token: alice.token, body: { userId: carol.id } });
  assert.equal(roleOf(g3, carol), 'owner');
  assert.equal(roleOf(g3, alice), 'admin');
  assert.equal(g3.members.filter((m) => m.role === 'owner').length, 1);
  await apiError('POST', `/api/groups/${group.id}/owner`, { token: carol.token, body: { userId: dave.id } }, { status: 404, code: 'not_found' });
});

test('the last owner leaving hands ownership to the longest-standing admin, else the longest-standing member', async () => {
  const [alice, bob, carol, dave] = await users(4);
  const group = await createGroup(alice, [bob]);
  await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [carol.id] } });
  await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [dave.id] } });
  await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: dave.id, role: 'admin' } });
  await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: carol.id, role: 'admin' } });
  const bobSocket = await connect(bob);
  await apiExpect(204, 'DELETE', `/api/groups/${group.id}/members/${alice.id}`, { token: alice.token });
  const removed = await waitForEvent(bobSocket, 'conversation:event', { filter: (e) => e.type === 'member.removed' });
  assert.deepEqual([removed.userId, removed.role], [alice.id, 'owner']);
  const promoted = await waitForEvent(bobSocket, 'conversation:event', { filter: (e) => e.type === 'member.role' });
  assert.equal(promoted.seq, removed.seq + 1);
  // carol and dave are both admins; carol joined first.
  assert.deepEqual([promoted.userId, promoted.role], [carol.id, 'owner']);
  const { group: g } = await apiExpect(200, 'GET', `/api/groups/${group.id}`, { token: bob.token });
  assert.equal(roleOf(g, carol), 'owner');
  // Without admins the longest-standing member inherits.
  await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: carol.token, body: { userId: dave.id, role: 'member' } });
  await apiExpect(204, 'DELETE', `/api/groups/${group.id}/members/${carol.id}`, { token: carol.token });
  const { group: g2 } = await apiExpect(200, 'GET', `/api/groups/${group.id}`, { token: bob.token });
  assert.equal(roleOf(g2, bob), 'owner');
  assert.equal(roleOf(g2, dave), 'member');
});

test('a removed member gets nothing more from the group and cannot send to it, on a live socket', async () => {
  const [alice, bob] = await users(2);
  const group = await createGroup(alice, [bob]);
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);
  await emitAck(bobSocket, 'conversation:join', { conversationId: group.id });
  await sendMessage(aliceSocket, group.id, 'before');
  await waitForEvent(bobSocket, 'message:received', { filter: (p) => p.message.content === 'before' });
  await apiExpect(204, 'DELETE', `/api/groups/${group.id}/members/${bob.id}`, { token: alice.token });
  const removal = await waitForEvent(bobSocket, 'conversation:event', { filter: (e) => e.type === 'member.removed' });
  assert.equal(removal.userId, bob.id);
  const from = bobSocket.received.length;
  await sendMessage(aliceSocket, group.id, 'after');
  aliceSocket.emit('typing:start', { conversationId: group.id });
  await expectNoEvent(bobSocket, 'message:received', { from });
  assert.equal(bobSocket.received.slice(from).filter((r) => r.event !== 'user:offline' && r.event !== 'user:online').length, 0,
    JSON.stringify(bobSocket.received.slice(from)).slice(0, 400));
  await emitError(bobSocket, 'message:send', { conversationId: group.id, content: 'still here?', clientMessageId: 'x1' }, 'not_member');
  await apiError('GET', `/api/chat/${group.id}/messages`, { token: bob.token }, { status: 404, code: 'not_found' });
});

test('history window: hidden by default from members who join later; visible when the group says so', async () => {
  const [alice, bob, carol, dave] = await users(4);
  const group = await createGroup(alice, [bob]);
  const aliceSocket = await connect(alice);
  const old = await sendMessage(aliceSocket, group.id, 'said before carol came');
  await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [carol.id] } });
  const fresh = await sendMessage(aliceSocket, group.id, 'said after carol came');
  const { messages } = await apiExpect(200, 'GET', `/api/chat/${group.id}/messages`, { token: carol.token });
  assert.deepEqual(messages.map((m) => m.content), ['said after carol came']);
  const older = await apiExpect(200, 'GET', `/api/chat/${group.id}/messages?before=${fresh.seq}`, { token: carol.token });
  assert.equal(older.messages.length, 0);
  const carolSocket = await connect(carol);
  const sync = await emitAck(carolSocket, 'sync', { since: { [group.id]: 0 } });
  assert.equal(sync.ok, true, JSON.stringify(sync));
  assert.equal(sync.events[0].type, 'member.added', JSON.stringify(sync.events[0]));
  assert.equal(sync.events[0].userId, carol.id);
  assert.ok(sync.events.every((e) => e.seq >= sync.events[0].seq));
  assert.deepEqual(sync.messages.map((m) => m.content), ['said after carol came']);
  // Nothing of before: not a reaction, not a reply, not the conversation list.
  await apiError('POST', `/api/messages/${old.id}/react`, { token: carol.token, body: { emoji: '👍' } }, { status: 404, code: 'not_found' });
  await emitError(carolSocket, 'message:send', { conversationId: group.id, content: 're', clientMessageId: 'r1', replyTo: old.id }, 'validation_failed');
  const { conversations } = await apiExpect(200, 'GET', '/api/chat', { token: carol.token });
  assert.equal(conversations.find((c) => c.id === group.id).unreadCount, 1);
  // Nor what happens to an older message later: no live event, nothing in sync.
  const from = carolSocket.received.length;
  await apiExpect(200, 'PUT', `/api/messages/${old.id}`, { token: alice.token, body: { content: 'edited before carol saw it' } });
  await apiExpect(200, 'PUT', `/api/messages/${fresh.id}`, { token: alice.token, body: { content: 'edited after' } });
  const seen = await waitForEvent(carolSocket, 'conversation:event', { filter: (e) => e.type === 'message.edited', from });
  assert.equal(seen.messageId, fresh.id, 'only the edit of the message carol may see');
  const later = await emitAck(carolSocket, 'sync', { since: { [group.id]: 0 } });
  assert.ok(!JSON.stringify(later).includes('edited before carol saw it'), 'sync leaves the older message out');
  assert.ok(later.events.every((e) => e.messageId !== old.id), JSON.stringify(later.events));

  await apiExpect(200, 'PUT', `/api/groups/${group.id}`, { token: alice.token, body: { historyVisibleToNewMembers: true } });
  await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [dave.id] } });
  const all = await apiExpect(200, 'GET', `/api/chat/${group.id}/messages`, { token: dave.token });
  assert.deepEqual(all.messages.map((m) => m.content), ['edited before carol saw it', 'edited after']);
});

test('member events reach every member live, in seq order, and sync replays them', async () => {
  const [alice, bob, carol] = await users(3);
  const group = await createGroup(alice, [bob]);
  const bobSocket = await connect(bob);
  const carolSocket = await connect(carol);
  await apiExpect(200, 'POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [carol.id] } });
  const added = await waitForEvent(bobSocket, 'conversation:event', { filter: (e) => e.type === 'member.added' });
  assert.deepEqual([added.userId, added.role, added.actorId], [carol.id, 'member', alice.id]);
  // The new member hears of it too: that is how their client learns of the group.
  const own = await waitForEvent(carolSocket, 'conversation:event', { filter: (e) => e.type === 'member.added' });
  assert.equal(own.seq, added.seq);
  await apiExpect(200, 'PUT', `/api/groups/${group.id}/admin`, { token: alice.token, body: { userId: carol.id, role: 'admin' } });
  const role = await waitForEvent(bobSocket, 'conversation:event', { filter: (e) => e.type === 'member.role' });
  assert.equal(role.seq, added.seq + 1);
  assert.deepEqual([role.userId, role.role], [carol.id, 'admin']);
  const sync = await emitAck(bobSocket, 'sync', { since: { [group.id]: 0 } });
  assert.deepEqual(sync.events.map((e) => e.type), ['member.added', 'member.role']);
  assert.deepEqual(sync.events.map((e) => e.seq), [added.seq, added.seq + 1]);
});

test('invites: owner/admin create, anyone with the token joins once, maxUses and expiry and deletion end it', async () => {
  const [alice, bob, carol, dave, eve] = await users(5);
  const group = await createGroup(alice, [bob]);
  await apiError('POST', `/api/groups/${group.id}/invites`, { token: bob.token, body: {} }, { status: 403, code: 'forbidden' });
  await apiError('POST', `/api/groups/${group.id}/invites`, { token: eve.token, body: {} }, { status: 404, code: 'not_found' });
  await apiError('POST', `/api/groups/${group.id}/invites`, { token: alice.token, body: { maxUses: 0 } }, { status: 400, code: 'validation_failed' });
  const { invite } = await apiExpect(201, 'POST', `/api/groups/${group.id}/invites`, { token: alice.token, body: { maxUses: 1, expiresIn: 3600 } });
  assert.match(invite.token, /^[A-Za-z0-9_-]{43}$/, 'a 256-bit token');
  assert.ok(invite.url.endsWith(invite.token), invite.url);
  assert.equal(invite.maxUses, 1);
  assert.ok(Date.parse(invite.expiresAt) > Date.now() + 3500_000);
  const { group: joined } = await apiExpect(200, 'POST', '/api/groups/join', { token: carol.token, body: { token: invite.token } });
  assert.equal(roleOf(joined, carol), 'member');
  // Joining again is no second use; a second user finds it used up.
  await apiExpect(200, 'POST', '/api/groups/join', { token: carol.token, body: { token: invite.token } });
  await apiError('POST', '/api/groups/join', { token: dave.token, body: { token: invite.token } }, { status: 404, code: 'not_found' });
  await apiError('POST', '/api/groups/join', { token: dave.token, body: { token: 'A'.repeat(43) } }, { status: 404, code: 'not_found' });
  await apiError('POST', '/api/groups/join', { token: dave.token, body: {} }, { status: 400, code: 'validation_failed' });
  // Deleted: no more joins; someone else's group cannot delete it.
  const { invite: open } = await apiExpect(201, 'POST', `/api/groups/${group.id}/invites`, { token: alice.token, body: {} });
  assert.equal(open.maxUses, null);
  assert.equal(open.expiresAt, null);
  const other = await createGroup(eve);
  await apiError('DELETE', `/api/groups/${other.id}/invites/${open.token}`, { token: eve.token }, { status: 404, code: 'not_found' });
  await apiExpect(204, 'DELETE', `/api/groups/${group.id}/invites/${open.token}`, { token: alice.token });
  await apiError('POST', '/api/groups/join', { token: dave.token, body: { token: open.token } }, { status: 404, code: 'not_found' });
  // A group everyone left: whoever joins with a link takes it over.
  const lonely = await createGroup(eve);
  const { invite: last } = await apiExpect(201, 'POST', `/api/groups/${lonely.id}/invites`, { token: eve.token, body: {} });
  await apiExpect(204, 'DELETE', `/api/groups/${lonely.id}/members/${eve.id}`, { token: eve.token });
  const { group: taken } = await apiExpect(200, 'POST', '/api/groups/join', { token: dave.token, body: { token: last.token } });
  assert.equal(roleOf(taken, dave), 'owner');
  // Expired.
  const { invite: brief } = await apiExpect(201, 'POST', `/api/groups/${group.id}/invites`, { token: alice.token, body: { expiresIn: 1 } });
  await new Promise((r) => setTimeout(r, 1100));
  await apiError('POST', '/api/groups/join', { token: dave.token, body: { token: brief.token } }, { status: 404, code: 'not_found' });
});

test('--max-group-members caps a group: creation, additions and invite joins beyond it are validation_failed', async () => {
  // run-compat starts banterd with --max-group-members 24.
  const team = await users(25, 'cap');
  const [alice] = team;
  await apiError('POST', '/api/groups', { token: alice.token, body: { title: 'too big', memberIds: team.slice(1).map((u) => u.id) } },
    { status: 400, code: 'validation_failed' });
  const group = await createGroup(alice, team.slice(1, 23)); // 23 members
  await apiError('POST', `/api/groups/${group.id}/members`, { token: alice.token, body: { userIds: [team[23].id, team[24].id] } },
    { status: 400, code: 'validation_failed' });
  const { invite } = await apiExpect(201, 'POST', `/api/groups/${group.id}/invites`, { token: alice.token, body: {} });
  await apiExpect(200, 'POST', '/api/groups/join', { token: team[23].token, body: { token: invite.token } });
  await apiError('POST', '/api/groups/join', { token: team[24].token, body: { token: invite.token } }, { status: 400, code: 'validation_failed' });
});
