// Namespaces as the official client multiplexes them, and binary packets, over whichever transport the run uses
// (BANTER_TRANSPORTS): "/" is the chat, "/admin" the moderators' live feed, anything else does not exist. One
// Engine.IO connection carries one namespace; a second namespace on it is refused without harming the first.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerUser, createConversation } from './lib/rest.mjs';
import {
  closeAll, connect, createManager, createSocket, awaitConnect, expectConnectError, emitAck, assertAckError, sendMessage,
} from './lib/socket.mjs';

afterEach(closeAll);

test('a namespace that does not exist: connect_error "Invalid namespace"', async () => {
  const alice = await registerUser('alice');
  const err = await expectConnectError({ token: alice.token }, undefined, { nsp: '/nope' });
  assert.equal(err.message, 'Invalid namespace');
});

test('/admin refuses a user token (forbidden) and a missing one (unauthorized)', async () => {
  const alice = await registerUser('alice');
  const forbidden = await expectConnectError({ token: alice.token }, undefined, { nsp: '/admin' });
  assert.equal(forbidden.data?.code, 'forbidden', JSON.stringify(forbidden.data));
  const anonymous = await expectConnectError(undefined, undefined, { nsp: '/admin' });
  assert.equal(anonymous.data?.code, 'unauthorized', JSON.stringify(anonymous.data));
});

test('multiplexed: a second namespace on the same connection is refused, the chat socket carries on', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const conversation = await createConversation(alice, { type: 'direct', members: [bob] });
  const manager = createManager();
  const chat = await awaitConnect(createSocket({ token: alice.token }, { manager }));
  const refused = await expectConnectError({ token: alice.token }, undefined, { manager, nsp: '/nope' });
  assert.equal(refused.message, 'Invalid namespace');
  const second = await expectConnectError({ token: alice.token }, undefined, { manager, nsp: '/admin' });
  assert.equal(second.message, 'one namespace per connection');
  assert.equal(chat.connected, true);
  const message = await sendMessage(chat, conversation.id, 'still here');
  assert.equal(message.content, 'still here');
});

test('binary events: the attachments are read and refused with validation_failed; the socket carries on', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const conversation = await createConversation(alice, { type: 'direct', members: [bob] });
  const socket = await connect(alice);
  // socket.io-client sends a Buffer as a BINARY_EVENT with a placeholder and one binary attachment (two with
  // two buffers); the chat events take JSON only.
  const one = await emitAck(socket, 'message:send', { conversationId: conversation.id, content: Buffer.from([1, 2, 3]) });
  assertAckError(one, 'validation_failed', 'one attachment');
  assert.match(one.error.message, /binary/);
  const two = await emitAck(socket, 'message:send', { conversationId: conversation.id, a: Buffer.alloc(1000), b: Buffer.alloc(10) });
  assertAckError(two, 'validation_failed', 'two attachments');
  // The attachments were consumed, not taken for the next packets.
  const message = await sendMessage(socket, conversation.id, 'text again');
  assert.equal(message.content, 'text again');
  assert.equal(socket.connected, true);
});
