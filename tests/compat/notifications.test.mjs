// Web Push subscriptions and the VAPID key (issue #12, docs/api.md "Notifications"). run-compat's banterd runs
// without --dev, so endpoints must be https and name no loopback or private address; nothing is pushed here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createECDH, randomBytes } from 'node:crypto';
import { api, apiExpect, apiError, registerUser, login, createConversation } from './lib/rest.mjs';

const PATH = '/api/notifications/push-subscriptions';

/** What a browser's PushSubscription.toJSON() gives: a P-256 key pair's public half and 16 auth bytes. */
function browserSubscription(host = 'push.example.test') {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `https://${host}/wpush/v2/${randomBytes(12).toString('base64url')}`,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

test('GET /api/notifications/vapid-public-key: the uncompressed P-256 point, anonymous, stable', async () => {
  const first = await apiExpect(200, 'GET', '/api/notifications/vapid-public-key');
  assert.match(first.publicKey, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  const point = Buffer.from(first.publicKey, 'base64url');
  assert.equal(point.length, 65);
  assert.equal(point[0], 4, 'uncompressed form');
  const again = await apiExpect(200, 'GET', '/api/notifications/vapid-public-key');
  assert.equal(again.publicKey, first.publicKey);
});

test('a device registers its subscription once; the same endpoint again is the same subscription', async () => {
  const alice = await registerUser('push');
  await apiError('POST', PATH, { body: browserSubscription() }, { status: 401, code: 'unauthorized' });
  const sub = browserSubscription();
  const created = await apiExpect(201, 'POST', PATH, { token: alice.token, body: sub });
  assert.equal(typeof created.subscription.id, 'string');
  assert.equal(created.subscription.endpoint, sub.endpoint);
  assert.equal(created.subscription.current, true);
  assert.ok(!Number.isNaN(Date.parse(created.subscription.createdAt)));
  const renewed = { ...sub, keys: browserSubscription().keys }; // resubscribed with new keys
  const again = await apiExpect(200, 'POST', PATH, { token: alice.token, body: renewed });
  assert.equal(again.subscription.id, created.subscription.id);
  const { subscriptions } = await apiExpect(200, 'GET', PATH, { token: alice.token });
  assert.deepEqual(subscriptions.map((s) => [s.id, s.endpoint, s.current]), [[created.subscription.id, sub.endpoint, true]]);
});

test('subscriptions: endpoints that are not https or name internal addresses, and bad keys, are refused', async () => {
  const alice = await registerUser('push');
  const good = browserSubscription();
  const bad = [
    { ...good, endpoint: 'http://push.example.test/x' },
    { ...good, endpoint: 'https://127.0.0.1/x' },
    { ...good, endpoint: 'https://localhost/x' },
    { ...good, endpoint: 'https://10.1.2.3/x' },
    { ...good, endpoint: 'https://192.168.0.9/x' },
    { ...good, endpoint: 'https://169.254.169.254/latest/meta-data' },
    { ...good, endpoint: 'https://[::1]/x' },
    { ...good, endpoint: 'https://[fd00::1]/x' },
    { ...good, endpoint: 'https://user:pw@push.example.test/x' },
    { ...good, endpoint: 'not a url' },
    { ...good, endpoint: `https://push.example.test/${'x'.repeat(2100)}` },
    { ...good, endpoint: 42 },
    { endpoint: good.endpoint },
    { ...good, keys: { ...good.keys, p256dh: Buffer.concat([Buffer.from([4]), randomBytes(64)]).toString('base64url') } },
    { ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(0, 40) } },
    { ...good, keys: { ...good.keys, auth: randomBytes(15).toString('base64url') } },
    { ...good, keys: { ...good.keys, auth: '***' } },
  ];
  for (const body of bad) {
    const res = await api('POST', PATH, { token: alice.token, body });
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 160)} -> ${res.status} ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, 'validation_failed');
  }
  const { subscriptions } = await apiExpect(200, 'GET', PATH, { token: alice.token });
  assert.equal(subscriptions.length, 0, 'nothing stored by a refused request');
});

test('subscriptions belong to their user, go with their session on logout, and are capped per user', async () => {
  const alice = await registerUser('push');
  const bob = await registerUser('push');
  const phone = await apiExpect(201, 'POST', PATH, { token: alice.token, body: browserSubscription() });
  const laptopToken = await login(alice);
  const laptop = await apiExpect(201, 'POST', PATH, { token: laptopToken, body: browserSubscription() });
  const fromLaptop = await apiExpect(200, 'GET', PATH, { token: laptopToken });
  assert.deepEqual(fromLaptop.subscriptions.map((s) => [s.id, s.current]),
    [[phone.subscription.id, false], [laptop.subscription.id, true]]);
  assert.deepEqual((await apiExpect(200, 'GET', PATH, { token: bob.token })).subscriptions, []);
  await apiError('DELETE', `${PATH}/${phone.subscription.id}`, { token: bob.token }, { status: 404, code: 'not_found' });
  await apiError('DELETE', `${PATH}/nope`, { token: bob.token }, { status: 404, code: 'not_found' });

  // Logging the phone out removes its subscription: no push may reach a device that signed out.
  assert.equal((await api('POST', '/api/auth/logout', { token: alice.token })).status, 204);
  const afterLogout = await apiExpect(200, 'GET', PATH, { token: laptopToken });
  assert.deepEqual(afterLogout.subscriptions.map((s) => s.id), [laptop.subscription.id]);

  const removed = await api('DELETE', `${PATH}/${laptop.subscription.id}`, { token: laptopToken });
  assert.equal(removed.status, 204);
  await apiError('DELETE', `${PATH}/${laptop.subscription.id}`, { token: laptopToken }, { status: 404, code: 'not_found' });

  // 20 per user; the 21st is refused until one is deleted. Re-registering one of the 20 is no new one.
  const ids = [];
  let last;
  for (let i = 0; i < 20; i++) {
    last = browserSubscription();
    ids.push((await apiExpect(201, 'POST', PATH, { token: laptopToken, body: last })).subscription.id);
  }
  await apiError('POST', PATH, { token: laptopToken, body: browserSubscription() }, { status: 409, code: 'conflict' });
  assert.equal((await apiExpect(200, 'POST', PATH, { token: laptopToken, body: last })).subscription.id, ids[19]);
  assert.equal((await api('DELETE', `${PATH}/${ids[0]}`, { token: laptopToken })).status, 204);
  await apiExpect(201, 'POST', PATH, { token: laptopToken, body: browserSubscription() });
});

const SETTINGS = '/api/notifications/settings';

test('notification settings: defaults, merged changes, quiet hours in a zone, per-conversation level and mute', async () => {
  const alice = await registerUser('notify');
  const bob = await registerUser('notify');
  await apiError('GET', SETTINGS, {}, { status: 401, code: 'unauthorized' });
  const defaults = await apiExpect(200, 'GET', SETTINGS, { token: alice.token });
  assert.deepEqual(defaults.settings, { push: true, previews: false, quietHours: null, conversations: {} });

  const group = await createConversation(alice, { type: 'group', title: 'settings', members: [bob] });
  const other = await createConversation(bob, { type: 'group', title: 'not alice\'s' });
  const until = new Date(Date.now() + 3600_000).toISOString();
  const set = await apiExpect(200, 'POST', SETTINGS, { token: alice.token, body: {
    previews: true, quietHours: { from: '22:00', to: '07:00', tz: 'Europe/Berlin' },
    conversations: { [group.id]: { level: 'mentions', muted: until } },
  } });
  assert.deepEqual(set.settings, { push: true, previews: true, quietHours: { from: '22:00', to: '07:00', tz: 'Europe/Berlin' },
    conversations: { [group.id]: { level: 'mentions', muted: until } } });
  // A merge: what is not named stays; a conversation entry changes only its named fields.
  const merged = await apiExpect(200, 'POST', SETTINGS, { token: alice.token, body: { push: false, conversations: { [group.id]: { muted: true } } } });
  assert.deepEqual(merged.settings, { push: false, previews: true, quietHours: { from: '22:00', to: '07:00', tz: 'Europe/Berlin' },
    conversations: { [group.id]: { level: 'mentions', muted: true } } });
  assert.deepEqual((await apiExpect(200, 'GET', SETTINGS, { token: alice.token })).settings, merged.settings, 'stored');
  assert.deepEqual((await apiExpect(200, 'GET', SETTINGS, { token: bob.token })).settings.conversations, {}, 'per user');

  // Refused whole, nothing changed.
  const bad = [
    { push: 'yes' }, { previews: 1 }, { sound: true },
    { quietHours: { from: '25:00', to: '07:00', tz: 'Europe/Berlin' } },
    { quietHours: { from: '22:00', to: '22:00', tz: 'Europe/Berlin' } },
    { quietHours: { from: '22:00', to: '07:00', tz: 'Mars/Olympus' } },
    { quietHours: { from: '22:00', to: '07:00' } },
    { conversations: { [group.id]: { level: 'loud' } } },
    { conversations: { [group.id]: { muted: 'tomorrow' } } },
    { conversations: { [group.id]: { volume: 3 } } },
    { conversations: { nope: { level: 'all' } } },
    { conversations: [] },
    { push: true, conversations: { [other.id]: { level: 'none' } } },
  ];
  for (const body of bad) {
    const res = await api('POST', SETTINGS, { token: alice.token, body });
    assert.equal(res.status, 400, `${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, 'validation_failed');
  }
  assert.deepEqual((await apiExpect(200, 'GET', SETTINGS, { token: alice.token })).settings, merged.settings, 'a refused request changes nothing');

  // Back to the defaults drops the entry; quietHours: null turns quiet hours off.
  const reset = await apiExpect(200, 'POST', SETTINGS, { token: alice.token, body: { quietHours: null, conversations: { [group.id]: { level: 'all', muted: false } } } });
  assert.deepEqual(reset.settings, { push: false, previews: true, quietHours: null, conversations: {} });
});

test('notification settings of a conversation go when its member leaves it', async () => {
  const alice = await registerUser('notify');
  const bob = await registerUser('notify');
  const { group } = await apiExpect(201, 'POST', '/api/groups', { token: alice.token, body: { title: 'leaving', memberIds: [bob.id] } });
  await apiExpect(200, 'POST', SETTINGS, { token: bob.token, body: { conversations: { [group.id]: { level: 'none' } } } });
  assert.deepEqual((await apiExpect(200, 'GET', SETTINGS, { token: bob.token })).settings.conversations, { [group.id]: { level: 'none', muted: false } });
  await apiExpect(204, 'DELETE', `/api/groups/${group.id}/members/${bob.id}`, { token: alice.token });
  assert.deepEqual((await apiExpect(200, 'GET', SETTINGS, { token: bob.token })).settings.conversations, {});
});
