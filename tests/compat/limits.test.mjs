// Limits: an oversized payload is refused (error ack or close, never a hang); a flood gets rate_limited acks.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerUser, createConversation, fetchHistory } from './lib/rest.mjs';
import {
  closeAll, connect, emitAck, emitOk, clientMessageId, sendMessage, sleep,
} from './lib/socket.mjs';

afterEach(closeAll);

/** Events fired at once by the flood test; well past any sane per-socket burst. */
const FLOOD = Number(process.env.BANTER_COMPAT_FLOOD || 400);

/** Resolves with {ack} or {closed: reason}, whichever comes first; rejects after the timeout. */
function ackOrClose(socket, event, payload, timeout = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(reject, new Error(`neither an ack nor a close within ${timeout} ms`)), timeout);
    const onDisconnect = (reason) => finish(resolve, { closed: reason });
    function finish(settle, value) {
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      settle(value);
    }
    socket.on('disconnect', onDisconnect);
    socket.timeout(timeout + 1000).emit(event, payload, (err, ack) => {
      if (!err) finish(resolve, { ack });
    });
  });
}

test('an oversized payload (> 64 KiB) gets an error ack or a close, and the server carries on', async () => {
  const alice = await registerUser('alice');
  const conversation = await createConversation(alice, { type: 'group', title: 'big payload' });
  const socket = await connect(alice);
  const result = await ackOrClose(socket, 'message:send',
    { conversationId: conversation.id, content: 'x'.repeat(200 * 1024), clientMessageId: clientMessageId() });
  if (result.ack !== undefined) {
    assert.equal(result.ack?.ok, false, `oversized payload was accepted: ${JSON.stringify(result.ack).slice(0, 200)}`);
    assert.equal(typeof result.ack.error?.code, 'string');
  } else {
    assert.notEqual(result.closed, 'io client disconnect');
  }
  assert.deepEqual(await fetchHistory(alice, conversation.id), []);
  const fresh = await connect(alice);
  assert.equal((await sendMessage(fresh, conversation.id, 'normal size')).seq, 1);
});

test(`a flood of ${FLOOD} message:send at once gets rate_limited acks; only acked messages are stored`, async () => {
  const alice = await registerUser('alice');
  const conversation = await createConversation(alice, { type: 'group', title: 'flood' });
  const socket = await connect(alice);
  const acks = await Promise.all(Array.from({ length: FLOOD }, (_, i) => emitAck(socket, 'message:send', {
    conversationId: conversation.id, content: `flood ${i}`, clientMessageId: clientMessageId(`flood${i}`),
  }, 20_000)));
  const ok = acks.filter((a) => a?.ok === true);
  const limited = acks.filter((a) => a?.ok === false && a.error?.code === 'rate_limited');
  const other = acks.filter((a) => !ok.includes(a) && !limited.includes(a));
  assert.deepEqual(other.slice(0, 3), [], 'every ack is ok or rate_limited');
  assert.ok(limited.length > 0, `no rate_limited ack among ${FLOOD} events sent at once (${ok.length} ok)`);
  for (const ack of limited) assert.equal(typeof ack.error.message, 'string');
  const history = await fetchHistory(alice, conversation.id, { pageSize: 100, maxPages: 20 });
  assert.deepEqual(history.map((m) => m.id).sort(), ok.map((a) => a.message.id).sort(),
    'exactly the acked messages are stored');
  // The socket is still usable once the rate recovers.
  assert.equal(socket.connected, true, 'rate limiting does not disconnect');
  let recovered = false;
  for (let i = 0; i < 30 && !recovered; i++) {
    await sleep(200);
    const ack = await emitAck(socket, 'conversation:join', { conversationId: conversation.id });
    recovered = ack?.ok === true;
  }
  assert.ok(recovered, 'the socket works again within 6 s');
  await emitOk(socket, 'conversation:leave', { conversationId: conversation.id });
});
