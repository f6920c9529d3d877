// Several banterd nodes on Valkey behind nginx (issue #14), every part a real process on loopback: chat, presence
// and revocation across nodes, an end-to-end encrypted conversation (issue #15: each device gets its own
// ciphertext on whichever node it is), polling sessions routed to their node through nginx, Valkey killed for
// 10 s under load (every acked message reaches every member exactly once, the gap read back from PostgreSQL), a
// node killed with kill -9 (its clients reconnect through nginx and catch up; its users go offline within 30 s),
// and a node started later.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { Emitter } from '@socket.io/redis-emitter';
import { createClient } from 'redis';
import { startCluster } from './cluster.mjs';
import { until } from '../banterd.mjs';
import { Device, sendEncrypted } from '../../lib/signal.mjs';
import { closeAll, waitForEvent } from '../../lib/socket.mjs';

let cluster;
const open = new Set();

before(async () => {
  cluster = await startCluster({ nodes: 3, flags: ['--socket-event-rate', '1000', '--accept-emitter', 'true',
    '--log-rules', 'banter.bus.debug=true'] }); // the heartbeats and reaps, for busRecord()
});

after(async () => {
  for (const s of open) s.disconnect();
  closeAll(); // the E2EE devices' sockets (lib/socket.mjs)
  if (cluster) {
    for (const n of cluster.nodes) // what the bus did, for the record
      for (const line of n.log.split('\n').filter((l) => /bus:|banter\.bus|node .* stopped answering/.test(l) && !/ debug +\[/.test(l)).slice(0, 12))
        console.log(`# ${n.name}: ${line.slice(0, 200)}`);
    // Stopped whatever the verdict: a failed check must not leave nodes, nginx and Valkey running.
    try {
      cluster.assertHealthy('at the end');
    } finally {
      await cluster.stop();
    }
  }
});

/** Valkey's presence keys and every node's bus log lines, printed (a failed presence check's evidence). */
async function busRecord() {
  for (const c of [['SMEMBERS', 'banter:nodes'], ['KEYS', 'banter:*'], ['HGETALL', 'banter:online']])
    console.log(`# valkey ${c.join(' ')}: ${JSON.stringify(await cluster.valkey.command(...c).catch((e) => e.message))}`);
  for (const n of cluster.nodes)
    for (const line of n.log.split('\n').filter((l) => /\[banter\.bus\]/.test(l)).slice(-120))
      console.log(`# ${n.name}: ${line.slice(0, 240)}`);
}

async function api(base, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function register(base, prefix) {
  const username = `${prefix}_${randomBytes(5).toString('hex')}`;
  const res = await api(base, 'POST', '/api/auth/register', { body: { username, password: 'cluster-password-1' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { ...res.body.user, token: res.body.token, refreshToken: res.body.refreshToken, username };
}

/** Two new users on base and their direct conversation: [a, b, conversationId]. */
async function contacts(base, prefixA, prefixB) {
  const a = await register(base, prefixA);
  const b = await register(base, prefixB);
  return [a, b, await directChat(base, a, b)];
}

async function directChat(base, a, b) {
  const res = await api(base, 'POST', '/api/chat', { token: a.token, body: { type: 'direct', memberIds: [b.id] } });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body.conversation.id;
}

/** A connected socket on base (a node, or nginx) that records every event. */
async function connect(base, token, { transports = ['websocket'] } = {}) {
  const s = io(base, { transports, reconnection: false, forceNew: true, multiplex: false, auth: { token }, timeout: 5000 });
  s.received = [];
  s.onAny((event, ...args) => s.received.push({ event, args }));
  open.add(s);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect to ${base}`)), 8000);
    s.once('connect', () => { clearTimeout(timer); resolve(); });
    s.once('connect_error', (err) => { clearTimeout(timer); reject(new Error(`connect_error ${err.message}`)); });
  });
  return s;
}

const received = (s, event, filter = () => true) => s.received.filter((r) => r.event === event && filter(r.args[0])).map((r) => r.args[0]);
const messagesIn = (s, conversationId) => received(s, 'message:received', (p) => p.message.conversationId === conversationId).map((p) => p.message);

async function send(s, conversationId, content) {
  const ack = await s.timeout(10_000).emitWithAck('message:send', { conversationId, content, clientMessageId: randomBytes(8).toString('hex') });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return ack.message;
}

function assertExactlyOnce(messages, acked, who) {
  const counts = new Map();
  for (const m of messages) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], `${who}: delivered more than once`);
  const missing = acked.filter((m) => !counts.has(m.id)).map((m) => m.seq);
  assert.deepEqual(missing, [], `${who}: acked but never delivered (seqs)`);
}

const nodeUrl = (name) => cluster.node(name).url;

/** Sends on s every pauseMs until stop() is called; stop() resolves with the acked messages. */
function keepSending(s, conversationId, tag, pauseMs) {
  const acked = [];
  let sending = true;
  const loop = (async () => {
    while (sending) {
      acked.push(await send(s, conversationId, `${tag} ${acked.length}`));
      await sleep(pauseMs);
    }
  })();
  return { acked, stop: async () => { sending = false; await loop; return acked; } };
}

test('a message sent on one node reaches its members on every node, once; the sender\'s socket only by its ack', async () => {
  const alice = await register(nodeUrl('node1'), 'alice');
  const bob = await register(nodeUrl('node2'), 'bob');
  const chat = await directChat(nodeUrl('node3'), alice, bob);
  const a1 = await connect(nodeUrl('node1'), alice.token);
  const a3 = await connect(nodeUrl('node3'), alice.token);
  const b2 = await connect(nodeUrl('node2'), bob.token);
  const bPoll = await connect(cluster.nginx.url, bob.token, { transports: ['polling'] });
  assert.match(bPoll.io.engine.id, /^node[123]\./, 'a session id names its node (nginx routes polling by it)');
  const acked = [];
  for (let i = 0; i < 20; i++) acked.push(await send(a1, chat, `hello ${i}`));
  await until('every device has the 20 messages', () =>
    [a3, b2, bPoll].every((s) => messagesIn(s, chat).length >= 20), 10_000);
  await sleep(500);
  for (const [s, who] of [[a3, 'alice on node3'], [b2, 'bob on node2'], [bPoll, 'bob polling through nginx']])
    assertExactlyOnce(messagesIn(s, chat), acked, who);
  assert.equal(messagesIn(a1, chat).length, 0, 'the sending socket has its acks');
  // And the other way, from the polling session through nginx.
  const reply = await send(bPoll, chat, 'reply over polling');
  await until('the reply reaches alice on both nodes', () =>
    [a1, a3].every((s) => messagesIn(s, chat).some((m) => m.id === reply.id)), 10_000);
  cluster.assertHealthy('after chat across nodes');
});

test('default transports through nginx: the polling session upgrades to WebSocket on its node', async () => {
  const [carol, dave, chat] = await contacts(cluster.nginx.url, 'carol', 'dave');
  const c = await connect(cluster.nginx.url, carol.token, { transports: ['polling', 'websocket'] });
  const d = await connect(nodeUrl('node2'), dave.token);
  await until('the session upgraded', () => c.io.engine.transport.name === 'websocket', 10_000);
  const m = await send(c, chat, 'after the upgrade');
  await until('dave has it', () => messagesIn(d, chat).some((x) => x.id === m.id), 10_000);
});

async function loginAt(base, user) {
  const res = await api(base, 'POST', '/api/auth/login', { body: { username: user.username, password: 'cluster-password-1' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token;
}

/** A Signal-protocol device of user (lib/signal.mjs, the official libsignal client) on base: keys uploaded, socket open. */
async function e2eeDevice(user, token, base, name) {
  const d = new Device(user, token, { base, name });
  await d.upload();
  await d.connectSocket();
  return d;
}

test('an end-to-end encrypted conversation across nodes: every device, on whichever node, decrypts its own ciphertext, once; a device added later too', async () => {
  const alice = await register(nodeUrl('node1'), 'alice');
  const bob = await register(nodeUrl('node2'), 'bob');
  const a1 = await e2eeDevice(alice, alice.token, nodeUrl('node1'), 'alice@node1');
  const a3 = await e2eeDevice(alice, await loginAt(nodeUrl('node3'), alice), nodeUrl('node3'), 'alice@node3');
  const b2 = await e2eeDevice(bob, bob.token, nodeUrl('node2'), 'bob@node2');
  // The client's default transports through nginx: polling routed by its sid, then the upgrade on that node.
  const bn = await e2eeDevice(bob, await loginAt(cluster.nginx.url, bob), cluster.nginx.url, 'bob@nginx');
  const created = await api(nodeUrl('node3'), 'POST', '/api/chat',
    { token: alice.token, body: { type: 'direct', memberIds: [bob.id], e2ee: true } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const chat = created.body.conversation.id;
  const secret = `cluster-e2ee-${randomBytes(6).toString('hex')}`;

  /** from sends text; each of to decrypts it from its own message:received; returns the acked message. */
  async function round(from, to, text) {
    const { ack } = await sendEncrypted(from, chat, text, { clientMessageId: randomBytes(8).toString('hex') });
    for (const d of to) {
      const { message } = await waitForEvent(d.socket, 'message:received',
        { filter: (p) => p?.message?.id === ack.message.id, timeout: 10_000 });
      assert.equal(message.content, null, 'the server has no content to give');
      assert.equal(await d.decrypt(message.senderId, message.senderDeviceId, message.ciphertext), text, d.label);
    }
    return ack.message;
  }
  const sent = [
    await round(a1, [a3, b2, bn], `${secret} from alice on node1`),
    await round(bn, [a1, a3, b2], `${secret} bob answers through nginx`),
    await round(a3, [a1, b2, bn], `${secret} alice on node3`),
  ];

  // A device bob adds later, on node3: alice's next send names it missing; it decrypts what comes after.
  const b3 = await e2eeDevice(bob, await loginAt(nodeUrl('node3'), bob), nodeUrl('node3'), 'bob@node3');
  const { ack: late, attempts, mismatches } = await sendEncrypted(a1, chat, `${secret} with bob's new device`,
    { clientMessageId: randomBytes(8).toString('hex') });
  assert.equal(attempts, 2);
  assert.deepEqual(mismatches[0].missing.map((d) => `${d.userId}.${d.deviceId}`), [`${bob.id}.${b3.deviceId}`]);
  sent.push(late.message);
  for (const d of [a3, b2, bn, b3]) {
    const { message } = await waitForEvent(d.socket, 'message:received',
      { filter: (p) => p?.message?.id === late.message.id, timeout: 10_000 });
    assert.equal(await d.decrypt(message.senderId, message.senderDeviceId, message.ciphertext),
      `${secret} with bob's new device`, d.label);
  }

  // An edit carries new ciphertexts: each device's conversation:event has its own, on every node.
  await sendEncrypted(a1, chat, `${secret} from alice on node1 (edited)`, { messageId: sent[0].id });
  for (const d of [a3, b2, bn, b3]) {
    const event = await waitForEvent(d.socket, 'conversation:event',
      { filter: (e) => e?.type === 'message.edited' && e.messageId === sent[0].id, timeout: 10_000 });
    assert.equal(event.content, null);
    assert.equal(await d.decrypt(alice.id, event.senderDeviceId, event.ciphertext), `${secret} from alice on node1 (edited)`, d.label);
  }

  // Exactly once per device, and never back to the sending device.
  await sleep(500);
  for (const d of [a1, a3, b2, bn, b3]) {
    for (const m of sent) {
      const got = d.socket.received.filter((r) => r.event === 'message:received' && r.args[0]?.message?.id === m.id).length;
      const own = m.senderId === d.user.id && m.senderDeviceId === d.deviceId;
      const expected = own || (d === b3 && m !== late.message) ? 0 : 1;
      assert.equal(got, expected, `${d.label}: message seq ${m.seq} received ${got} times`);
    }
  }
  cluster.assertHealthy('after the E2EE conversation across nodes');
});

test('presence across nodes: one user:online and one user:offline per transition, whatever the nodes', async () => {
  const [watcher, erin] = await contacts(nodeUrl('node1'), 'watch', 'erin');
  const w = await connect(nodeUrl('node2'), watcher.token);
  const isErin = (p) => p.userId === erin.id;
  const e1 = await connect(nodeUrl('node1'), erin.token);
  await until('user:online for erin', () => received(w, 'user:online', isErin).length === 1, 10_000);
  const e3 = await connect(nodeUrl('node3'), erin.token);
  // A device on a node that did not see erin yet learns she is online from the snapshot.
  const w3 = await connect(nodeUrl('node3'), watcher.token);
  await until('presence:snapshot on node3', () => received(w3, 'presence:snapshot').length === 1, 5000);
  assert.ok(received(w3, 'presence:snapshot')[0].online.includes(erin.id), 'erin is online in node3\'s snapshot');
  e1.disconnect();
  await sleep(1500);
  assert.equal(received(w, 'user:online', isErin).length, 1, 'a second device on another node is not a transition');
  assert.equal(received(w, 'user:offline', isErin).length, 0, 'erin is still online on node3');
  e3.disconnect();
  await until('user:offline for erin', () => received(w, 'user:offline', isErin).length === 1, 10_000);
  await sleep(1000);
  assert.equal(received(w, 'user:offline', isErin).length, 1);
  assert.equal(received(w3, 'user:offline', isErin).length, 1, 'the watcher\'s other device too, once');
});

test('the admins\' presence view lists every node\'s connections, each id naming its node', async () => {
  const token = await cluster.admin();
  const pat = await register(nodeUrl('node1'), 'pat');
  const p2 = await connect(nodeUrl('node2'), pat.token);
  const p3 = await connect(nodeUrl('node3'), pat.token);
  // The live feed on /admin of node1 hears node2's and node3's connects and disconnects.
  const feed = io(`${nodeUrl('node1')}/admin`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  open.add(feed);
  feed.received = [];
  feed.onAny((event, ...args) => feed.received.push({ event, args }));
  await new Promise((resolve, reject) => { feed.once('connect', resolve); feed.once('connect_error', reject); });
  // The nodes exchange their connection lists only while an admin looks: the first look asks every node for its
  // list and answers once they are in (no waiting for a heartbeat).
  const first = await api(nodeUrl('node1'), 'GET', '/api/admin/presence', { token });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const view = first.body.users.find((u) => u.userId === pat.id);
  assert.ok(view, `pat is in node1's first view: ${JSON.stringify(first.body)}`);
  assert.equal(view.connections.length, 2, JSON.stringify(view));
  assert.deepEqual(view.connections.map((c) => c.node).sort(), ['node2', 'node3']);
  for (const c of view.connections) assert.match(c.id, new RegExp(`^${c.node}:\\d+$`));
  const p4 = await connect(nodeUrl('node3'), pat.token);
  await until('presence:connected from node3 on node1\'s feed', () => received(feed, 'presence:connected',
    (e) => e.userId === pat.id && e.connection.node === 'node3').length >= 1, 5000);
  p4.disconnect();
  await until('presence:disconnected names the node', () => received(feed, 'presence:disconnected',
    (e) => e.userId === pat.id && e.connectionId.startsWith('node3:')).length === 1, 5000);
  p2.disconnect();
  p3.disconnect();
  feed.disconnect();
});

test('logout on one node closes that session\'s sockets on the others within a second', async () => {
  const frank = await register(nodeUrl('node1'), 'frank');
  const login = await api(nodeUrl('node1'), 'POST', '/api/auth/login', { body: { username: frank.username, password: 'cluster-password-1' } });
  assert.equal(login.status, 200);
  const second = login.body.token;
  const s2 = await connect(nodeUrl('node2'), second);
  const s3 = await connect(nodeUrl('node3'), second);
  const other = await connect(nodeUrl('node2'), frank.token);
  const closed = (s) => new Promise((resolve) => s.once('disconnect', () => resolve(Date.now())));
  const closes = [closed(s2), closed(s3)];
  const start = Date.now();
  const out = await api(nodeUrl('node1'), 'POST', '/api/auth/logout', { token: second });
  assert.equal(out.status, 204);
  const times = await Promise.race([Promise.all(closes), sleep(3000, null, { ref: false }).then(() => null)]);
  assert.ok(times, 'the logged-out session\'s sockets on node2 and node3 were closed');
  for (const t of times) assert.ok(t - start < 1000, `closed ${t - start} ms after the logout`);
  await sleep(300);
  assert.ok(other.connected, 'the user\'s other session stays connected');
});

test('Valkey killed for 10 s under load: after it is back every acked message reaches every member exactly once', async () => {
  const [grace, heidi, chat] = await contacts(nodeUrl('node1'), 'grace', 'heidi');
  const g1 = await connect(nodeUrl('node1'), grace.token);
  const h2 = await connect(nodeUrl('node2'), heidi.token);
  const h3 = await connect(nodeUrl('node3'), heidi.token);
  const sender = keepSending(g1, chat, 'under a bus outage', 40);
  await sleep(1500);
  await cluster.valkey.kill();
  await sleep(10_000);
  await cluster.valkey.start();
  await sleep(3000);
  const acked = await sender.stop();
  assert.ok(acked.length > 100, `${acked.length} messages acked during the run`);
  await until('every acked message reached heidi on node2 and node3', () =>
    [h2, h3].every((s) => new Set(messagesIn(s, chat).map((m) => m.id)).size >= acked.length), 20_000);
  await sleep(1000);
  assertExactlyOnce(messagesIn(h2, chat), acked, 'heidi on node2');
  assertExactlyOnce(messagesIn(h3, chat), acked, 'heidi on node3');
  // The bus is back for new traffic too.
  const after = await send(g1, chat, 'after the outage');
  await until('live again', () => messagesIn(h2, chat).some((m) => m.id === after.id), 5000);
  cluster.assertHealthy('after the Valkey outage');
});

test('the publishing node\'s Valkey connection reset: the others notice the positions they missed and read them from PostgreSQL', async () => {
  const [nick, olga, chat] = await contacts(nodeUrl('node1'), 'nick', 'olga');
  const n1 = await connect(nodeUrl('node1'), nick.token);
  const o2 = await connect(nodeUrl('node2'), olga.token);
  const o3 = await connect(nodeUrl('node3'), olga.token);
  const acked = [];
  for (let i = 0; i < 10; i++) acked.push(await send(n1, chat, `before the reset ${i}`));
  const filledBefore = cluster.nodes.map((n) => (n.log.match(/misses positions/g) ?? []).length);
  // Every node's command connection is cut (subscriptions stay): the next publish fails and is dropped, and
  // nothing follows it, so only the positions node1 announces tell the others what they missed. Valkey refuses
  // PUBLISH meanwhile: node1's position announcements (every second) could otherwise be the command that meets
  // the cut connection, and the message's publish go out on the new one (seen under CPU contention).
  assert.match(await cluster.valkey.command('ACL', 'SETUSER', 'default', '-publish'), /^\+OK/);
  try {
    assert.match(await cluster.valkey.command('CLIENT', 'KILL', 'TYPE', 'normal'), /^:\d+/);
    acked.push(await send(n1, chat, 'its publish is lost'));
    await sleep(500); // the writer queues its publish right after it posts the ack: time to meet the refusal
  } finally {
    assert.match(await cluster.valkey.command('ACL', 'SETUSER', 'default', '+publish'), /^\+OK/);
  }
  await until('olga has every message on node2 and node3', () =>
    [o2, o3].every((s) => acked.every((m) => messagesIn(s, chat).some((x) => x.id === m.id))), 10_000);
  await sleep(500);
  assertExactlyOnce(messagesIn(o2, chat), acked, 'olga on node2');
  assertExactlyOnce(messagesIn(o3, chat), acked, 'olga on node3');
  const filled = cluster.nodes.map((n, i) => (n.log.match(/misses positions/g) ?? []).length - filledBefore[i]);
  assert.ok(filled[1] > 0 && filled[2] > 0, `node2 and node3 read the gap from the database (${filled})`);
});

test('a Node backend emits through Valkey with the official @socket.io/redis-emitter: user and conversation rooms are delivered on every node, Banter\'s own events and broadcasts refused', async () => {
  const [quinn, rita, chat] = await contacts(nodeUrl('node1'), 'quinn', 'rita');
  const q1 = await connect(nodeUrl('node1'), quinn.token);
  const q3 = await connect(nodeUrl('node3'), quinn.token);
  const r2 = await connect(nodeUrl('node2'), rita.token);
  const joined = await r2.timeout(5000).emitWithAck('conversation:join', { conversationId: chat });
  assert.equal(joined.ok, true, JSON.stringify(joined));
  const redis = createClient({ url: cluster.valkey.url });
  await redis.connect();
  try {
    const emitter = new Emitter(redis);
    emitter.to(`user:${quinn.id}`).emit('app:notice', { text: 'from the Node backend', n: 3 });
    await until('both of quinn\'s devices have app:notice', () =>
      [q1, q3].every((s) => received(s, 'app:notice').length === 1), 5000);
    assert.deepEqual(received(q3, 'app:notice')[0], { text: 'from the Node backend', n: 3 });
    emitter.to(`conversation:${chat}`).emit('app:ping', 1, 'two', [true, null]);
    await until('the socket that joined the conversation has app:ping', () =>
      r2.received.some((r) => r.event === 'app:ping'), 5000);
    assert.deepEqual(r2.received.find((r) => r.event === 'app:ping').args, [1, 'two', [true, null]]);
    // Refused: Banter's own event names, a broadcast to every socket, rooms of another kind.
    emitter.to(`user:${quinn.id}`).emit('message:received', { message: { id: 'forged' } });
    emitter.emit('app:everyone', {});
    emitter.to('lobby').emit('app:lobby', {});
    emitter.to(`user:${rita.id}`).emit('app:last', {});
    await until('the last one arrived', () => received(r2, 'app:last').length === 1, 5000);
    await sleep(300);
    for (const s of [q1, q3, r2]) {
      assert.equal(received(s, 'message:received', (p) => p.message.id === 'forged').length, 0);
      assert.equal(received(s, 'app:everyone').length + received(s, 'app:lobby').length, 0);
    }
    assert.equal(received(q1, 'app:ping').length, 0, 'quinn did not join the conversation room');
    assert.ok(cluster.nodes.some((n) => /refused a redis-emitter message/.test(n.log)), 'the refusal is logged');
  } finally {
    await redis.quit();
  }
});

test('kill -9 of a node under load: its clients reconnect through nginx and catch up, nothing lost or doubled; its users go offline', async () => {
  const ivan = await register(cluster.nginx.url, 'ivan');
  const judy = await register(cluster.nginx.url, 'judy');
  const kim = await register(cluster.nginx.url, 'kim');
  const chat = await directChat(cluster.nginx.url, ivan, judy);
  await directChat(cluster.nginx.url, ivan, kim);
  // judy through nginx: whichever node that is dies; ivan sends from another one.
  let j = await connect(cluster.nginx.url, judy.token);
  const victim = j.io.engine.id.split('.')[0];
  const survivor = cluster.nodes.find((n) => n.name !== victim && !n.killed).name;
  const i = await connect(nodeUrl(survivor), ivan.token);
  const k = await connect(nodeUrl(victim), kim.token); // kim is only on the victim
  await until('kim is online for ivan', () => i.received.some((r) => r.event === 'user:online' && r.args[0].userId === kim.id)
    || received(i, 'presence:snapshot').some((p) => p.online.includes(kim.id)), 5000).catch(() => {});
  const sender = keepSending(i, chat, 'while a node dies', 30);
  const acked = sender.acked;
  await sleep(1000);
  const killedAt = Date.now();
  const node = cluster.node(victim);
  node.killed = true;
  await node.kill();
  // judy's client notices and reconnects through nginx, then asks for what it missed since its last seq.
  await until('judy\'s socket noticed', () => !j.connected, 5000);
  const before = messagesIn(j, chat);
  const last = before.reduce((max, m) => Math.max(max, m.seq), 0);
  j = await connect(cluster.nginx.url, judy.token);
  assert.notEqual(j.io.engine.id.split('.')[0], victim);
  const page = await j.timeout(10_000).emitWithAck('sync', { since: { [chat]: last } });
  assert.equal(page.ok, true, JSON.stringify(page));
  assert.equal(page.hasMore, false);
  await sleep(2000);
  await sender.stop();
  await until('judy has every acked message', () => {
    const ids = new Set([...before, ...page.messages, ...messagesIn(j, chat)].map((m) => m.id));
    return acked.every((m) => ids.has(m.id));
  }, 10_000);
  // Live delivery never doubles; sync overlaps the new socket's first live messages (what was committed between
  // the reconnect and the sync), which a client merges by seq.
  const live = [...before, ...messagesIn(j, chat)];
  const liveIds = new Set(live.map((m) => m.id));
  assert.equal(liveIds.size, live.length, 'no message delivered live twice');
  const synced = page.messages.filter((m) => m.conversationId === chat && !liveIds.has(m.id));
  assertExactlyOnce([...live, ...synced], acked, 'judy');
  // kim's only node died: ivan hears she is offline once its heartbeat expires (15 s) and a node reaps it.
  try {
    await until('user:offline for kim', () => received(i, 'user:offline', (p) => p.userId === kim.id).length === 1, 30_000);
  } catch (e) {
    // What each node and Valkey knew, for the record: this check failed about once in seven runs in December 2026
    // and did not fail again while the bus logged at debug level.
    console.log(`# kim=${kim.id} victim=${victim} survivor=${survivor} killed at ${new Date(killedAt).toISOString()}; `
      + `ivan got ${received(i, 'user:offline', (p) => p.userId === kim.id).length} user:offline for kim`);
    await busRecord();
    throw e;
  }
  console.log(`# kim offline ${Date.now() - killedAt} ms after the kill`);
  assert.equal(k.connected, false);
  cluster.assertHealthy('after a node was killed');
});

test('a node started later joins the cluster without a restart of the others', async () => {
  const late = await cluster.startNode('node9');
  const survivor = cluster.nodes.find((n) => !n.killed && n.name !== 'node9').name; // one node was killed above
  const [leo, mia, chat] = await contacts(nodeUrl(survivor), 'leo', 'mia');
  const m9 = await connect(late.url, mia.token);
  const l = await connect(nodeUrl(survivor), leo.token);
  const m = await send(l, chat, 'welcome, node9');
  await until('mia on node9 has it', () => messagesIn(m9, chat).some((x) => x.id === m.id), 5000);
  const back = await send(m9, chat, 'hello from node9');
  await until('leo has the reply', () => messagesIn(l, chat).some((x) => x.id === back.id), 5000);
  // A graceful stop: mia's only node goes; another node reaps it at once and leo hears she is offline.
  await until('leo knows mia is online', () => received(l, 'presence:snapshot').some((p) => p.online.includes(mia.id))
    || received(l, 'user:online', (p) => p.userId === mia.id).length > 0, 5000);
  const stoppedAt = Date.now();
  await late.stop();
  late.killed = true;
  await until('user:offline for mia', () => received(l, 'user:offline', (p) => p.userId === mia.id).length === 1, 12_000);
  console.log(`# mia offline ${Date.now() - stoppedAt} ms after node9 was stopped`);
});

test('a node killed right after Valkey lost its data, before its next heartbeat: the users it claimed go offline', async () => {
  // The node's first command after the restart (its heartbeat) meets the cut connection and fails; its next
  // heartbeat is a second away. A user that connects meanwhile is claimed, and the node dies: only if the claim
  // itself put the node back in banter:nodes with a heartbeat key can a reaper find it (before, nothing did, and
  // zoe stayed online for good: hardening.cluster's kim failed so about once in seven runs).
  const fresh = await cluster.startNode(`node${cluster.nodes.length + 1}`);
  const observer = cluster.nodes.find((n) => !n.killed && n !== fresh).name;
  const [una, zoe] = await contacts(nodeUrl(observer), 'una', 'zoe');
  const u = await connect(nodeUrl(observer), una.token);
  const seen = fresh.log.length;
  await cluster.valkey.kill();
  await cluster.valkey.start();
  await until('the node noticed and reconnected', () => /reconnected to/.test(fresh.log.slice(seen)), 10_000);
  const z = await connect(fresh.url, zoe.token);
  await until('una hears zoe is online', () => received(u, 'user:online', (p) => p.userId === zoe.id).length === 1, 5000);
  const killedAt = Date.now();
  fresh.killed = true;
  await fresh.kill();
  try {
    await until('user:offline for zoe', () => received(u, 'user:offline', (p) => p.userId === zoe.id).length === 1, 30_000);
  } catch (e) {
    console.log(`# zoe=${zoe.id} on ${fresh.name}, una on ${observer}; una got `
      + `${received(u, 'user:offline', (p) => p.userId === zoe.id).length} user:offline for zoe`);
    await busRecord();
    throw e;
  }
  console.log(`# zoe offline ${Date.now() - killedAt} ms after the kill`);
  assert.equal(z.connected, false);
  cluster.assertHealthy('after Valkey restarted and a node was killed');
});

test('writers of several nodes sending into the same conversations at once: no deadlock, no send refused', async () => {
  // Each node's writer batches sends of several conversations and locks their rows; two nodes that locked the
  // same conversations in different orders deadlocked, and PostgreSQL refused one batch after a second. Last in
  // the file: its load (and the search indexing it leaves behind) would shift the timings of the tests above.
  // Three writers' nodes (one was killed above: another joins); with two, the deadlock showed too rarely.
  while (cluster.nodes.filter((n) => !n.killed).length < 3) await cluster.startNode(`node${cluster.nodes.length + 1}`);
  const live = cluster.nodes.filter((n) => !n.killed).map((n) => n.name);
  const users = [];
  for (const n of live) users.push(await register(nodeUrl(n), `lock${n.slice(-1)}`));
  const groups = [];
  for (let g = 0; g < 6; g++) {
    const res = await api(nodeUrl(live[0]), 'POST', '/api/chat', { token: users[0].token,
      body: { type: 'group', title: `locks ${g}`, memberIds: users.slice(1).map((u) => u.id) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    groups.push(res.body.conversation.id);
  }
  const sockets = await Promise.all(users.map((u, k) => connect(nodeUrl(live[k]), u.token)));
  const deadlocksBefore = cluster.nodes.map((n) => (n.log.match(/deadlock detected/g) ?? []).length);
  const perSocket = 240;
  const inFlight = 24;
  const refused = [];
  await Promise.all(sockets.map(async (s, k) => {
    let next = 0;
    const worker = async () => {
      while (next < perSocket) {
        const i = next++;
        const ack = await s.timeout(20_000).emitWithAck('message:send', { conversationId: groups[(i + k) % groups.length],
          content: `lock ${k} ${i}`, clientMessageId: `lock-${k}-${i}-${randomBytes(4).toString('hex')}` });
        if (!ack.ok) refused.push(ack.error?.code ?? JSON.stringify(ack));
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  }));
  assert.deepEqual(refused, [], 'every send is stored');
  const deadlocks = cluster.nodes.map((n, i) => (n.log.match(/deadlock detected/g) ?? []).length - deadlocksBefore[i]);
  assert.deepEqual(deadlocks, cluster.nodes.map(() => 0), `no deadlock between the nodes' writers: ${
    cluster.nodes.flatMap((n) => n.log.split('\n').filter((l) => /deadlock/.test(l))).join('\n').slice(0, 3000)}`);
  for (const s of sockets) s.disconnect();
});
