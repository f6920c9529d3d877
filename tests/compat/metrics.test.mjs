// GET /metrics (Prometheus text exposition format 0.0.4): never anonymous on the public port; with the token
// (run-compat gives banterd BANTER_METRICS_TOKEN) it parses by the format's rules and its numbers move with
// what clients do.
import assert from 'node:assert/strict';
import { test, afterEach, after as whenDone } from 'node:test';
import { BASE_URL, api, registerUser, createConversation, PASSWORD } from './lib/rest.mjs';
import { io } from 'socket.io-client';
import { closeAll, awaitConnect, emitOk, connect, sendMessage, clientMessageId, waitForEvents, expectNoEvent, eventsOf } from './lib/socket.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const TOKEN = process.env.BANTER_METRICS_TOKEN;

afterEach(closeAll);

async function scrape() {
  const res = await fetch(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*\\})? (\\S+)$`);

/** Parses the exposition by its rules; returns {types, samples: Map(name+labels -> value)}. */
function parse(text) {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const types = new Map();
  const samples = new Map();
  for (const line of text.split('\n').slice(0, -1)) {
    if (line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type), line);
      assert.ok(!types.has(name), `TYPE of ${name} given twice`);
      types.set(name, type);
      continue;
    }
    const m = SAMPLE.exec(line);
    assert.ok(m, `not a sample line: ${JSON.stringify(line)}`);
    const [, name, labels = '', value] = m;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count|total)$/, '');
    assert.ok(types.has(family) || types.has(name), `${name} has no TYPE line before it`);
    assert.ok(!Number.isNaN(Number(value)) || value === '+Inf', `${line}: value`);
    assert.ok(!samples.has(name + labels), `sample ${name}${labels} given twice`);
    samples.set(name + labels, Number(value));
  }
  // Histograms: cumulative buckets, +Inf equals _count.
  for (const [name, type] of types) {
    if (type !== 'histogram') continue;
    const buckets = [...samples].filter(([k]) => k.startsWith(`${name}_bucket{`));
    let previous = 0;
    for (const [, v] of buckets) {
      assert.ok(v >= previous, `${name}: buckets are cumulative`);
      previous = v;
    }
    assert.equal(samples.get(`${name}_bucket{le="+Inf"}`), samples.get(`${name}_count`), `${name}: +Inf = count`);
  }
  return { types, samples };
}

const value = (m, key) => m.samples.get(key) ?? 0;

test('GET /metrics refuses anonymous clients and wrong tokens on the public port', async () => {
  assert.ok(TOKEN, 'run-compat sets BANTER_METRICS_TOKEN');
  assert.equal((await fetch(`${BASE_URL}/metrics`)).status, 401);
  const wrong = await fetch(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
  assert.equal(wrong.status, 401);
  const body = await wrong.json();
  assert.equal(body.error.code, 'unauthorized');
  // Guessing the token is rate-limited per address: past a burst, 429 with Retry-After; the right token still works.
  const statuses = [];
  for (let i = 0; i < 20; i++) statuses.push((await fetch(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer guess${i}` } })).status);
  assert.ok(statuses.includes(429), statuses.join(','));
  const limited = await fetch(`${BASE_URL}/metrics`);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal((await limited.json()).error.code, 'rate_limited');
  // While limited even the right token is refused (else a 200 would tell a guesser which guess was right); once
  // a refusal has been earned back (one per second), it works again.
  assert.equal((await fetch(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 429);
  await sleep(1100);
  assert.equal((await fetch(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
  assert.equal((await fetch(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
});

test('metrics follow what clients do: events, acks, polling connections, requests, auth failures', async () => {
  const before = await scrape();
  for (const family of ['banter_socket_events_in_total', 'banter_socket_ack_seconds', 'banter_db_batch_seconds',
    'banter_http_requests_total', 'banter_connections', 'banter_online_users', 'banter_writer_queue_depth',
    'process_resident_memory_bytes', 'process_open_fds', 'banter_auth_failures_total', 'banter_rate_limited_total'])
    assert.ok(before.types.has(family), `${family} is exposed`);

  const alice = await registerUser('metrics');
  const conversation = await createConversation(alice, { type: 'group', title: 'metrics' });
  // A socket that stays on long-polling, whatever BANTER_TRANSPORTS says.
  const socket = io(BASE_URL, { transports: ['polling'], auth: { token: alice.token }, forceNew: true, reconnection: false });
  whenDone(() => socket.close());
  await awaitConnect(socket);
  await emitOk(socket, 'message:send', { conversationId: conversation.id, content: 'counted', clientMessageId: `m-${Date.now()}` });
  const bad = await api('POST', '/api/auth/login', { body: { username: alice.username, password: `${PASSWORD}-wrong` } });
  assert.equal(bad.status, 401);

  const after = await scrape();
  const sends = 'banter_socket_events_in_total{event="message:send"}';
  assert.ok(value(after, sends) >= value(before, sends) + 1, 'message:send counted');
  assert.ok(value(after, 'banter_socket_ack_seconds_count') >= value(before, 'banter_socket_ack_seconds_count') + 1);
  assert.ok(value(after, 'banter_db_batch_seconds_count') >= value(before, 'banter_db_batch_seconds_count') + 1);
  assert.ok(value(after, 'banter_connections{transport="polling"}') >= 1, 'a polling connection is open');
  assert.ok(value(after, 'banter_online_users') >= 1);
  const created = 'banter_http_requests_total{route="POST /api/chat",status="201"}';
  assert.ok(value(after, created) >= value(before, created) + 1, 'the conversation creation is counted by route');
  const failures = 'banter_auth_failures_total{via="http"}';
  assert.ok(value(after, failures) >= value(before, failures) + 1, 'the failed login is counted');
  assert.ok(value(after, 'process_resident_memory_bytes') > 1e6);
  assert.ok(value(after, 'process_open_fds') > 3);
});

// The message writer's two paths (MessageWriter, OneStatementPath): a plain new message of a conversation whose last
// seq the writer knows is stored in one statement; the first one, a retry, and the send after a retry take the
// transaction. Whichever path, seqs stay gapless and every member gets each message once.
test('plain sends take the one-statement path; a retry is refused there and answered by the transaction path', async () => {
  const batches = (m, path) => value(m, `banter_writer_batches_total{path="${path}"}`);
  const alice = await registerUser('onestmt');
  const bob = await registerUser('onestmt');
  const conversation = await createConversation(alice, { type: 'group', title: 'one statement', members: [bob] });
  const aliceSocket = await connect(alice);
  const bobSocket = await connect(bob);

  const s0 = await scrape();
  const m1 = await sendMessage(aliceSocket, conversation.id, 'one'); // seq not known yet: transaction
  const s1 = await scrape();
  assert.equal(batches(s1, 'transaction') - batches(s0, 'transaction'), 1, 'the first send takes the transaction');
  const m2 = await sendMessage(aliceSocket, conversation.id, 'two', 'retried-cmid');
  const m3 = await sendMessage(aliceSocket, conversation.id, 'three');
  const s2 = await scrape();
  assert.equal(batches(s2, 'one_statement') - batches(s1, 'one_statement'), 2, 'known seq: one statement each');
  assert.equal(batches(s2, 'transaction'), batches(s1, 'transaction'));

  const retry = await sendMessage(aliceSocket, conversation.id, 'two', 'retried-cmid');
  assert.deepEqual([retry.id, retry.seq, retry.content], [m2.id, m2.seq, 'two'], 'a retry answers the original');
  const s3 = await scrape();
  assert.equal(batches(s3, 'refused') - batches(s2, 'refused'), 1, 'the used clientMessageId is refused by the statement');
  assert.equal(batches(s3, 'transaction') - batches(s2, 'transaction'), 1, 'and answered by the transaction');
  const m4 = await sendMessage(aliceSocket, conversation.id, 'four');
  const m5 = await sendMessage(aliceSocket, conversation.id, 'five');
  const s4 = await scrape();
  assert.equal(batches(s4, 'transaction') - batches(s3, 'transaction'), 1, 'the seq forgotten after a refusal');
  assert.equal(batches(s4, 'one_statement') - batches(s3, 'one_statement'), 1, 'and known again');

  assert.deepEqual([m1, m2, m3, m4, m5].map((m) => m.seq), [1, 2, 3, 4, 5], 'gapless whichever path');
  const got = await waitForEvents(bobSocket, 'message:received', 5, { filter: (p) => p.message.conversationId === conversation.id });
  assert.deepEqual(got.map((p) => [p.message.seq, p.message.content]), [[1, 'one'], [2, 'two'], [3, 'three'], [4, 'four'], [5, 'five']]);
  await expectNoEvent(bobSocket, 'message:received', { filter: (p) => p.message.conversationId === conversation.id && p.message.seq > 5 });
  assert.equal(eventsOf(bobSocket, 'message:received', (p) => p.message.conversationId === conversation.id).length, 5, 'the retry is not delivered again');
  const history = await api('GET', `/api/chat/${conversation.id}/messages`, { token: bob.token });
  assert.equal(history.status, 200);
  assert.deepEqual(history.body.messages.map((m) => [m.seq, m.content]).sort((a, b) => a[0] - b[0]),
    [[1, 'one'], [2, 'two'], [3, 'three'], [4, 'four'], [5, 'five']]);
});
