// Gapless seq under 20 concurrent senders; every acked message stored once and delivered once.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerUsers, createConversation, fetchHistory } from './lib/rest.mjs';
import { closeAll, connectMany, emitAck, clientMessageId, waitForEvents, sleep, QUIET_MS } from './lib/socket.mjs';
import { assertGapless, assertMessage } from './lib/assertions.mjs';

afterEach(closeAll);

const SENDERS = 20;
const PER_SENDER = 5;

test(`seq stays gapless 1..N under ${SENDERS} concurrent senders`, async () => {
  const users = await registerUsers(SENDERS, 'c');
  const conversation = await createConversation(users[0], { type: 'group', title: 'race', members: users.slice(1) });
  const sockets = await connectMany(users);

  // Every socket fires all of its sends at once; all sockets start together.
  const acks = await Promise.all(sockets.map((socket, s) => Promise.all(
    Array.from({ length: PER_SENDER }, (_, i) => emitAck(socket, 'message:send', {
      conversationId: conversation.id, content: `from ${s} #${i}`, clientMessageId: clientMessageId(`race${s}-${i}`),
    }, 15_000)),
  )));
  const sent = acks.flat();
  for (const ack of sent) assert.equal(ack?.ok, true, `message:send -> ${JSON.stringify(ack)}`);
  const messages = sent.map((ack) => ack.message);
  const total = SENDERS * PER_SENDER;
  assert.equal(new Set(messages.map((m) => m.id)).size, total, 'distinct message ids');
  assertGapless([...messages].sort((a, b) => a.seq - b.seq), total, 'acked seqs');

  const history = await fetchHistory(users[0], conversation.id);
  assertGapless(history, total, 'history');
  const acked = new Map(messages.map((m) => [m.id, m]));
  for (const stored of history) {
    assertMessage(stored);
    assert.deepEqual(stored, acked.get(stored.id), `stored message ${stored.id} equals its ack`);
  }

  // Each member's socket receives every message of the others exactly once (its own came in acks).
  await Promise.all(sockets.map((socket, s) => waitForEvents(socket, 'message:received', total - PER_SENDER, { timeout: 15_000 })));
  await sleep(QUIET_MS);
  sockets.forEach((socket, s) => {
    const ids = socket.received.filter((r) => r.event === 'message:received').map((r) => r.args[0].message.id);
    assert.equal(ids.length, total - PER_SENDER, `socket ${s}: ${ids.length} deliveries`);
    const own = new Set(acks[s].map((ack) => ack.message.id));
    const expected = messages.map((m) => m.id).filter((id) => !own.has(id)).sort();
    assert.deepEqual([...ids].sort(), expected, `socket ${s} got each other message once and none of its own`);
  });
});
