// End-to-end encrypted conversations (issue #15): banterd as the key directory and blind relay, driven by the
// official @signalapp/libsignal-client (sessions from bundles, encrypt, decrypt) and the official
// socket.io-client. Every plaintext stays in this process; the database dump must not contain any.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { api, apiExpect, apiError, registerUser, login } from './lib/rest.mjs';
import {
  closeAll, emitAck, emitOk, emitError, waitForEvent, expectNoEvent, clientMessageId, connect, disconnect, sleep,
} from './lib/socket.mjs';
import { Device, sendEncrypted, putKeysError } from './lib/signal.mjs';

afterEach(closeAll);

const b64 = (n) => randomBytes(n).toString('base64');

async function e2eeConversation(creator, others, type = 'group') {
  const body = await apiExpect(201, 'POST', '/api/chat', {
    token: creator.token, body: { type, title: type === 'group' ? 'secret' : undefined, memberIds: others.map((u) => u.id), e2ee: true },
  });
  assert.equal(body.conversation.e2ee, true, JSON.stringify(body));
  return body.conversation;
}

async function devicesOf(user, count, options) {
  const devices = [new Device(user, user.token, options)];
  for (let i = 1; i < count; i++) devices.push(new Device(user, await login(user), options));
  for (const d of devices) {
    await d.upload();
    await d.connectSocket();
  }
  return devices;
}

/** Waits for message:received of messageId on every device and decrypts it; returns the plaintexts. */
async function receiveAll(devices, messageId) {
  const out = [];
  for (const d of devices) {
    const { message } = await waitForEvent(d.socket, 'message:received', { filter: (p) => p?.message?.id === messageId });
    assert.equal(message.e2ee, true);
    assert.equal(message.content, null, 'the server has no content to give');
    assert.ok(message.ciphertext, `${d.label} got no ciphertext: ${JSON.stringify(message)}`);
    d.received ??= new Map();
    d.received.set(messageId, message.ciphertext);
    out.push(await d.decrypt(message.senderId, message.senderDeviceId, message.ciphertext));
  }
  return out;
}

function pgDump() {
  const url = process.env.BANTER_TEST_DATABASE_URL;
  assert.ok(url, 'run-compat exports BANTER_TEST_DATABASE_URL');
  const bins = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).map((v) => `/usr/lib/postgresql/${v}/bin/pg_dump`)
    : [];
  const pgDumpBin = bins.filter(existsSync).pop() ?? 'pg_dump';
  const env = { ...process.env };
  delete env.PGCLUSTER;
  const r = spawnSync(pgDumpBin, ['--dbname', url, '--no-owner'], { env, maxBuffer: 512 * 1024 * 1024 });
  assert.equal(r.status, 0, `pg_dump failed: ${r.stderr}`);
  return r.stdout;
}

test('two users with two and three devices talk end to end; each device decrypts its own; a new device joins; the dump has no plaintext', async () => {
  const alice = await registerUser('alice');
  const bob = await registerUser('bob');
  const [a1, a2] = await devicesOf(alice, 2);
  const [b1, b2, b3] = await devicesOf(bob, 3);
  const conversation = await e2eeConversation(alice, [bob], 'direct');
  const secret = `ephemeral-${randomBytes(8).toString('hex')}`;
  const plaintexts = [];

  // a1 knows no device yet: the server names every other current device as missing.
  const text1 = `${secret} hello from alice's first device`;
  plaintexts.push(text1);
  const cmid1 = clientMessageId('e2ee');
  const first = await sendEncrypted(a1, conversation.id, text1, { clientMessageId: cmid1 });
  assert.equal(first.attempts, 2);
  const missing = first.mismatches[0].missing.map((d) => `${d.userId}.${d.deviceId}`).sort();
  assert.deepEqual(missing, [a2, b1, b2, b3].map((d) => `${d.user.id}.${d.deviceId}`).sort());
  assert.deepEqual(first.mismatches[0].stale, []);
  const m1 = first.ack.message;
  assert.equal(m1.e2ee, true);
  assert.equal(m1.content, null);
  assert.equal(m1.ciphertext, null, 'the sending device has no ciphertext of its own');
  assert.equal(m1.senderDeviceId, a1.deviceId);
  assert.deepEqual(await receiveAll([a2, b1, b2, b3], m1.id), [text1, text1, text1, text1]);
  await expectNoEvent(a1.socket, 'message:received', { filter: (p) => p?.message?.id === m1.id, within: 200, from: 0 });
  // Every device got a different ciphertext (each its own session).
  assert.equal(new Set([a2, b1, b2, b3].map((d) => d.received.get(m1.id).body)).size, 4);

  // A retry of the stored message (same clientMessageId) answers the message, not a second one.
  const again = await emitOk(a1.socket, 'message:send', {
    conversationId: conversation.id, clientMessageId: cmid1,
    ciphertexts: await a1.encryptFor([...a1.known.get(conversation.id).values()], text1),
  });
  assert.equal(again.message.id, m1.id);

  // Replies in both directions, from devices that start their sessions now.
  for (const [from, to, text] of [
    [b2, [a1, a2, b1, b3], `${secret} reply from bob's second device`],
    [a2, [a1, b1, b2, b3], `${secret} alice's phone answers`],
    [b3, [a1, a2, b1, b2], `${secret} bob's third device: ünïcödé ✓`],
    [a1, [a2, b1, b2, b3], `${secret} and alice again`],
    [b1, [a1, a2, b2, b3], `${secret} bob's first device closes the round`],
  ]) {
    plaintexts.push(text);
    const { ack } = await sendEncrypted(from, conversation.id, text, { clientMessageId: clientMessageId('e2ee') });
    assert.equal(ack.message.senderDeviceId, from.deviceId);
    assert.deepEqual(await receiveAll(to, ack.message.id), to.map(() => text));
  }

  // An edit carries new ciphertexts; each device gets its own in conversation:event.
  const edited = `${secret} hello from alice (edited)`;
  plaintexts.push(edited);
  await sendEncrypted(a1, conversation.id, edited, { messageId: m1.id });
  for (const d of [a2, b1, b2, b3]) {
    const event = await waitForEvent(d.socket, 'conversation:event', {
      filter: (e) => e?.type === 'message.edited' && e.messageId === m1.id,
    });
    assert.equal(event.content, null);
    assert.equal(event.senderDeviceId, a1.deviceId);
    assert.equal(await d.decrypt(alice.id, event.senderDeviceId, event.ciphertext), edited);
  }

  // Sync: each device gets its own ciphertexts back (the very ones delivered live).
  for (const d of [a2, b1, b3]) {
    const ack = await emitOk(d.socket, 'sync', { since: { [conversation.id]: 0 } });
    const messages = ack.events.filter((e) => e.type === 'message').map((e) => e.message);
    assert.equal(messages.length, 6);
    for (const m of messages) {
      assert.equal(m.e2ee, true);
      assert.equal(m.content, null);
      if (m.senderDeviceId === d.deviceId && m.senderId === d.user.id) assert.equal(m.ciphertext, null);
      else assert.deepEqual(m.ciphertext, d.received.get(m.id), `${d.label} sync of ${m.id}`);
    }
    const edit = ack.events.find((e) => e.type === 'message.edited');
    assert.ok(edit?.ciphertext, JSON.stringify(edit));
  }
  // REST history likewise, per device (its access token's session).
  const { messages: history } = await apiExpect(200, 'GET', `/api/chat/${conversation.id}/messages`, { token: b2.token });
  for (const m of history) {
    assert.equal(m.content, null);
    if (m.senderId !== bob.id || m.senderDeviceId !== b2.deviceId) assert.deepEqual(m.ciphertext, b2.received.get(m.id));
  }

  // A device added later: the next send names it missing; it decrypts what comes after it joined.
  const b4 = new Device(bob, await login(bob), { name: 'bob-new' });
  await b4.upload();
  await b4.connectSocket();
  const late = `${secret} for everyone including the new device`;
  plaintexts.push(late);
  const lateSend = await sendEncrypted(a2, conversation.id, late, { clientMessageId: clientMessageId('e2ee') });
  assert.equal(lateSend.attempts, 2);
  assert.deepEqual(lateSend.mismatches[0].missing, [{ userId: bob.id, deviceId: b4.deviceId }]);
  assert.deepEqual(await receiveAll([a1, b1, b2, b3, b4], lateSend.ack.message.id), [late, late, late, late, late]);
  const b4Sync = await emitOk(b4.socket, 'sync', { since: { [conversation.id]: 0 } });
  const b4Messages = b4Sync.events.filter((e) => e.type === 'message').map((e) => e.message);
  assert.equal(b4Messages.length, 7);
  for (const m of b4Messages.slice(0, 6)) assert.equal(m.ciphertext, null, 'nothing from before it joined');
  assert.deepEqual(b4Messages[6].ciphertext, b4.received.get(lateSend.ack.message.id));

  // A logged-out device stops being current: it is stale for a sender who still knows it.
  await apiExpect(204, 'POST', '/api/auth/logout', { token: b3.token });
  const afterLogout = `${secret} after bob's third device left`;
  plaintexts.push(afterLogout);
  const sent = await sendEncrypted(a1, conversation.id, afterLogout, { clientMessageId: clientMessageId('e2ee') });
  const stale = sent.mismatches.flatMap((m) => m.stale);
  assert.ok(stale.some((d) => d.userId === bob.id && d.deviceId === b3.deviceId), JSON.stringify(sent.mismatches));
  assert.deepEqual(await receiveAll([a2, b1, b2], sent.ack.message.id), [afterLogout, afterLogout, afterLogout]);

  // A deleted message's ciphertexts go with it.
  await emitOk(a1.socket, 'message:delete', { messageId: sent.ack.message.id });
  const { messages: afterDelete } = await apiExpect(200, 'GET', `/api/chat/${conversation.id}/messages`, { token: b1.token });
  const tomb = afterDelete.find((m) => m.id === sent.ack.message.id);
  assert.ok(tomb, 'the deleted message is in the history as a tombstone');
  assert.equal(tomb.deleted, true);
  assert.equal(tomb.ciphertext ?? null, null);

  // Search finds nothing of it (there is nothing to index); a plain message with the same word would be found.
  const found = await apiExpect(200, 'GET', `/api/messages/search?q=${encodeURIComponent('alice')}&conversationId=${conversation.id}`, { token: alice.token });
  assert.equal(found.results.length, 0);

  // The whole database, as a dump: no plaintext, while it does hold the users and the ciphertexts.
  const dump = pgDump();
  assert.ok(dump.includes(Buffer.from(alice.username)), 'the dump holds the users (it is a real dump)');
  assert.ok(dump.includes(Buffer.from(conversation.id)), 'the dump holds the conversation');
  assert.equal(dump.includes(Buffer.from(secret)), false, 'a plaintext marker is in the dump');
  for (const p of plaintexts) assert.equal(dump.includes(Buffer.from(p)), false, `"${p}" is in the dump`);
});

test('key directory: strict formats, identity key changes refused, counts', async () => {
  const carol = await registerUser('carol');
  const d = new Device(carol, carol.token, { preKeys: 3 });
  const good = { ...d.keysBody, oneTimePreKeys: d.pendingPreKeys };
  assert.deepEqual(await apiExpect(200, 'GET', '/api/e2ee/devices/me/prekey-count', { token: carol.token }), { count: 0, deviceId: null });
  await putKeysError(carol.token, { ...good, identityKey: b64(32) }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, identityKey: 'not base64!' }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, registrationId: 0 }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, registrationId: 16381 }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, signedPreKey: { ...good.signedPreKey, signature: b64(63) } }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, signedPreKey: { ...good.signedPreKey, id: 2 ** 24 } }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, kyberPreKey: { ...good.kyberPreKey, publicKey: b64(33) } }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, oneTimePreKeys: [{ id: 1, publicKey: b64(33) }, { id: 1, publicKey: b64(33) }] }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, oneTimePreKeys: Array.from({ length: 201 }, (_, i) => ({ id: i + 1, publicKey: b64(33) })) }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, extra: 1 }, 400, 'validation_failed');
  await putKeysError(carol.token, { ...good, identityKey: undefined }, 400, 'validation_failed');
  const r = await api('PUT', '/api/e2ee/devices/me/keys', { body: good });
  assert.equal(r.status, 401);

  const up = await apiExpect(200, 'PUT', '/api/e2ee/devices/me/keys', { token: carol.token, body: good });
  assert.deepEqual(up, { deviceId: 1, count: 3 });
  assert.deepEqual(await apiExpect(200, 'GET', '/api/e2ee/devices/me/prekey-count', { token: carol.token }), { count: 3, deviceId: 1 });
  // The same identity again adds keys; another identity for this device is a conflict.
  const more = await apiExpect(200, 'PUT', '/api/e2ee/devices/me/keys', {
    token: carol.token, body: { ...good, oneTimePreKeys: [{ id: 100, publicKey: b64(33) }] },
  });
  assert.deepEqual(more, { deviceId: 1, count: 4 });
  const other = new Device(carol, carol.token);
  await putKeysError(carol.token, { ...other.keysBody, oneTimePreKeys: [] }, 409, 'conflict');
  // A second session is a second device.
  const second = new Device(carol, await login(carol));
  assert.equal((await second.upload()).deviceId, 2);

  await apiError('GET', '/api/e2ee/users/999999999/bundles', { token: carol.token }, { status: 404, code: 'not_found' });
  await apiError('GET', '/api/e2ee/users/abc/bundles', { token: carol.token }, { status: 404, code: 'not_found' });
  const { bundles } = await apiExpect(200, 'GET', `/api/e2ee/users/${carol.id}/bundles`, { token: second.token });
  assert.deepEqual(bundles.map((b) => b.deviceId), [1], 'carol\'s other device; not the fetching one');
  assert.equal(bundles[0].identityKey, good.identityKey);
  assert.deepEqual(bundles[0].signedPreKey, good.signedPreKey);
  assert.equal(bundles[0].registrationId, good.registrationId);
});

test('one-time pre-keys are handed out once, also to concurrent fetches; running out gives none and e2ee:prekeys-low', async () => {
  const dave = await registerUser('dave');
  const erin = await registerUser('erin');
  const d = new Device(dave, dave.token, { preKeys: 20 });
  await d.upload();
  await d.connectSocket();
  const fetches = await Promise.all(Array.from({ length: 25 }, () =>
    api('GET', `/api/e2ee/users/${dave.id}/bundles`, { token: erin.token })));
  const ids = [];
  let none = 0;
  for (const f of fetches) {
    assert.equal(f.status, 200, JSON.stringify(f.body));
    assert.equal(f.body.bundles.length, 1);
    const otk = f.body.bundles[0].oneTimePreKey;
    if (otk) ids.push(otk.id);
    else none += 1;
  }
  assert.equal(ids.length, 20, 'every key handed out');
  assert.equal(new Set(ids).size, 20, `a key was handed out twice: ${ids}`);
  assert.equal(none, 5, 'then bundles without one');
  const low = await waitForEvent(d.socket, 'e2ee:prekeys-low');
  assert.equal(typeof low.remaining, 'number');
  assert.ok(low.remaining < 10);
  assert.deepEqual(await apiExpect(200, 'GET', '/api/e2ee/devices/me/prekey-count', { token: dave.token }), { count: 0, deviceId: d.deviceId });
  // Told once until it uploads again.
  await apiExpect(200, 'GET', `/api/e2ee/users/${dave.id}/bundles`, { token: erin.token });
  assert.equal(d.socket.received.filter((r) => r.event === 'e2ee:prekeys-low').length, 1);
  await d.upload(12);
  const { bundles } = await apiExpect(200, 'GET', `/api/e2ee/users/${dave.id}/bundles`, { token: erin.token });
  assert.ok(bundles[0].oneTimePreKey, 'new keys are handed out');
  assert.equal(bundles[0].oneTimePreKey.id, 21);
  await expectNoEvent(d.socket, 'e2ee:prekeys-low', { within: 300 }); // 11 left: not low
  // A device fetching its own user's bundles gets the user's other devices, never itself, and keeps its keys.
  const d2 = new Device(dave, await login(dave), { preKeys: 4 });
  await d2.upload();
  const own = await apiExpect(200, 'GET', `/api/e2ee/users/${dave.id}/bundles`, { token: dave.token });
  assert.deepEqual(own.bundles.map((b) => b.deviceId), [d2.deviceId]);
  assert.equal((await apiExpect(200, 'GET', '/api/e2ee/devices/me/prekey-count', { token: dave.token })).count, 11);
  assert.equal((await apiExpect(200, 'GET', '/api/e2ee/devices/me/prekey-count', { token: d2.token })).count, 3);
});

test('E2EE sends: device_mismatch names missing and stale devices, the retry with the same clientMessageId succeeds; plain and encrypted never mix', async () => {
  const frank = await registerUser('frank');
  const gina = await registerUser('gina');
  const [f1] = await devicesOf(frank, 1);
  const [g1, g2] = await devicesOf(gina, 2);
  const conversation = await e2eeConversation(frank, [gina]);
  const plain = await apiExpect(201, 'POST', '/api/chat', { token: frank.token, body: { type: 'group', title: 'plain', memberIds: [gina.id] } });
  assert.equal(plain.conversation.e2ee, false);

  await emitError(f1.socket, 'message:send', { conversationId: conversation.id, content: 'plain text', clientMessageId: clientMessageId() }, 'validation_failed');
  await emitError(f1.socket, 'message:send', { conversationId: plain.conversation.id, ciphertexts: [], clientMessageId: clientMessageId() }, 'validation_failed');
  await emitError(f1.socket, 'message:send', { conversationId: conversation.id, content: 'x', ciphertexts: [], clientMessageId: clientMessageId() }, 'validation_failed');
  await emitError(f1.socket, 'message:send', { conversationId: conversation.id, clientMessageId: clientMessageId(),
    ciphertexts: [{ userId: gina.id, deviceId: 0, type: 3, body: b64(10) }] }, 'validation_failed');
  await emitError(f1.socket, 'message:send', { conversationId: conversation.id, clientMessageId: clientMessageId(),
    ciphertexts: [{ userId: gina.id, deviceId: g1.deviceId, type: 3, body: 'not base64' }] }, 'validation_failed');
  await emitError(f1.socket, 'message:send', { conversationId: conversation.id, clientMessageId: clientMessageId(),
    ciphertexts: [{ userId: gina.id, deviceId: g1.deviceId, type: 3, body: b64(10) }, { userId: gina.id, deviceId: g1.deviceId, type: 3, body: b64(10) }] }, 'validation_failed');
  const rest = await api('POST', '/api/messages', { token: frank.token, body: { conversationId: conversation.id, content: 'over REST', clientMessageId: clientMessageId() } });
  assert.equal(rest.status, 400, JSON.stringify(rest.body));

  // A device without keys cannot send (nobody could tell it apart).
  const keyless = await connect(await login(frank));
  await emitError(keyless, 'message:send', { conversationId: conversation.id, ciphertexts: [], clientMessageId: clientMessageId() }, 'validation_failed');
  disconnect(keyless);

  // g2 missing, a made-up device stale.
  const cmid = clientMessageId('mm');
  const wrong = await f1.encryptFor([{ userId: gina.id, deviceId: g1.deviceId }], 'first try');
  wrong.push({ userId: gina.id, deviceId: 99, type: 2, body: b64(40) });
  const error = await emitError(f1.socket, 'message:send', { conversationId: conversation.id, clientMessageId: cmid, ciphertexts: wrong }, 'device_mismatch');
  assert.deepEqual(error.missing, [{ userId: gina.id, deviceId: g2.deviceId }]);
  assert.deepEqual(error.stale, [{ userId: gina.id, deviceId: 99 }]);
  await expectNoEvent(g1.socket, 'message:received', { within: 200 });
  const right = await f1.encryptFor([{ userId: gina.id, deviceId: g1.deviceId }, { userId: gina.id, deviceId: g2.deviceId }], 'second try');
  const ok = await emitOk(f1.socket, 'message:send', { conversationId: conversation.id, clientMessageId: cmid, ciphertexts: right });
  for (const d of [g1, g2]) {
    const { message } = await waitForEvent(d.socket, 'message:received', { filter: (p) => p?.message?.id === ok.message.id });
    // g1's session was started by the failed send's encryption too; libsignal copes with the skipped message.
    assert.equal(await d.decrypt(frank.id, f1.deviceId, message.ciphertext), 'second try');
  }
  // The same clientMessageId once more: the stored message, no second delivery.
  const retry = await emitOk(f1.socket, 'message:send', { conversationId: conversation.id, clientMessageId: cmid, ciphertexts: right });
  assert.equal(retry.message.id, ok.message.id);
  await expectNoEvent(g1.socket, 'message:received', { filter: (p) => p?.message?.id !== ok.message.id, within: 300 });

  // Edits are checked the same way.
  const editError = await emitError(f1.socket, 'message:edit', { messageId: ok.message.id, ciphertexts: [] }, 'device_mismatch');
  assert.equal(editError.missing.length, 2);
  await emitError(f1.socket, 'message:edit', { messageId: ok.message.id, content: 'plain edit' }, 'validation_failed');

  // The conversation list shows an E2EE last message without content.
  const { conversations } = await apiExpect(200, 'GET', '/api/chat', { token: gina.token });
  const listed = conversations.find((c) => c.id === conversation.id);
  assert.equal(listed.e2ee, true);
  assert.equal(listed.lastMessage.e2ee, true);
  assert.equal(listed.lastMessage.content, null);
  await sleep(0);
});
