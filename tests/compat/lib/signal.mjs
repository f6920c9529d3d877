// A Signal-protocol client device for the E2EE tests, built on the official @signalapp/libsignal-client: its
// keys and in-memory stores, the key upload to banterd's directory, sessions from fetched bundles (X3DH/PQXDH),
// and encrypt/decrypt of the ciphertexts banterd relays. Nothing here trusts the server with a secret.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import * as Signal from '@signalapp/libsignal-client';
import { api, apiExpect } from './rest.mjs';
import { connect, emitAck } from './socket.mjs';

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const key = (address) => `${address.name()}.${address.deviceId()}`;

class SessionStore extends Signal.SessionStore {
  records = new Map();
  async saveSession(address, record) { this.records.set(key(address), record.serialize()); }
  async getSession(address) {
    const bytes = this.records.get(key(address));
    return bytes ? Signal.SessionRecord.deserialize(bytes) : null;
  }
  async getExistingSessions(addresses) {
    return addresses.map((a) => {
      const bytes = this.records.get(key(a));
      if (!bytes) throw new Error(`no session for ${key(a)}`);
      return Signal.SessionRecord.deserialize(bytes);
    });
  }
}

// Trust on first use, as a client would before its user compares safety numbers.
class IdentityStore extends Signal.IdentityKeyStore {
  known = new Map();
  constructor(pair, registrationId) {
    super();
    this.pair = pair;
    this.registrationId = registrationId;
  }
  async getIdentityKey() { return this.pair.privateKey; }
  async getLocalRegistrationId() { return this.registrationId; }
  async saveIdentity(address, publicKey) {
    const old = this.known.get(key(address));
    this.known.set(key(address), publicKey.serialize());
    return old && Buffer.compare(old, publicKey.serialize()) !== 0
      ? Signal.IdentityChange.ReplacedExisting : Signal.IdentityChange.NewOrUnchanged;
  }
  async isTrustedIdentity(address, publicKey) {
    const old = this.known.get(key(address));
    return !old || Buffer.compare(old, publicKey.serialize()) === 0;
  }
  async getIdentity(address) {
    const bytes = this.known.get(key(address));
    return bytes ? Signal.PublicKey.deserialize(bytes) : null;
  }
}

class PreKeyStore extends Signal.PreKeyStore {
  records = new Map();
  async savePreKey(id, record) { this.records.set(id, record); }
  async getPreKey(id) {
    const r = this.records.get(id);
    if (!r) throw new Error(`no pre-key ${id}`);
    return r;
  }
  async removePreKey(id) { this.records.delete(id); }
}
class SignedPreKeyStore extends Signal.SignedPreKeyStore {
  records = new Map();
  async saveSignedPreKey(id, record) { this.records.set(id, record); }
  async getSignedPreKey(id) { return this.records.get(id); }
}
class KyberPreKeyStore extends Signal.KyberPreKeyStore {
  records = new Map();
  async saveKyberPreKey(id, record) { this.records.set(id, record); }
  async getKyberPreKey(id) { return this.records.get(id); }
  async markKyberPreKeyUsed() {}
}

/**
 * A device (a login session of `user` with `token`): generates its identity, signed pre-key, signed Kyber
 * pre-key and `preKeys` one-time pre-keys. upload() publishes them; connectSocket() opens its socket.
 */
export class Device {
  constructor(user, token, { preKeys = 5, name = '', base } = {}) {
    this.user = user;
    this.base = base; // the server this device talks to (BANTER_URL when undefined)
    this.token = token;
    this.name = name || user.username;
    this.identity = Signal.IdentityKeyPair.generate();
    this.registrationId = 1 + randomInt(16380);
    this.sessions = new SessionStore();
    this.identities = new IdentityStore(this.identity, this.registrationId);
    this.preKeys = new PreKeyStore();
    this.signedPreKeys = new SignedPreKeyStore();
    this.kyberPreKeys = new KyberPreKeyStore();
    this.nextPreKeyId = 1;
    this.pendingPreKeys = this.makePreKeys(preKeys);
    const spkPrivate = Signal.PrivateKey.generate();
    const spkPublic = spkPrivate.getPublicKey();
    const spkSignature = this.identity.privateKey.sign(spkPublic.serialize());
    this.signedPreKeys.saveSignedPreKey(1, Signal.SignedPreKeyRecord.new(1, Date.now(), spkPublic, spkPrivate, spkSignature));
    const kem = Signal.KEMKeyPair.generate();
    const kemSignature = this.identity.privateKey.sign(kem.getPublicKey().serialize());
    this.kyberPreKeys.saveKyberPreKey(1, Signal.KyberPreKeyRecord.new(1, Date.now(), kem, kemSignature));
    this.keysBody = {
      identityKey: b64(this.identity.publicKey.serialize()),
      registrationId: this.registrationId,
      signedPreKey: { id: 1, publicKey: b64(spkPublic.serialize()), signature: b64(spkSignature) },
      kyberPreKey: { id: 1, publicKey: b64(kem.getPublicKey().serialize()), signature: b64(kemSignature) },
    };
    this.deviceId = null;
  }

  makePreKeys(n) {
    const list = [];
    for (let i = 0; i < n; i++) {
      const id = this.nextPreKeyId++;
      const priv = Signal.PrivateKey.generate();
      this.preKeys.savePreKey(id, Signal.PreKeyRecord.new(id, priv.getPublicKey(), priv));
      list.push({ id, publicKey: b64(priv.getPublicKey().serialize()) });
    }
    return list;
  }

  /** PUT /api/e2ee/devices/me/keys with the identity, signed pre-keys and the one-time pre-keys not sent yet. */
  async upload(more = 0) {
    const oneTimePreKeys = [...this.pendingPreKeys, ...this.makePreKeys(more)];
    this.pendingPreKeys = [];
    const body = await apiExpect(200, 'PUT', '/api/e2ee/devices/me/keys', {
      token: this.token, body: { ...this.keysBody, oneTimePreKeys }, base: this.base,
    });
    assert.equal(typeof body.deviceId, 'number', JSON.stringify(body));
    assert.ok(body.deviceId >= 1 && body.deviceId <= 127);
    if (this.deviceId !== null) assert.equal(body.deviceId, this.deviceId, 'a device keeps its number');
    this.deviceId = body.deviceId;
    this.address = Signal.ProtocolAddress.new(this.user.id, this.deviceId);
    return body;
  }

  async connectSocket() {
    this.socket = await connect(this.token, { base: this.base });
    return this.socket;
  }

  get label() { return `${this.name}#${this.deviceId}`; }

  /** Starts sessions with the devices of userId that have none yet, from freshly fetched bundles. */
  async sessionsWith(userId, deviceIds) {
    const needed = deviceIds.filter((d) => !this.sessions.records.has(`${userId}.${d}`));
    if (needed.length === 0) return;
    const { bundles } = await apiExpect(200, 'GET', `/api/e2ee/users/${userId}/bundles`, { token: this.token, base: this.base });
    for (const deviceId of needed) {
      const b = bundles.find((x) => x.deviceId === deviceId);
      assert.ok(b, `no bundle for ${userId}.${deviceId}: ${JSON.stringify(bundles.map((x) => x.deviceId))}`);
      const bundle = Signal.PreKeyBundle.new(
        b.registrationId, b.deviceId,
        b.oneTimePreKey ? b.oneTimePreKey.id : null,
        b.oneTimePreKey ? Signal.PublicKey.deserialize(Buffer.from(b.oneTimePreKey.publicKey, 'base64')) : null,
        b.signedPreKey.id, Signal.PublicKey.deserialize(Buffer.from(b.signedPreKey.publicKey, 'base64')),
        Buffer.from(b.signedPreKey.signature, 'base64'),
        Signal.PublicKey.deserialize(Buffer.from(b.identityKey, 'base64')),
        b.kyberPreKey.id, Signal.KEMPublicKey.deserialize(Buffer.from(b.kyberPreKey.publicKey, 'base64')),
        Buffer.from(b.kyberPreKey.signature, 'base64'),
      );
      // libsignal checks the signatures here (the server does not).
      await Signal.processPreKeyBundle(bundle, Signal.ProtocolAddress.new(userId, deviceId), this.address,
        this.sessions, this.identities);
    }
  }

  /** One ciphertext per address {userId, deviceId}, sessions started as needed. */
  async encryptFor(addresses, plaintext) {
    const byUser = new Map();
    for (const a of addresses) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a.deviceId]);
    for (const [userId, deviceIds] of byUser) await this.sessionsWith(userId, deviceIds);
    const out = [];
    for (const a of addresses) {
      const message = await Signal.signalEncrypt(Buffer.from(plaintext, 'utf8'),
        Signal.ProtocolAddress.new(a.userId, a.deviceId), this.address, this.sessions, this.identities);
      out.push({ userId: a.userId, deviceId: a.deviceId, type: message.type(), body: b64(message.serialize()) });
    }
    return out;
  }

  /** Opens a relayed {type, body} from senderId's device senderDeviceId. */
  async decrypt(senderId, senderDeviceId, ciphertext) {
    assert.ok(ciphertext, `${this.label}: no ciphertext for this device`);
    const from = Signal.ProtocolAddress.new(senderId, senderDeviceId);
    const bytes = Buffer.from(ciphertext.body, 'base64');
    const plain = ciphertext.type === Signal.CiphertextMessageType.PreKey
      ? await Signal.signalDecryptPreKey(Signal.PreKeySignalMessage.deserialize(bytes), from, this.address,
        this.sessions, this.identities, this.preKeys, this.signedPreKeys, this.kyberPreKeys)
      : await Signal.signalDecrypt(Signal.SignalMessage.deserialize(bytes), from, this.address, this.sessions,
        this.identities);
    return Buffer.from(plain).toString('utf8');
  }
}

/**
 * Sends (or, with messageId, edits) plaintext to an E2EE conversation from `device`, the way a client does:
 * encrypts for the devices it knows of (`known`, a Map per conversation kept on the device), and on
 * device_mismatch learns the missing and stale devices from the error and retries with the same
 * clientMessageId. Returns {ack, attempts, mismatches}.
 */
export async function sendEncrypted(device, conversationId, plaintext, { clientMessageId, messageId } = {}) {
  device.known ??= new Map();
  const known = device.known.get(conversationId) ?? new Map(); // "user.device" -> {userId, deviceId}
  device.known.set(conversationId, known);
  const mismatches = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    const ciphertexts = await device.encryptFor([...known.values()], plaintext);
    const ack = messageId
      ? await emitAck(device.socket, 'message:edit', { messageId, ciphertexts })
      : await emitAck(device.socket, 'message:send', { conversationId, clientMessageId, ciphertexts });
    if (ack?.ok) return { ack, attempts: attempt, mismatches };
    assert.equal(ack?.error?.code, 'device_mismatch', JSON.stringify(ack));
    mismatches.push(ack.error);
    for (const d of ack.error.stale) known.delete(`${d.userId}.${d.deviceId}`);
    for (const d of ack.error.missing) known.set(`${d.userId}.${d.deviceId}`, d);
  }
  throw new Error('still device_mismatch after 4 attempts');
}

export { Signal };

/** PUT keys that must fail with status and code. */
export async function putKeysError(token, body, status, code) {
  const res = await api('PUT', '/api/e2ee/devices/me/keys', { token, body });
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body?.error?.code, code, JSON.stringify(res.body));
  return res.body.error;
}
