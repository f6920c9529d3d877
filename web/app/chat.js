// Conversations and messages: the conversation list, history pages, messages from the socket (live or sync)
// and events, sending with acks, read receipts, typing and presence.
//
// Messages are kept per conversation in a Map by id and shown sorted by seq, so a message that arrives twice
// (in the list's lastMessage and a history page, live and in a sync page, or in an ack and a sync page) is
// shown once.
import { state, sortedMessages } from './state.js';
import { api } from './api.js';
import { renderAll, renderConversationList, renderHistoryControls, renderMessages, renderPresence, scheduleRender,
  scrollToBottom } from './view.js';

const PAGE_SIZE = 30; // history page
export const ACK_TIMEOUT_MS = 10_000; // message:send without an answer is sent again (same clientMessageId)
const TYPING_REPEAT_MS = 3_000; // typing:start is repeated while the user keeps typing (server expiry: 6 s)
const TYPING_IDLE_MS = 2_500; // no key for this long: typing:stop
const TYPING_STALE_MS = 8_000; // a remote typing indicator without news for this long is dropped
const READ_RECEIPT_DELAY_MS = 300;

// Conversations --------------------------------------------------------------------------------------------

export function addConversation(c) {
  let conversation = state.conversations.get(c.id);
  if (!conversation) {
    const lastSeq = c.lastMessage?.seq ?? 0;
    conversation = {
      id: c.id,
      type: c.type,
      title: c.title,
      members: c.members ?? [],
      unread: c.unreadCount ?? 0,
      // unreadCount from the server covers everything up to its lastMessage; later messages are counted here.
      countedThrough: lastSeq,
      lastSeq, // highest event seq seen: the `sync` position
      lastActivity: Date.parse(c.lastMessage?.createdAt ?? c.createdAt ?? '') || 0,
      messages: new Map(), // id -> message
      pending: new Map(), // clientMessageId -> {clientMessageId, content, status, error, attempt, timer}
      // The first history page: until it is in, `messages` holds only what came with the list or live.
      historyLoaded: false,
      historyLoading: null, // its request in flight
      historyError: null, // why it failed (ApiError), until the next try
      hasOlder: true,
      loadingOlder: false,
      typing: new Map(), // userId -> timer
      readSent: 0,
      readTimer: null,
    };
    state.conversations.set(c.id, conversation);
    if (c.lastMessage) storeMessage(conversation, c.lastMessage);
    if (state.socket?.connected) joinConversation(conversation.id);
  } else {
    conversation.title = c.title;
    conversation.members = c.members ?? conversation.members;
  }
  return conversation;
}

/** GET /api/chat; adds the conversations this page does not know yet (one request at a time). */
export function refreshConversations() {
  if (!state.listRefresh) {
    state.listRefresh = (async () => {
      const body = await api('GET', '/api/chat');
      for (const c of body.conversations ?? []) addConversation(c);
      renderConversationList();
    })().finally(() => {
      state.listRefresh = null;
    });
  }
  return state.listRefresh;
}

/** GET /api/chat/{id}: title and members after a member or conversation event. */
async function refreshConversation(id) {
  try {
    const body = await api('GET', `/api/chat/${id}`);
    const conversation = state.conversations.get(id);
    if (conversation) {
      conversation.title = body.conversation.title;
      conversation.members = body.conversation.members ?? conversation.members;
      renderAll();
    }
  } catch (err) {
    console.warn('refreshing a conversation failed', err);
  }
}

/** After a `not_member` from sync: forget the conversations the server no longer lists. */
export async function dropLostConversations() {
  const body = await api('GET', '/api/chat');
  const ids = new Set((body.conversations ?? []).map((c) => c.id));
  for (const id of [...state.conversations.keys()]) {
    if (!ids.has(id)) state.conversations.delete(id);
  }
  if (!state.conversations.has(state.openId)) state.openId = null;
  renderAll();
}

/**
 * Joins the conversation's room (typing, joined/left). After a reconnect every conversation is joined at once, and
 * a user with many of them meets the socket's event rate: a rate_limited join is tried again after the
 * retryAfter the server names, on the same socket.
 */
export function joinConversation(conversationId, attempt = 0) {
  const socket = state.socket;
  socket?.emit('conversation:join', { conversationId }, (ack) => {
    if (!ack || ack.ok) return;
    if (ack.error?.code === 'rate_limited' && attempt < 5) {
      const delay = (ack.error.retryAfter ?? 1) * 1000 * (1 + Math.random());
      setTimeout(() => { if (state.socket === socket && socket.connected) joinConversation(conversationId, attempt + 1); }, delay);
      return;
    }
    console.warn('conversation:join', conversationId, ack.error);
  });
}

// History --------------------------------------------------------------------------------------------------

/**
 * The newest page of a conversation, once (a second call while it loads shares the request). A failure is kept
 * in historyError (shown with a retry) and the next call tries again. Renders when done if still open.
 */
export function loadHistory(conversation) {
  if (conversation.historyLoaded) return Promise.resolve();
  if (!conversation.historyLoading) {
    conversation.historyError = null;
    conversation.historyLoading = (async () => {
      try {
        const body = await api('GET', `/api/chat/${conversation.id}/messages?limit=${PAGE_SIZE}`);
        const page = body.messages ?? [];
        for (const message of page) storeMessage(conversation, message);
        conversation.hasOlder = page.length >= PAGE_SIZE;
        conversation.historyLoaded = true;
      } catch (err) {
        console.warn('loading the history failed', err);
        conversation.historyError = err;
      } finally {
        conversation.historyLoading = null;
      }
      if (state.openId === conversation.id) {
        renderMessages();
        scrollToBottom();
      }
    })();
  }
  return conversation.historyLoading;
}

/** The page before the oldest message shown; false when there is nothing to do. */
export async function loadOlder(conversation) {
  if (conversation.loadingOlder || !conversation.hasOlder || !conversation.historyLoaded) return false;
  const oldest = sortedMessages(conversation)[0];
  if (!oldest) return false;
  conversation.loadingOlder = true;
  if (state.openId === conversation.id) renderHistoryControls();
  try {
    const body = await api('GET', `/api/chat/${conversation.id}/messages?limit=${PAGE_SIZE}&before=${oldest.seq}`);
    const page = body.messages ?? [];
    for (const message of page) storeMessage(conversation, message);
    conversation.hasOlder = page.length >= PAGE_SIZE;
  } catch (err) {
    console.warn('loading older messages failed', err);
  } finally {
    conversation.loadingOlder = false;
  }
  return true;
}

// Messages -------------------------------------------------------------------------------------------------

/** Adds or updates a message; returns true when it was new to this page. */
function storeMessage(conversation, message) {
  const known = conversation.messages.has(message.id);
  conversation.messages.set(message.id, message);
  if (message.seq > conversation.lastSeq) conversation.lastSeq = message.seq;
  const at = Date.parse(message.createdAt) || 0;
  if (at > conversation.lastActivity) conversation.lastActivity = at;
  // Our own message may reach us through sync (a send acked while we were away, or an ack that was lost).
  if (message.senderId === state.me?.id && message.clientMessageId) {
    const pending = conversation.pending.get(message.clientMessageId);
    if (pending) {
      clearTimeout(pending.timer);
      conversation.pending.delete(message.clientMessageId);
    }
  }
  return !known;
}

/** A message from the socket (live or sync): stored once; counted as unread unless its conversation is open. */
export function receiveMessage(message) {
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation) {
    // A conversation someone else started: learn it from the list (its unreadCount includes this message).
    // A list request already in flight may predate the conversation: then ask once more.
    (async () => {
      await refreshConversations();
      if (!state.conversations.has(message.conversationId)) await refreshConversations();
      if (state.conversations.has(message.conversationId)) receiveMessage(message);
    })().catch((err) => console.warn('loading the conversations failed', err));
    return;
  }
  const isNew = storeMessage(conversation, message);
  if (isNew && message.senderId !== state.me?.id && message.seq > conversation.countedThrough) {
    conversation.countedThrough = message.seq;
    if (state.openId === conversation.id) scheduleRead(conversation);
    else conversation.unread += 1;
  }
  clearRemoteTyping(conversation, message.senderId);
  scheduleRender();
}

/** A conversation event (live `conversation:event` or from a sync page). */
export function applyEvent(event) {
  const conversation = state.conversations.get(event.conversationId);
  if (!conversation) return;
  if (event.type === 'message' && event.message) {
    receiveMessage(event.message);
  } else if (event.type === 'message.edited') {
    const message = conversation.messages.get(event.messageId);
    if (message) conversation.messages.set(message.id, { ...message, content: event.content, editedAt: event.editedAt });
  } else if (event.type === 'message.deleted' || event.type === 'message.hidden') {
    tombstone(conversation.id, event.messageId, event.type === 'message.deleted');
  } else if (event.type === 'member.added' || event.type === 'member.role' || event.type === 'conversation.updated') {
    refreshConversation(conversation.id);
  } else if (event.type === 'member.removed' && event.userId === state.me?.id) {
    state.conversations.delete(conversation.id);
    if (state.openId === conversation.id) state.openId = null;
    renderAll();
    return;
  } else if (event.type === 'member.removed') {
    refreshConversation(conversation.id);
  }
  if (event.seq > conversation.lastSeq) conversation.lastSeq = event.seq;
  scheduleRender();
}

/** message:removed (or a deleted/hidden event): the message stays in place, without its content. */
export function tombstone(conversationId, messageId, deleted) {
  const conversation = state.conversations.get(conversationId);
  const message = conversation?.messages.get(messageId);
  if (message) conversation.messages.set(messageId, { ...message, content: null, removed: true, deleted });
  scheduleRender();
}

// Sending --------------------------------------------------------------------------------------------------

function newClientMessageId() {
  if (crypto.randomUUID) return `web-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function sendMessage(conversation, content) {
  const pending = {
    clientMessageId: newClientMessageId(),
    content,
    status: 'pending',
    error: null,
    attempt: 0,
    timer: null,
    createdAt: new Date().toISOString(),
  };
  conversation.pending.set(pending.clientMessageId, pending);
  clearTimeout(state.typingSent?.idleTimer);
  state.typingSent = null; // the server ends our typing indicator with the send
  emitSend(conversation, pending);
  renderMessages();
  scrollToBottom();
}

/**
 * message:send with an ack. No answer within ACK_TIMEOUT_MS (or a disconnect): sent again with the same
 * clientMessageId, which the server turns into the original message. An error ack shows its code.
 */
export function emitSend(conversation, pending) {
  const socket = state.socket;
  clearTimeout(pending.timer);
  pending.status = 'pending';
  pending.error = null;
  if (!socket?.connected) return; // sent again on the next connect (resendPending)
  const attempt = ++pending.attempt;
  const payload = { conversationId: conversation.id, content: pending.content, clientMessageId: pending.clientMessageId };
  socket.timeout(ACK_TIMEOUT_MS).emit('message:send', payload, (err, ack) => {
    if (pending.attempt !== attempt || !conversation.pending.has(pending.clientMessageId)) return;
    if (err) {
      if (state.socket?.connected) emitSend(conversation, pending);
      return;
    }
    if (ack?.ok && ack.message) {
      conversation.pending.delete(pending.clientMessageId);
      storeMessage(conversation, ack.message);
      if (ack.message.seq > conversation.countedThrough) conversation.countedThrough = ack.message.seq;
      conversation.unread = 0; // sending marks everything before it read
      renderAll();
      return;
    }
    const code = ack?.error?.code ?? 'unknown_error';
    if (code === 'rate_limited' || code === 'unavailable') {
      const wait = Math.min(30, Math.max(1, Number(ack?.error?.retryAfter) || 1)) * 1000;
      pending.timer = setTimeout(() => emitSend(conversation, pending), wait);
      return;
    }
    pending.status = 'failed';
    pending.error = { code, message: ack?.error?.message ?? '' };
    if (state.openId === conversation.id) renderMessages();
  });
}

export function resendPending() {
  for (const conversation of state.conversations.values()) {
    for (const pending of conversation.pending.values()) {
      if (pending.status === 'pending') emitSend(conversation, pending);
    }
  }
}

// Read positions -------------------------------------------------------------------------------------------

export function markRead(conversation) {
  conversation.unread = 0;
  renderConversationList();
  scheduleRead(conversation);
}

export function scheduleRead(conversation) {
  conversation.unread = 0;
  if (conversation.readTimer) return;
  conversation.readTimer = setTimeout(() => {
    conversation.readTimer = null;
    const readSeq = Math.max(0, ...[...conversation.messages.values()].map((m) => m.seq));
    if (readSeq <= conversation.readSent || !state.socket?.connected) return;
    conversation.readSent = readSeq;
    state.socket.emit('receipt:update', { conversationId: conversation.id, readSeq }, (ack) => {
      if (!ack?.ok) conversation.readSent = 0; // try again next time
    });
  }, READ_RECEIPT_DELAY_MS);
}

// Typing ---------------------------------------------------------------------------------------------------

export function startTyping() {
  const id = state.openId;
  if (!id || !state.socket?.connected) return;
  const now = Date.now();
  let typing = state.typingSent;
  if (typing && typing.conversationId !== id) {
    stopTyping();
    typing = null;
  }
  if (!typing || now - typing.lastStart > TYPING_REPEAT_MS) {
    state.socket.emit('typing:start', { conversationId: id }, () => {});
    typing = { conversationId: id, lastStart: now, idleTimer: typing?.idleTimer ?? null };
    state.typingSent = typing;
  }
  clearTimeout(typing.idleTimer);
  typing.idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
}

export function stopTyping() {
  const typing = state.typingSent;
  if (!typing) return;
  clearTimeout(typing.idleTimer);
  state.typingSent = null;
  if (state.socket?.connected) state.socket.emit('typing:stop', { conversationId: typing.conversationId }, () => {});
}

export function remoteTyping(conversationId, userId, typing) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation || userId === state.me?.id) return;
  if (typing) {
    clearTimeout(conversation.typing.get(userId));
    conversation.typing.set(userId, setTimeout(() => clearRemoteTyping(conversation, userId), TYPING_STALE_MS));
    setOnline(userId, true); // only a connected socket can type
  } else {
    clearRemoteTyping(conversation, userId);
  }
  scheduleRender();
}

function clearRemoteTyping(conversation, userId) {
  if (!conversation.typing.has(userId)) return;
  clearTimeout(conversation.typing.get(userId));
  conversation.typing.delete(userId);
  scheduleRender();
}

// Presence -------------------------------------------------------------------------------------------------

export function setOnline(userId, online) {
  if (!userId || userId === state.me?.id) return;
  const was = state.online.has(userId);
  if (online) state.online.add(userId);
  else state.online.delete(userId);
  if (was !== online) renderPresence();
}

/** After a disconnect: presence and typing are not replayed, so what we knew may be stale by the time we are back. */
export function forgetLiveState() {
  state.online.clear();
  for (const conversation of state.conversations.values()) {
    for (const timer of conversation.typing.values()) clearTimeout(timer);
    conversation.typing.clear();
  }
}

/** Before the state is dropped (logout): no timer of ours may fire afterwards. */
export function clearTimers() {
  clearTimeout(state.typingSent?.idleTimer);
  for (const conversation of state.conversations.values()) {
    for (const timer of conversation.typing.values()) clearTimeout(timer);
    for (const pending of conversation.pending.values()) clearTimeout(pending.timer);
    clearTimeout(conversation.readTimer);
  }
}
