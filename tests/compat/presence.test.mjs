// Presence: user:online on a user's first device, user:offline {userId, lastSeen} after the last one.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, registerUser, createConversation } from './lib/rest.mjs';
import {
  closeAll, connect, disconnect, waitForEvent, waitForEvents, expectNoEvent, eventsOf, sleep, QUIET_MS,
} from './lib/socket.mjs';
import { assertFields } from './lib/assertions.mjs';

afterEach(closeAll);

const about = (userId) => (p) => p?.userId === userId;

test('user:online on the first device only; user:offline only when the last device leaves', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  await createConversation(alice, { type: 'direct', members: [bob] });
  const bobSocket = await connect(bob);

  const alice1 = await connect(alice);
  assertFields(await waitForEvent(bobSocket, 'user:online', { filter: about(alice.id) }), { userId: alice.id }, 'user:online');
  const alice2 = await connect(alice);
  await expectNoEvent(bobSocket, 'user:online', { filter: about(alice.id) });
  assert.equal(eventsOf(bobSocket, 'user:online', about(alice.id)).length, 1, 'one user:online for two devices');

  disconnect(alice1);
  await expectNoEvent(bobSocket, 'user:offline', { filter: about(alice.id) });

  const before = Date.now();
  disconnect(alice2);
  const offline = await waitForEvent(bobSocket, 'user:offline', { filter: about(alice.id) });
  assert.equal(offline.userId, alice.id);
  assert.equal(typeof offline.lastSeen, 'string', JSON.stringify(offline));
  const lastSeen = Date.parse(offline.lastSeen);
  assert.ok(!Number.isNaN(lastSeen), `lastSeen is a date: ${offline.lastSeen}`);
  assert.ok(Math.abs(lastSeen - before) < 60_000, `lastSeen ${offline.lastSeen} is about now`);
  await expectNoEvent(bobSocket, 'user:offline', { filter: about(alice.id), within: 300 });
  assert.equal(eventsOf(bobSocket, 'user:offline', about(alice.id)).length, 1);

  // Coming back is a first device again.
  await connect(alice);
  await waitForEvents(bobSocket, 'user:online', 2, { filter: about(alice.id) });
});

test('presence goes only to users who share a conversation, and not to the user themself', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const stranger = await registerUser('stranger');
  await createConversation(alice, { type: 'group', title: 'presence', members: [bob] });
  const strangerSocket = await connect(stranger);
  const bobSocket = await connect(bob);
  const aliceOther = await connect(alice);
  await waitForEvent(bobSocket, 'user:online', { filter: about(alice.id) });
  disconnect(aliceOther);
  await waitForEvent(bobSocket, 'user:offline', { filter: about(alice.id) });
  const aliceSocket = await connect(alice);
  await sleep(QUIET_MS);
  assert.deepEqual(eventsOf(strangerSocket, 'user:online'), []);
  assert.deepEqual(eventsOf(strangerSocket, 'user:offline'), []);
  assert.deepEqual(eventsOf(aliceSocket, 'user:online', about(alice.id)), [], 'no user:online about oneself');
});

test('presence never crosses a block, in either direction', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  // They share a conversation from before the block.
  await createConversation(alice, { type: 'group', title: 'before the block', members: [bob, carol] });
  const blocked = await api('POST', '/api/users/block', { token: alice.token, body: { userId: bob.id } });
  assert.equal(blocked.status, 204, `POST /api/users/block -> ${blocked.status} ${JSON.stringify(blocked.body)}`);

  const carolSocket = await connect(carol);
  const bobSocket = await connect(bob);
  const aliceSocket = await connect(alice);
  // carol (not blocked) sees both; alice and bob see nothing of each other.
  await waitForEvent(carolSocket, 'user:online', { filter: about(alice.id) });
  await waitForEvent(carolSocket, 'user:online', { filter: about(bob.id) });
  disconnect(bobSocket);
  await waitForEvent(carolSocket, 'user:offline', { filter: about(bob.id) });
  const bobAgain = await connect(bob);
  await waitForEvents(carolSocket, 'user:online', 2, { filter: about(bob.id) });
  disconnect(aliceSocket);
  await waitForEvent(carolSocket, 'user:offline', { filter: about(alice.id) });
  await sleep(QUIET_MS);
  assert.deepEqual(eventsOf(bobAgain, 'user:offline', about(alice.id)), [], 'bob saw alice go offline');
  assert.deepEqual(eventsOf(bobSocket, 'user:online', about(alice.id)), [], 'bob saw alice come online');
  assert.deepEqual(eventsOf(bobAgain, 'user:online', about(alice.id)), []);
  assert.deepEqual(eventsOf(aliceSocket, 'user:online', about(bob.id)), [], 'alice saw bob come online');
  assert.deepEqual(eventsOf(aliceSocket, 'user:offline', about(bob.id)), [], 'alice saw bob go offline');
});

test('presence:snapshot on connect: the contacts online already, never a stranger, a blocked user or oneself', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const carol = await registerUser('carol');
  const dave = await registerUser('dave');
  const stranger = await registerUser('stranger');
  await createConversation(alice, { type: 'group', title: 'friends', members: [bob, carol, dave] });
  const blocked = await api('POST', '/api/users/block', { token: alice.token, body: { userId: dave.id } });
  assert.equal(blocked.status, 204);
  const bobSocket = await connect(bob);
  await connect(dave);
  await connect(stranger);
  const first = await connect(alice);
  const snapshot = await waitForEvent(first, 'presence:snapshot');
  assert.deepEqual(snapshot.online, [bob.id], JSON.stringify(snapshot)); // carol is offline, dave blocked
  // A second device of alice's gets its own; bob's answer now counts alice's first device.
  const second = await connect(alice);
  assert.deepEqual((await waitForEvent(second, 'presence:snapshot')).online, [bob.id]);
  disconnect(bobSocket);
  await waitForEvent(first, 'user:offline', { filter: about(bob.id) });
  const bobAgain = await connect(bob);
  // dave is blocked by alice, not by bob.
  assert.deepEqual((await waitForEvent(bobAgain, 'presence:snapshot')).online.sort(), [alice.id, dave.id].sort());
  assert.equal(eventsOf(first, 'presence:snapshot').length, 1, 'one snapshot per connect');
});
