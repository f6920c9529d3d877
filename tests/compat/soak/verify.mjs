// The final check: every conversation read back in full through REST (GET /api/chat/:id/messages?after=) and
// through `sync` on a fresh socket, compared with each other and with every ack the load got.
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { contentOf, http } from './load.mjs';

const PAGE = 200;

async function restHistory(base, user, conv, deadline) {
  const all = [];
  let after = 0;
  while (Date.now() < deadline) {
    const r = await http(base, 'GET', `/api/chat/${conv}/messages?after=${after}&limit=${PAGE}`, { token: user.token,
      timeout: 20_000 });
    if (r.status !== 200) {
      if (r.status === 401) return { error: `401 for ${user.username}` };
      await sleep(500); // a busy or restarting server: the same page again
      continue;
    }
    const page = r.body.messages;
    if (!Array.isArray(page)) return { error: `no messages array: ${JSON.stringify(r.body).slice(0, 200)}` };
    if (page.length === 0) return { messages: all };
    all.push(...page);
    after = page[page.length - 1].seq;
  }
  return { error: 'REST history did not finish before the deadline' };
}

async function syncHistory(base, user, conv, deadline) {
  const socket = io(base, { transports: ['websocket'], reconnection: false, forceNew: true, multiplex: false,
    timeout: 10_000, auth: { token: user.token } });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no connect within 15 s')), 15_000);
      socket.once('connect', () => { clearTimeout(timer); resolve(); });
      socket.once('connect_error', (err) => { clearTimeout(timer); reject(new Error(`connect_error ${err.message}`)); });
    });
    const all = [];
    const since = { [conv]: 0 };
    while (Date.now() < deadline) {
      const ack = await socket.timeout(30_000).emitWithAck('sync', { since });
      if (!ack?.ok) return { error: `sync -> ${JSON.stringify(ack).slice(0, 200)}` };
      for (const m of ack.messages) {
        if (m.conversationId !== conv) return { error: `sync returned conversation ${m.conversationId}` };
        all.push(m);
        since[conv] = Math.max(since[conv], m.seq);
      }
      if (!ack.hasMore) return { messages: all };
      if (ack.messages.length === 0) return { error: 'sync: hasMore with an empty page' };
    }
    return { error: 'sync did not finish before the deadline' };
  } catch (err) {
    return { error: err.message };
  } finally {
    socket.close();
  }
}

const same = (a, b) => a.id === b.id && a.seq === b.seq && a.senderId === b.senderId
  && a.clientMessageId === b.clientMessageId && a.content === b.content;

/**
 * conversations: [{id, reader}] (reader: a member with a fresh token). Failures go to ledger.fail.
 * Resolves with the figures of the check.
 */
export async function verifyStored({ base, ledger, conversations, timeoutMs = 600_000 }) {
  const deadline = Date.now() + timeoutMs;
  const result = { conversations: conversations.length, stored: 0, storedAcked: 0, storedUnacked: 0,
    ackedMissing: 0, storedTwice: 0, mismatched: 0, unknown: 0, notStoredUnacked: 0, restSyncDiffer: 0, errors: [] };
  const storedCount = new Map();
  for (const { id: conv, reader } of conversations) {
    const [rest, sync] = await Promise.all([restHistory(base, reader, conv, deadline),
      syncHistory(base, reader, conv, deadline)]);
    if (rest.error || sync.error) {
      const e = `conversation ${conv}: ${rest.error ?? ''} ${sync.error ?? ''}`.trim();
      result.errors.push(e);
      ledger.fail('could not read a conversation back', e);
      continue;
    }
    const messages = rest.messages;
    result.stored += messages.length;
    // The two reads agree (sync ran at the same time; nothing is being sent any more).
    if (messages.length !== sync.messages.length || messages.some((m, i) => !same(m, sync.messages[i]))) {
      result.restSyncDiffer += 1;
      const i = messages.findIndex((m, k) => !sync.messages[k] || !same(m, sync.messages[k]));
      ledger.fail('REST and sync differ', `conversation ${conv}: REST ${messages.length} messages, sync `
        + `${sync.messages.length}; first difference at ${i}: ${JSON.stringify(messages[i])?.slice(0, 200)} vs `
        + `${JSON.stringify(sync.messages[i])?.slice(0, 200)}`);
    }
    // Gapless: seq i+1 at index i.
    const gap = messages.findIndex((m, i) => m.seq !== i + 1);
    if (gap >= 0) {
      ledger.fail('seqs not gapless', `conversation ${conv}: index ${gap} has seq ${messages[gap].seq} `
        + `(previous ${messages[gap - 1]?.seq ?? 'none'}), ${messages.length} messages`);
    }
    const keys = new Set();
    for (const m of messages) {
      ledger.observe(m, `final read of ${conv}`);
      const key = `${m.senderId}/${m.clientMessageId}`;
      if (keys.has(key)) {
        result.storedTwice += 1;
        ledger.fail('stored twice', `conversation ${conv}: ${key} again at seq ${m.seq} (id ${m.id})`);
      }
      keys.add(key);
      storedCount.set(m.clientMessageId, (storedCount.get(m.clientMessageId) ?? 0) + 1);
      if (m.unreadable || m.content !== contentOf(m.clientMessageId)) {
        result.mismatched += 1;
        ledger.fail('content differs', `message ${m.id} (${m.clientMessageId}): ${JSON.stringify(m.content)?.slice(0, 80)}`);
      }
      const entry = ledger.sends.get(m.clientMessageId);
      if (!entry) {
        result.unknown += 1;
        ledger.fail('a message nobody sent', `conversation ${conv} seq ${m.seq}: ${m.clientMessageId}`);
        continue;
      }
      if (entry.conv !== conv || entry.sender !== m.senderId) {
        result.mismatched += 1;
        ledger.fail('stored in the wrong place', `${m.clientMessageId} sent by ${entry.sender} to ${entry.conv}, `
          + `stored by ${m.senderId} in ${conv}`);
      }
      if (entry.acked) {
        result.storedAcked += 1;
        if (entry.acked.id !== m.id || entry.acked.seq !== m.seq) {
          result.mismatched += 1;
          ledger.fail('stored under another id or seq than acked', `${m.clientMessageId}: acked id ${entry.acked.id} `
            + `seq ${entry.acked.seq}, stored id ${m.id} seq ${m.seq}`);
        }
      } else {
        result.storedUnacked += 1; // committed, but the ack was lost (a kill) and never retried to the end
      }
    }
  }
  for (const [cmid, entry] of ledger.sends) {
    const n = storedCount.get(cmid) ?? 0;
    if (n > 1) {
      result.storedTwice += 1;
      ledger.fail('stored twice', `${cmid}: ${n} copies`);
    }
    if (entry.acked && n === 0) {
      result.ackedMissing += 1;
      ledger.fail('acked message missing', `${cmid} acked as id ${entry.acked.id} seq ${entry.acked.seq} in ${entry.conv}`);
    }
    if (!entry.acked && n === 0) result.notStoredUnacked += 1;
  }
  return result;
}
