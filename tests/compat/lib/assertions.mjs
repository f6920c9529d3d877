// Shape checks for the wire contract's objects.
import assert from 'node:assert/strict';

const MESSAGE_KEYS = ['id', 'conversationId', 'seq', 'senderId', 'content', 'clientMessageId', 'createdAt'];

/** message = {id, conversationId, seq, senderId, content, clientMessageId, createdAt}; ids are strings. */
export function assertMessage(message, expected = {}) {
  const text = JSON.stringify(message);
  assert.equal(typeof message, 'object', `message: ${text}`);
  assert.ok(message !== null, 'message is null');
  for (const key of MESSAGE_KEYS) assert.ok(key in message, `message lacks "${key}": ${text}`);
  assert.equal(typeof message.id, 'string', `message.id must be a string: ${text}`);
  assert.equal(typeof message.conversationId, 'string', `conversationId must be a string: ${text}`);
  assert.equal(typeof message.senderId, 'string', `senderId must be a string: ${text}`);
  assert.ok(Number.isInteger(message.seq) && message.seq >= 1, `seq must be a positive integer: ${text}`);
  assert.equal(typeof message.content, 'string', text);
  assert.equal(typeof message.clientMessageId, 'string', text);
  assert.equal(typeof message.createdAt, 'string', `createdAt must be a string: ${text}`);
  assert.ok(!Number.isNaN(Date.parse(message.createdAt)), `createdAt must be a date: ${text}`);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(message[key], value, `message.${key}: ${text}`);
}

/** Asserts the named fields (more fields are allowed: the contract names what must be there). */
export function assertFields(object, expected, what = 'payload') {
  const text = `${what}: ${JSON.stringify(object)}`;
  assert.equal(typeof object, 'object', text);
  assert.ok(object !== null, text);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(object[key], value, `${key} in ${text}`);
}

/** Asserts seqs are exactly 1..n in ascending order (no gap, no duplicate). */
export function assertGapless(messages, n, what = 'messages') {
  const seqs = messages.map((m) => m.seq);
  const expected = Array.from({ length: n }, (_, i) => i + 1);
  if (seqs.length === expected.length && seqs.every((s, i) => s === expected[i])) return;
  const dup = seqs.filter((s, i) => seqs.indexOf(s) !== i);
  const missing = expected.filter((s) => !seqs.includes(s));
  assert.fail(`${what}: expected seq 1..${n}, got ${seqs.length} (duplicates ${JSON.stringify(dup.slice(0, 10))}, ` +
    `missing ${JSON.stringify(missing.slice(0, 10))}, first ${JSON.stringify(seqs.slice(0, 10))})`);
}

export function assertAscendingBySeq(messages, what = 'messages') {
  for (let i = 1; i < messages.length; i++) {
    assert.ok(messages[i - 1].seq < messages[i].seq,
      `${what} not ascending by seq at ${i}: ${messages[i - 1].seq} then ${messages[i].seq}`);
  }
}
