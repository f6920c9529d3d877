// Limits: an oversized payload is refused (error ack or close, never a hang); a flood gets rate_limited acks;
// refused event packets are still acked; client pings count against the event rate.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { registerUser, createConversation, fetchHistory } from './lib/rest.mjs';
import {
  closeAll, connect, emitAck, emitOk, assertAckError, clientMessageId, sendMessage, sleep, waitForDisconnect,
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

/** Raw frames need the WebSocket transport; in polling-only mode these tests are skipped. */
const WEBSOCKET_UNAVAILABLE = process.env.BANTER_TRANSPORTS === 'polling' && 'needs the WebSocket transport (BANTER_TRANSPORTS=polling)';

/**
 * The raw WebSocket under a connected official client, to send frames the client would never write, and a log of
 * every Socket.IO ACK and Engine.IO pong that arrives on it.
 */
async function rawTransport(socket) {
  // With the client's default transports the session starts on polling: these frames go over the WebSocket
  // it upgrades to.
  if (socket.io.engine.transport.name !== 'websocket') {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no upgrade to websocket within 5 s')), 5_000);
      socket.io.engine.once('upgrade', () => { clearTimeout(timer); resolve(); });
    });
  }
  const ws = socket.io.engine.transport.ws;
  assert.ok(ws && typeof ws.send === 'function', 'the websocket transport exposes its WebSocket');
  const acks = new Map();
  let pongs = 0;
  socket.io.engine.on('packet', (packet) => {
    if (packet.type === 'pong') pongs += 1;
    const m = packet.type === 'message' && typeof packet.data === 'string' && /^3(\d+)(\[.*)$/s.exec(packet.data);
    if (m) acks.set(Number(m[1]), JSON.parse(m[2])[0]);
  });
  return { ws, acks, pongs: () => pongs };
}

async function waitFor(predicate, what, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await sleep(20);
  }
}

test('every event packet with an ack id gets an ack when refused: binary events with any placeholder', { skip: WEBSOCKET_UNAVAILABLE }, async () => {
  const alice = await registerUser('alice');
  const socket = await connect(alice);
  const raw = await rawTransport(socket);
  // Ack ids far above the client's own counter, so they never meet its pending acks.
  const packets = {
    900001: '51-900001["upload",{"_placeholder":true,"num":0}]', // well-formed, binary unsupported
    900002: '51-900002["upload",{"_placeholder":true,"num":7}]', // placeholder beyond the attachments
    900003: '51-900003[{"_placeholder":true,"num":0}]', // the event name itself a placeholder
    900004: '51-900004["upload",{"_placeholder":"yes"}]', // malformed placeholder
    900005: '52-900005[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
  };
  let attachments = 0;
  for (const [id, text] of Object.entries(packets)) {
    raw.ws.send('4' + text);
    attachments += Number(/^5(\d+)-/.exec(text)[1]);
    await waitFor(() => raw.acks.has(Number(id)), `ack ${id} for ${text}`);
    assertAckError(raw.acks.get(Number(id)), 'validation_failed', text);
  }
  // Their attachments (as a client would send them) are skipped, and the socket carries on.
  for (let i = 0; i < attachments; i++) raw.ws.send(Buffer.from([1, 2, 3]));
  await emitOk(socket, 'sync', { since: {} });
  assert.equal(socket.connected, true);
});

test('an EVENT that does not parse is answered with a validation_failed ack before the socket is closed', { skip: WEBSOCKET_UNAVAILABLE }, async () => {
  const alice = await registerUser('alice');
  for (const text of ['2900011[{"_placeholder":true,"num":0}]', '2900011["connect"]', '2900011[]', '2900011[1,2']) {
    const socket = await connect(alice);
    const raw = await rawTransport(socket);
    raw.ws.send('4' + text);
    await waitFor(() => raw.acks.has(900011), `ack for ${text}`);
    assertAckError(raw.acks.get(900011), 'validation_failed', text);
    assert.notEqual(await waitForDisconnect(socket), 'io client disconnect', 'a packet that does not parse closes');
  }
});

test('client pings count against the event rate: a ping flood is closed; pings at a normal pace are all answered', { skip: WEBSOCKET_UNAVAILABLE }, async () => {
  const alice = await registerUser('alice');
  // At a steady 10/s (the limit is 50/s) every ping is answered and the socket stays usable.
  const calm = await connect(alice);
  const calmRaw = await rawTransport(calm);
  for (let i = 0; i < 20; i++) {
    calmRaw.ws.send('2');
    await sleep(100);
  }
  await waitFor(() => calmRaw.pongs() === 20, `20 pongs (got ${calmRaw.pongs()})`);
  await emitOk(calm, 'sync', { since: {} });
  assert.equal(calm.connected, true);

  // 5,000 at once: a few are answered, then the socket is closed like an event flood.
  const flood = await connect(alice);
  const raw = await rawTransport(flood);
  for (let i = 0; i < 5_000; i++) raw.ws.send('2');
  const reason = await waitForDisconnect(flood, 10_000);
  assert.notEqual(reason, 'io client disconnect');
  await sleep(200);
  assert.ok(raw.pongs() < 1_000, `${raw.pongs()} of 5000 flooded pings were answered`);
  // Other sockets are unaffected.
  await emitOk(calm, 'sync', { since: {} });
});
