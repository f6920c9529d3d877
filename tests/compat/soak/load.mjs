// The soak's load: users in group conversations sending with clientMessageId (retrying every unacked send with
// the same id until it is acked), a little REST and typing beside it, catch-up with `sync` after every reconnect,
// and a connect/close churn loop. Everything acked, delivered or synced goes into the Ledger, which the final
// check compares with what the server stored.
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';

export const PASSWORD = 'soak-password-1';
const TOKEN_REFRESH_MS = 8 * 60_000; // access tokens live 15 minutes: log in again well before
const ACK_TIMEOUT_MS = 15_000;

/** The content of a send is a function of its clientMessageId, so the ledger need not keep it. */
export function contentOf(cmid) {
  let h = 0;
  for (let i = 0; i < cmid.length; i++) h = (h * 31 + cmid.charCodeAt(i)) >>> 0;
  return `soak ${cmid} ${'x'.repeat(h % 160)}`;
}

/** One request, never throws: {status, body}; status 0 when nothing came back (refused, reset, timeout). */
export async function http(base, method, path, { token, body, timeout = 10_000 } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout) });
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { unparsed: text.slice(0, 200) }; }
    return { status: res.status, body: parsed };
  } catch (err) {
    return { status: 0, body: null, error: err.message };
  }
}

const bump = (map, key, by = 1) => { map[key] = (map[key] ?? 0) + by; };

/** What the clients saw, and the problems they found. */
export class Ledger {
  constructor() {
    this.sends = new Map(); // clientMessageId -> {conv, sender, acked: {id, seq} | null, attempts, via}
    this.seen = new Map(); // conversationId -> [seq] = message id (from acks, deliveries and syncs)
    this.counts = { sends: 0, acked: 0, ackedViaRest: 0, retries: 0, reconnects: 0, churnConnects: 0,
      churnFailures: 0, deliveries: 0, syncPages: 0, restReads: 0, typing: 0, tokenRefreshes: 0, ackedAcrossKill: 0 };
    this.lastKillAt = 0; // set by the driver just before each kill -9
    this.retryReasons = {};
    this.connectErrors = {};
    this.restStatuses = {};
    this.failures = {}; // kind -> {count, examples}
    this.warnings = {};
    this.lastAckAt = Date.now();
    this.lastChurnAt = Date.now();
    this.onAck = null; // (entry) => void, for per-lifetime counts
  }

  #note(table, kind, detail) {
    const f = (table[kind] ??= { count: 0, examples: [] });
    f.count += 1;
    if (f.examples.length < 10) f.examples.push(detail);
  }
  fail(kind, detail) { this.#note(this.failures, kind, detail); }
  warn(kind, detail) { this.#note(this.warnings, kind, detail); }

  /** A message seen anywhere: its (conversation, seq) must always name the same message id. */
  observe(message, where) {
    if (!message || typeof message.seq !== 'number') return;
    let bySeq = this.seen.get(message.conversationId);
    if (!bySeq) this.seen.set(message.conversationId, (bySeq = []));
    const known = bySeq[message.seq];
    if (known === undefined) bySeq[message.seq] = message.id;
    else if (known !== message.id) {
      this.fail('one seq, two messages', `conversation ${message.conversationId} seq ${message.seq}: id ${known}, `
        + `then id ${message.id} (${where})`);
    }
  }

  lastSeq(conv) { return Math.max(0, (this.seen.get(conv)?.length ?? 1) - 1); }

  ack(entry, message, via) {
    if (message.clientMessageId !== entry.cmid || message.conversationId !== entry.conv) {
      this.fail('ack for another message', `${entry.cmid} in ${entry.conv} acked as ${JSON.stringify(message).slice(0, 300)}`);
    }
    if (entry.acked) {
      if (entry.acked.id !== message.id || entry.acked.seq !== message.seq) {
        this.fail('acked twice differently', `${entry.cmid}: ${JSON.stringify(entry.acked)} then id ${message.id} seq ${message.seq}`);
      }
      return;
    }
    entry.acked = { id: message.id, seq: message.seq };
    // Committed before the last kill -9 (its createdAt is PostgreSQL's clock, the same machine's), first sent
    // before it, acked only on a retry after it: the "kill between commit and ack" case the ids exist for.
    if (this.lastKillAt && entry.t0 < this.lastKillAt && entry.attempts > 1
        && Date.parse(message.createdAt) < this.lastKillAt) this.counts.ackedAcrossKill += 1;
    this.observe(message, `ack of ${entry.cmid}`);
    this.counts.acked += 1;
    if (via === 'rest') this.counts.ackedViaRest += 1;
    this.lastAckAt = Date.now();
    this.onAck?.(entry);
  }
}

/** Logs in again (bounded); keeps the old token when that fails. Never throws. */
async function freshToken(base, user, ledger, { force = false } = {}) {
  if (!force && Date.now() - user.tokenAt < TOKEN_REFRESH_MS) return;
  if (user.loggingIn) return user.loggingIn;
  user.loggingIn = (async () => {
    const r = await http(base, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD },
      timeout: 5000 });
    if (r.status === 200 && typeof r.body?.token === 'string') {
      user.token = r.body.token;
      user.tokenAt = Date.now();
      ledger.counts.tokenRefreshes += 1;
    }
  })().finally(() => { user.loggingIn = null; });
  return user.loggingIn;
}

/** Registers a user (retrying while the server is busy); {id, username, token, tokenAt}. */
export async function registerUser(base, username) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = await http(base, 'POST', '/api/auth/register', { body: { username, password: PASSWORD }, timeout: 20_000 });
    if (r.status === 201) return { id: r.body.user.id, username, token: r.body.token, tokenAt: Date.now() };
    if (r.status === 409) { // a retried register that had gone through
      const l = await http(base, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } });
      if (l.status === 200) return { id: l.body.user.id, username, token: l.body.token, tokenAt: Date.now() };
    }
    await sleep(500);
  }
  throw new Error(`could not register ${username}`);
}

export async function createGroup(base, owner, members, title) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = await http(base, 'POST', '/api/chat', { token: owner.token,
      body: { type: 'group', title, memberIds: members.map((m) => m.id) }, timeout: 20_000 });
    if (r.status === 201) return r.body.conversation.id;
    await sleep(500);
  }
  throw new Error(`could not create the group ${title}`);
}

export class Load {
  /**
   * base: banterd's URL; users: [{id, username, token, tokenAt, convs}]; churnUsers: the same shape;
   * rate: sends/s offered in total; restShare: the part of the sends that go through POST /api/messages;
   * churnLoops, churnPauseMs: the churn loop.
   */
  constructor({ base, users, churnUsers, ledger, rate, restShare = 0.1, churnLoops = 3, churnPauseMs = 100 }) {
    Object.assign(this, { base, users, churnUsers, ledger, rate, restShare, churnLoops, churnPauseMs });
    this.sending = false;
    this.churning = false;
    this.running = false;
    this.giveUpAt = Infinity;
    this.tasks = [];
    this.churnTasks = [];
  }

  start() {
    this.running = this.sending = this.churning = true;
    for (const user of this.users) this.#openSocket(user);
    this.tasks = this.users.map((user) => this.#sendLoop(user));
    this.churnTasks = Array.from({ length: this.churnLoops }, (_, k) => this.#churnLoop(k));
  }

  /** No new sends; resolves when every send is answered or at the deadline (then false). */
  async drain(timeoutMs) {
    this.sending = false;
    this.giveUpAt = Date.now() + timeoutMs;
    await Promise.all(this.tasks);
    return [...this.ledger.sends.values()].every((e) => e.acked || e.rejected);
  }

  async stopChurn() {
    this.churning = false;
    await Promise.all(this.churnTasks);
  }

  close() {
    this.running = false;
    for (const user of this.users) user.socket?.close();
  }

  pendingSends() {
    return [...this.ledger.sends.values()].filter((e) => !e.acked && !e.rejected);
  }

  #openSocket(user) {
    const { ledger } = this;
    const socket = io(this.base, {
      transports: ['websocket'], forceNew: true, multiplex: false, reconnection: true, reconnectionDelay: 300,
      reconnectionDelayMax: 2000, randomizationFactor: 0.5, timeout: 10_000,
      // Called at every (re)connect: a token that is about to expire is replaced first.
      auth: (cb) => { freshToken(this.base, user, ledger).then(() => cb({ token: user.token })); },
    });
    user.socket = socket;
    user.connects = 0;
    user.positions = new Map(user.convs.map((c) => [c, 0]));
    socket.on('connect', () => {
      user.connects += 1;
      if (user.connects > 1) {
        ledger.counts.reconnects += 1;
        this.onReconnect?.();
      }
      user.liveIds = new Set();
      for (const conv of user.convs) socket.emit('conversation:join', { conversationId: conv });
      if (user.connects > 1) this.#catchUp(user).catch(() => {});
    });
    socket.on('connect_error', (err) => {
      const code = err?.data?.code ?? (socket.active ? 'transport' : 'refused');
      bump(ledger.connectErrors, code);
      if (socket.active || !this.running) return;
      // The server refused the CONNECT (e.g. an expired token, or the database was down while it checked the
      // session): the client does not retry that by itself.
      if (code === 'unauthorized') user.tokenAt = 0;
      setTimeout(() => { if (this.running && !socket.connected) socket.connect(); }, 1000);
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect' && this.running) {
        ledger.warn('server disconnected a socket (41)', `${user.username}`);
        setTimeout(() => { if (this.running && !socket.connected) socket.connect(); }, 1000);
      }
    });
    socket.on('message:received', (payload) => {
      const m = payload?.message;
      if (!m) return;
      ledger.counts.deliveries += 1;
      ledger.observe(m, `delivery to ${user.username}`);
      if (user.liveIds.has(m.id)) {
        ledger.fail('delivered twice to one socket', `message ${m.id} (seq ${m.seq} in ${m.conversationId}) to ${user.username}`);
      }
      user.liveIds.add(m.id);
      // The socket that sent a message must not get it back (the sender's other connections do). Only judged
      // when every attempt of that send left from this very connection.
      const sent = m.senderId === user.id ? ledger.sends.get(m.clientMessageId) : undefined;
      if (sent?.sids?.length && sent.sids.every((sid) => sid === socket.id)) {
        ledger.fail('delivered to the sending socket', `message ${m.id} (${m.clientMessageId}) to ${user.username}`);
      }
      if ((user.positions.get(m.conversationId) ?? 0) < m.seq) user.positions.set(m.conversationId, m.seq);
    });
  }

  /** sync from the positions this user had, page by page (bounded). */
  async #catchUp(user) {
    const since = Object.fromEntries(user.positions);
    for (let page = 0; page < 100 && user.socket.connected; page++) {
      let ack;
      try {
        ack = await user.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { since });
      } catch {
        return;
      }
      if (!ack?.ok) {
        if (ack?.error?.code !== 'unavailable') this.ledger.warn('sync refused', JSON.stringify(ack).slice(0, 200));
        return;
      }
      this.ledger.counts.syncPages += 1;
      for (const m of ack.messages) {
        this.ledger.observe(m, `sync of ${user.username}`);
        if (since[m.conversationId] < m.seq) since[m.conversationId] = m.seq;
        if ((user.positions.get(m.conversationId) ?? 0) < m.seq) user.positions.set(m.conversationId, m.seq);
      }
      if (!ack.hasMore) return;
    }
  }

  async #sendLoop(user) {
    const interval = (this.users.length / this.rate) * 1000;
    let next = Date.now() + Math.random() * interval;
    let n = 0;
    while (this.sending) {
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      if (!this.sending) break;
      next += interval * (0.7 + 0.6 * Math.random());
      if (next < Date.now() - 5 * interval) next = Date.now(); // after a stall: no burst to catch up
      const conv = user.convs[Math.floor(Math.random() * user.convs.length)];
      const cmid = `${user.username}.${++n}`;
      const entry = { cmid, conv, sender: user.id, acked: null, attempts: 0, via: null, t0: Date.now() };
      this.ledger.sends.set(cmid, entry);
      this.ledger.counts.sends += 1;
      const r = Math.random();
      if (r < 0.04) await this.#restRead(user, conv);
      else if (r < 0.06) await this.#restList(user);
      if (Math.random() < 0.2 && user.socket.connected) {
        user.socket.emit('typing:start', { conversationId: conv });
        this.ledger.counts.typing += 1;
      }
      entry.via = Math.random() < this.restShare ? 'rest' : 'socket';
      await this.#deliver(user, entry);
    }
  }

  /** Sends until acked: `unavailable`, a timeout, a lost connection or a refused request mean "again, same id". */
  async #deliver(user, entry) {
    const payload = { conversationId: entry.conv, content: contentOf(entry.cmid), clientMessageId: entry.cmid };
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > this.giveUpAt) return;
      entry.attempts += 1;
      if (attempt > 0) this.ledger.counts.retries += 1;
      const outcome = entry.via === 'rest' ? await this.#restSend(user, payload) : await this.#socketSend(user, payload, entry);
      if (outcome.message) {
        this.ledger.ack(entry, outcome.message, entry.via);
        return;
      }
      if (outcome.rejected) {
        entry.rejected = outcome.rejected;
        this.ledger.fail(`send rejected (${outcome.rejected})`, `${entry.cmid}: ${outcome.detail}`);
        return;
      }
      bump(this.ledger.retryReasons, outcome.retry);
      await sleep(outcome.waitMs ?? Math.min(2000, 200 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
    }
  }

  async #socketSend(user, payload, entry) {
    const { socket } = user;
    if (!socket.connected) {
      await this.#waitConnected(socket, 3000);
      if (!socket.connected) return { retry: 'not connected' };
    }
    (entry.sids ??= []).push(socket.id);
    let ack;
    try {
      ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', payload);
    } catch (err) {
      return { retry: /disconnected/.test(err.message) ? 'disconnected before the ack' : 'ack timeout' };
    }
    if (ack?.ok === true && ack.message) return { message: ack.message };
    const code = ack?.error?.code ?? 'malformed ack';
    if (code === 'unavailable') return { retry: 'unavailable' };
    if (code === 'rate_limited') return { retry: 'rate_limited', waitMs: 1000 * (ack.error.retryAfter ?? 1) };
    if (code === 'internal_error') {
      this.ledger.warn('internal_error ack', `${payload.clientMessageId}: ${JSON.stringify(ack).slice(0, 200)}`);
      return { retry: 'internal_error' };
    }
    return { rejected: code, detail: JSON.stringify(ack).slice(0, 300) };
  }

  async #restSend(user, payload) {
    const r = await http(this.base, 'POST', '/api/messages', { token: user.token, body: payload, timeout: ACK_TIMEOUT_MS });
    bump(this.ledger.restStatuses, `POST /api/messages ${r.status}`);
    if ((r.status === 201 || r.status === 200) && r.body?.message) return { message: r.body.message };
    if (r.status === 0) return { retry: 'rest: no answer' };
    if (r.status === 503) return { retry: 'rest: 503' };
    if (r.status === 429) return { retry: 'rest: 429', waitMs: 1000 };
    if (r.status === 401) {
      await freshToken(this.base, user, this.ledger, { force: true });
      return { retry: 'rest: 401' };
    }
    if (r.status >= 500) {
      this.ledger.warn(`REST send ${r.status}`, `${payload.clientMessageId}: ${JSON.stringify(r.body).slice(0, 200)}`);
      return { retry: `rest: ${r.status}` };
    }
    return { rejected: `HTTP ${r.status}`, detail: JSON.stringify(r.body).slice(0, 300) };
  }

  async #restRead(user, conv) {
    const r = await http(this.base, 'GET', `/api/chat/${conv}/messages?limit=50`, { token: user.token });
    bump(this.ledger.restStatuses, `GET messages ${r.status}`);
    this.ledger.counts.restReads += 1;
    if (r.status === 200) for (const m of r.body.messages ?? []) this.ledger.observe(m, `history read by ${user.username}`);
    if (r.status === 401) await freshToken(this.base, user, this.ledger, { force: true });
  }

  async #restList(user) {
    const r = await http(this.base, 'GET', '/api/chat', { token: user.token });
    bump(this.ledger.restStatuses, `GET /api/chat ${r.status}`);
    this.ledger.counts.restReads += 1;
    if (r.status === 401) await freshToken(this.base, user, this.ledger, { force: true });
  }

  #waitConnected(socket, timeoutMs) {
    if (socket.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); socket.off('connect', done); resolve(); };
      const timer = setTimeout(done, timeoutMs);
      socket.on('connect', done);
    });
  }

  async #churnLoop(k) {
    let i = k;
    while (this.churning) {
      const user = this.churnUsers[i++ % this.churnUsers.length];
      const ok = await this.#churnOnce(user, i);
      if (ok) {
        this.ledger.counts.churnConnects += 1;
        this.ledger.lastChurnAt = Date.now();
        this.onChurnConnect?.();
      } else {
        this.ledger.counts.churnFailures += 1;
      }
      await sleep(ok ? this.churnPauseMs : 500);
    }
  }

  /** connect → (sync the last few messages, or nothing) → close; one in ten without a token (pending socket). */
  async #churnOnce(user, i) {
    await freshToken(this.base, user, this.ledger);
    const anonymous = i % 10 === 0;
    const socket = io(this.base, { transports: ['websocket'], reconnection: false, forceNew: true, multiplex: false,
      timeout: 5000, ...(anonymous ? {} : { auth: { token: user.token } }) });
    try {
      const connected = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 8000);
        socket.once('connect', () => { clearTimeout(timer); resolve(true); });
        socket.once('connect_error', (err) => {
          clearTimeout(timer);
          if (err?.data?.code === 'unauthorized') user.tokenAt = 0;
          resolve(false);
        });
      });
      if (!connected) return false;
      if (!anonymous && i % 2 === 0) {
        const conv = user.convs[0];
        try {
          const ack = await socket.timeout(5000).emitWithAck('sync', { since: { [conv]: Math.max(0, this.ledger.lastSeq(conv) - 3) } });
          if (ack?.ok) for (const m of ack.messages) this.ledger.observe(m, `churn sync of ${user.username}`);
        } catch { /* closed under it: the next loop goes on */ }
      }
      return true;
    } finally {
      socket.close();
    }
  }
}
