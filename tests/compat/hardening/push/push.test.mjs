// Web Push to devices that are offline (issue #12), end to end: banterd (with --dev, so that it may push to
// http://127.0.0.1) sends to a real push service started here (lib/push-service.mjs), which checks the VAPID JWT
// against the key banterd publishes and decrypts every body with the subscription's private key, as a browser does.
// Covers: one push per burst for the offline user and none for the online one; levels, mutes, quiet hours and
// previews; 410 deleting the subscription, 429/500 retried; a job dead after its attempts, listed by
// `banter-console jobs --failed` and retried by `--retry`; kill -9 with jobs pending: each runs after the
// restart, none twice; report.resolved to the reporter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { startBanterd, register as registerRaw, until } from '../banterd.mjs';
import { startPushService } from '../../lib/push-service.mjs';

const CONSOLE = process.env.BANTER_CONSOLE ?? join(dirname(process.env.BANTERD), '..', 'console', 'banter-console');
// Failed jobs come back after 20-40 ms pauses (not 1 s doubling to 10 min), so that 8 attempts take seconds.
const FLAGS = ['--dev', '--job-retry-base-ms', '20', '--vapid-subject', 'mailto:ops@banter.test'];

let server;
let push;
let dataDir; // shared by the restarts: the key file (VAPID key, sealing keys) must survive them
const sockets = [];

async function register(srv, prefix) {
  const body = await registerRaw(srv, prefix);
  return { ...body.user, token: body.token, password: 'hardening pass 1' };
}

async function call(method, path, token, body) {
  const res = await fetch(`${server.url}${path}`, {
    method, signal: AbortSignal.timeout(10_000),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function ok(method, path, token, body, status = 200) {
  const res = await call(method, path, token, body);
  assert.equal(res.status, status, `${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A user with one push subscription (a browser's, made by the push service). */
async function subscribed(prefix) {
  const user = await register(server, prefix);
  user.sub = push.subscribe();
  await ok('POST', '/api/notifications/push-subscriptions', user.token, user.sub, 201);
  return user;
}

async function online(user) {
  const socket = io(server.url, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  return socket;
}

async function send(socket, conversationId, content, extra = {}) {
  const ack = await socket.timeout(5000).emitWithAck('message:send',
    { conversationId, content, clientMessageId: `c${Math.random().toString(36).slice(2)}`, ...extra });
  assert.ok(ack.message, `message:send: ${JSON.stringify(ack)}`);
  return ack.message;
}

function group(creator, members, title = 'push group') {
  return ok('POST', '/api/chat', creator.token, { type: 'group', title, memberIds: members.map((m) => m.id) }, 201)
    .then((r) => r.conversation);
}

function direct(creator, other) {
  return ok('POST', '/api/chat', creator.token, { type: 'direct', memberIds: [other.id] }, 201).then((r) => r.conversation);
}

/** Nothing more arrives for these endpoints within `ms`. */
async function quiet(endpoints, counts, ms = 1500) {
  await sleep(ms);
  for (const [i, e] of endpoints.entries())
    assert.equal(push.receivedFor(e).length, counts[i], `requests to subscription ${i}: ${JSON.stringify(push.receivedFor(e).map((r) => r.status))}`);
}

before(async () => {
  push = await startPushService();
  dataDir = mkdtempSync(join(tmpdir(), 'banter-push-'));
  server = await startBanterd(FLAGS, { dataDir });
  push.setVapidPublicKey((await ok('GET', '/api/notifications/vapid-public-key')).publicKey);
});

after(async () => {
  for (const s of sockets) s.disconnect();
  if (server) {
    server.assertHealthy('after the push tests');
    await server.stop();
  }
  await push?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the offline member gets exactly one push per burst, encrypted and signed; the online member none', async () => {
  const alice = await register(server, 'pa');
  const [bob, carol] = [await subscribed('pb'), await subscribed('pc')];
  const chat = await group(alice, [bob, carol], 'Weekend');
  const aliceSocket = await online(alice);
  await online(carol);
  const burst = [];
  for (const text of ['one', 'two', 'three', 'four', 'five']) burst.push(await send(aliceSocket, chat.id, text));
  const [delivery] = await push.waitFor(bob.sub.endpoint, 1, 10_000);
  // The push goes with whichever fan-out opened the window (batches' jobs run on two threads): some message of
  // the burst, and how many the notification held then.
  const { messageId, count, notificationId } = delivery.payload;
  assert.ok(burst.some((m) => m.id === messageId), `messageId ${messageId} is one of the burst`);
  assert.ok(count >= 1 && count <= 5, `count ${count}`);
  assert.deepEqual(delivery.payload, {
    kind: 'message', conversationId: chat.id, messageId, notificationId, count, title: 'Weekend',
  }, 'no message text without previews');
  assert.deepEqual(delivery.headers, { ttl: 86400, urgency: 'normal', topic: `c${chat.id}`, contentEncoding: 'aes128gcm' });
  assert.equal(delivery.vapid.sub, 'mailto:ops@banter.test');
  assert.equal(delivery.vapid.aud, push.origin);
  await quiet([bob.sub.endpoint, carol.sub.endpoint], [1, 0]);
  // The in-app notification counted the whole burst.
  const { notifications } = await ok('GET', '/api/notifications', bob.token);
  assert.equal(notifications.find((n) => n.kind === 'message').count, 5);
});

test('levels, mutes, quiet hours and previews decide what is pushed', async () => {
  const alice = await register(server, 'la');
  const aliceSocket = await online(alice);
  // bob: level "mentions" in one group, muted in another.
  const bob = await subscribed('lb');
  const mentionsOnly = await group(alice, [bob], 'mentions only');
  const muted = await group(alice, [bob], 'muted');
  await ok('POST', '/api/notifications/settings', bob.token,
    { conversations: { [mentionsOnly.id]: { level: 'mentions' }, [muted.id]: { muted: true } } });
  await send(aliceSocket, mentionsOnly.id, 'not for bob');
  await send(aliceSocket, muted.id, `@${bob.username} muted`);
  const mention = await send(aliceSocket, mentionsOnly.id, `hey @${bob.username}`);
  const [d] = await push.waitFor(bob.sub.endpoint, 1, 10_000);
  assert.equal(d.payload.kind, 'mention');
  assert.equal(d.payload.messageId, mention.id);
  assert.equal(d.headers.urgency, 'high');
  await quiet([bob.sub.endpoint], [1]);

  // carol: quiet hours around now (UTC) hold pushes back; the notification is still made.
  const carol = await subscribed('lc');
  const hour = new Date().getUTCHours();
  const hh = (h) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
  await ok('POST', '/api/notifications/settings', carol.token, { quietHours: { from: hh(hour - 1), to: hh(hour + 2), tz: 'UTC' } });
  const carolChat = await direct(alice, carol);
  await send(aliceSocket, carolChat.id, 'at night');
  await until('carol\'s notification', async () => (await ok('GET', '/api/notifications', carol.token)).notifications.length === 1);
  await quiet([carol.sub.endpoint], [0], 800);

  // dave: previews on, a direct message: the text and the sender's name; push off: nothing.
  const dave = await subscribed('ld');
  await ok('POST', '/api/notifications/settings', dave.token, { previews: true });
  const daveChat = await direct(alice, dave);
  await send(aliceSocket, daveChat.id, 'the text, shown');
  const [p] = await push.waitFor(dave.sub.endpoint, 1, 10_000);
  assert.equal(p.payload.title, alice.username); // the display name, the username unless changed
  assert.equal(p.payload.body, 'the text, shown');
  assert.equal(p.headers.urgency, 'high');
  const erin = await subscribed('le');
  await ok('POST', '/api/notifications/settings', erin.token, { push: false });
  await send(aliceSocket, (await direct(alice, erin)).id, 'nothing');
  await until('erin\'s notification', async () => (await ok('GET', '/api/notifications', erin.token)).notifications.length === 1);
  await quiet([erin.sub.endpoint], [0], 800);
});

test('410 deletes the subscription; 429 (Retry-After) and 500 are retried until delivered', async () => {
  const alice = await register(server, 'ra');
  const aliceSocket = await online(alice);
  const bob = await subscribed('rb');
  push.respondWith(bob.sub.endpoint, 410);
  await send(aliceSocket, (await direct(alice, bob)).id, 'to a gone subscription');
  await until('the subscription deleted', async () =>
    (await ok('GET', '/api/notifications/push-subscriptions', bob.token)).subscriptions.length === 0);
  assert.equal(push.receivedFor(bob.sub.endpoint).length, 1);

  const carol = await subscribed('rc');
  push.respondWith(carol.sub.endpoint, [{ status: 429, retryAfter: 1 }, 500]);
  const started = Date.now();
  await send(aliceSocket, (await direct(alice, carol)).id, 'try again');
  await push.waitFor(carol.sub.endpoint, 1, 15_000);
  const statuses = push.receivedFor(carol.sub.endpoint).map((r) => r.status);
  assert.deepEqual(statuses, [429, 500, 201]);
  const [, second] = push.receivedFor(carol.sub.endpoint);
  assert.ok(second.at - push.receivedFor(carol.sub.endpoint)[0].at >= 950, 'Retry-After: 1 was respected');
  assert.ok(Date.now() - started < 15_000);
  assert.equal((await ok('GET', '/api/notifications/push-subscriptions', carol.token)).subscriptions.length, 1);
});

function consoleRun(args, admin) {
  return new Promise((resolve, reject) => {
    const p = spawn(CONSOLE, [...args, '--server', server.url, '--user', admin.username, '--password-stdin'],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
    let out = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { out += c; });
    p.stdin.end(`${admin.password}\n`);
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('exit', (code) => { clearTimeout(timer); resolve({ code, out }); });
    p.on('error', reject);
  });
}

async function createAdmin(prefix) {
  const username = `${prefix}_${Date.now().toString(36)}`;
  const password = 'push-admin-password-1';
  await new Promise((resolve, reject) => {
    const p = spawn(process.env.BANTERD, ['--database-url', process.env.BANTER_TEST_DATABASE_URL, '--data-dir', server.dataDir,
      '--argon2-memory-kib', '1024', '--argon2-iterations', '1', '--create-admin', username], { stdio: ['pipe', 'ignore', 'inherit'] });
    p.stdin.end(`${password}\n`);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`--create-admin exited ${code}`))));
  });
  const { token } = await ok('POST', '/api/auth/login', null, { username, password });
  return { username, password, token };
}

test('a push that keeps failing is dead after 8 attempts, listed by banter-console jobs --failed, and --retry sends it', async () => {
  const alice = await register(server, 'da');
  const aliceSocket = await online(alice);
  const bob = await subscribed('db');
  push.respondWith(bob.sub.endpoint, 500, { sticky: true });
  await send(aliceSocket, (await direct(alice, bob)).id, 'into a broken service');
  const admin = await createAdmin('padm');
  let dead;
  await until('the dead push job', async () => {
    const { jobs } = await ok('GET', '/api/admin/jobs?state=dead&kind=push.deliver', admin.token);
    dead = jobs.find((j) => j.lastError?.includes('500'));
    return Boolean(dead);
  }, 30_000);
  assert.equal(dead.attempts, 8);
  assert.equal(push.receivedFor(bob.sub.endpoint).length, 8, 'one request per attempt');
  push.respondWith(bob.sub.endpoint, 201, { sticky: true });
  if (existsSync(CONSOLE)) {
    const listed = await consoleRun(['jobs', '--failed'], admin);
    assert.equal(listed.code, 0, listed.out);
    assert.ok(listed.out.includes(String(dead.id)) && listed.out.includes('push.deliver'), listed.out);
    const retried = await consoleRun(['jobs', '--retry', String(dead.id)], admin);
    assert.equal(retried.code, 0, retried.out);
  } else {
    // The ThreadSanitizer run (./dev test --tsan) builds banterd only: the same retry through the admin API.
    await ok('POST', `/api/admin/jobs/${dead.id}/retry`, admin.token, { reason: 'the push service is back' });
  }
  await push.waitFor(bob.sub.endpoint, 1, 10_000);
});

test('report.resolved reaches the reporter live', async () => {
  const [alice, bob] = [await register(server, 'sa'), await register(server, 'sb')];
  const chat = await direct(alice, bob);
  const bad = await send(await online(alice), chat.id, 'something reportable');
  const bobSocket = await online(bob);
  const { report } = await ok('POST', '/api/users/report', bob.token, { userId: alice.id, messageId: bad.id, reason: 'spam' }, 201);
  const admin = await createAdmin('radm');
  const live = new Promise((resolve) => bobSocket.on('notification:new', (p) => p.notification.kind === 'report.resolved' && resolve(p)));
  await ok('POST', `/api/admin/reports/${report.id}/resolve`, admin.token, { action: 'warned', reason: 'handled' });
  const { notification } = await live;
  assert.equal(notification.reportId, report.id);
  assert.equal(notification.messageId, bad.id);
  assert.ok(!('actorId' in notification), 'not who handled it');
});

test('kill -9 with notification jobs pending: after the restart each runs, none twice', async () => {
  // The suite's banterd would run the jobs at once: this test's node runs none (--job-threads 0), so that they
  // wait in the queue when it is killed; the restarted node (with job threads) runs them.
  await server.stop();
  server = await startBanterd([...FLAGS, '--job-threads', '0'], { dataDir });
  const alice = await register(server, 'ka');
  const aliceSocket = await online(alice);
  const users = [];
  for (let i = 0; i < 12; i++) users.push(await subscribed(`k${i}`));
  for (const u of users) await send(aliceSocket, (await direct(alice, u)).id, `pending for ${u.username}`);
  await sleep(500);
  assert.equal(push.received.filter((r) => users.some((u) => u.sub.endpoint === r.endpoint)).length, 0, 'nothing ran yet');
  await server.kill();
  server = await startBanterd(FLAGS, { dataDir });
  for (const u of users) await push.waitFor(u.sub.endpoint, 1, 15_000);
  await quiet(users.map((u) => u.sub.endpoint), users.map(() => 1));
  for (const u of users) {
    const { notifications } = await ok('GET', '/api/notifications', u.token);
    assert.deepEqual(notifications.map((n) => [n.kind, n.count]), [['message', 1]], u.username);
  }
});

test('a big group\'s fan-out runs in parts (--notify-part-members): every member hears once', async () => {
  const token = 'metrics-token-for-the-push-tests';
  await server.stop();
  server = await startBanterd([...FLAGS, '--notify-part-members', '3', '--metrics-token', token], { dataDir });
  const fanoutsDone = async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    const m = text.match(/^banter_jobs_processed_total\{kind="notify\.fanout",outcome="done"\} (\d+)/m);
    return m ? Number(m[1]) : 0;
  };
  const alice = await register(server, 'ga');
  const aliceSocket = await online(alice);
  const members = [];
  for (let i = 0; i < 8; i++) members.push(await subscribed(`g${i}`));
  const carol = await register(server, 'gc');
  const carolSocket = await online(carol);
  const start = await fanoutsDone();
  // 10 members, at most 3 a part: the job that runs first only enqueues 4 parts (user id % 4), in its transaction.
  const chat = await group(alice, [...members, carol], 'Big group');
  await until('the group.added fan-out and its 4 parts', async () => (await fanoutsDone()) === start + 5, 10_000);
  const mention = new Promise((resolve) => carolSocket.on('notification:new', (p) => p.notification.kind === 'mention' && resolve(p)));
  await send(aliceSocket, chat.id, `hello everyone, and @${carol.username}`);
  for (const m of members) await push.waitFor(m.sub.endpoint, 1, 10_000);
  assert.equal((await mention).notification.conversationId, chat.id);
  await quiet(members.map((m) => m.sub.endpoint), members.map(() => 1));
  assert.equal(await fanoutsDone(), start + 10, 'two fan-outs of 1 + 4 jobs each');
  for (const m of [...members, carol]) {
    const { notifications } = await ok('GET', '/api/notifications', m.token);
    assert.deepEqual(notifications.map((n) => [n.kind, n.count]).sort(),
      m === carol ? [['group.added', 1], ['mention', 1]] : [['group.added', 1], ['message', 1]], m.username);
  }
});
