// Banter web client: REST (docs/api.md) + Socket.IO (docs/protocol.md), no framework, no build step.
// The socket.io-client browser bundle (socket.io.min.js, loaded before this module) defines the global `io`.
//
// State lives in memory only (tokens included): a reload means logging in again.
// Catch-up: every conversation remembers the highest event seq this page has seen (`lastSeq`); on every
// (re)connect the client sends `sync` with those positions and pages until `hasMore` is false. Messages are
// kept per conversation in a Map by id and shown sorted by seq, so a message that arrives twice (live and in a
// sync page, or in an ack and a sync page) is shown once.

const PAGE_SIZE = 30; // history page
const ACK_TIMEOUT_MS = 10_000; // message:send without an answer is sent again (same clientMessageId)
const TYPING_REPEAT_MS = 3_000; // typing:start is repeated while the user keeps typing (server expiry: 6 s)
const TYPING_IDLE_MS = 2_500; // no key for this long: typing:stop
const TYPING_STALE_MS = 8_000; // a remote typing indicator without news for this long is dropped
const READ_RECEIPT_DELAY_MS = 300;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const el = {
  status: $('connection-status'),
  account: $('account'),
  currentUser: $('current-user'),
  logout: $('logout-button'),
  authView: $('auth-view'),
  authForm: $('auth-form'),
  authUsername: $('auth-username'),
  authPassword: $('auth-password'),
  authError: $('auth-error'),
  chatView: $('chat-view'),
  newDmForm: $('new-dm-form'),
  newDmUsername: $('new-dm-username'),
  newDmError: $('new-dm-error'),
  conversationList: $('conversation-list'),
  conversationListEmpty: $('conversation-list-empty'),
  conversationTitle: $('conversation-title'),
  conversationPresence: $('conversation-presence'),
  scroller: $('message-scroller'),
  loadOlder: $('load-older'),
  historyStart: $('history-start'),
  messageList: $('message-list'),
  typing: $('typing-indicator'),
  composer: $('composer'),
  composerInput: $('composer-input'),
};

/** Everything the page knows; reset on logout. */
let state = freshState();

function freshState() {
  return {
    me: null, // {id, username, displayName}
    tokens: null, // {access, refresh}
    conversations: new Map(), // id -> conversation record (see addConversation)
    openId: null,
    online: new Set(), // user ids known to be online
    socket: null,
    connectedOnce: false,
    listRefresh: null, // the GET /api/chat in flight
    typingSent: null, // {conversationId, lastStart, idleTimer}
    lastAuthRetry: 0, // when a refused CONNECT last made us refresh the tokens
  };
}

// ---------------------------------------------------------------------------------------------------------
// REST

class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

let refreshing = null;

/** One JSON request. A 401 on an authenticated route refreshes the tokens once and repeats the request. */
async function api(method, path, body, { auth = true, retried = false } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) {
    if (!state.tokens) throw new ApiError(401, 'unauthorized', 'not signed in');
    headers.authorization = `Bearer ${state.tokens.access}`;
  }
  const tokensUsed = state.tokens;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, 'network_error', `network error: ${err.message}`);
  }
  if (res.status === 401 && auth && !retried) {
    // Another request may have refreshed the tokens meanwhile: then only repeat.
    if (state.tokens === tokensUsed) await refreshTokens();
    return api(method, path, body, { auth, retried: true });
  }
  const text = await res.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) {
    const error = parsed?.error ?? {};
    throw new ApiError(res.status, error.code || `http_${res.status}`, error.message || res.statusText);
  }
  return parsed;
}

/** POST /api/auth/refresh-token, one at a time (a refresh token works once: a second use ends the session). */
function refreshTokens() {
  if (!refreshing) {
    const tokens = state.tokens;
    refreshing = (async () => {
      if (!tokens?.refresh) throw new ApiError(401, 'unauthorized', 'not signed in');
      let body;
      try {
        body = await api('POST', '/api/auth/refresh-token', { refreshToken: tokens.refresh }, { auth: false });
      } catch (err) {
        if (err.status === 401) signedOut('Your session has ended. Please log in again.');
        throw err;
      }
      if (state.tokens === tokens) state.tokens = { access: body.token, refresh: body.refreshToken };
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

// ---------------------------------------------------------------------------------------------------------
// Authentication

el.authForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const mode = event.submitter?.value === 'register' ? 'register' : 'login';
  const username = el.authUsername.value.trim();
  const password = el.authPassword.value;
  showError(el.authError, '');
  if (!username || !password) {
    showError(el.authError, 'Enter a username and a password.');
    return;
  }
  setFormBusy(el.authForm, true);
  try {
    const body = await api('POST', `/api/auth/${mode}`, { username, password }, { auth: false });
    await signedIn(body);
  } catch (err) {
    showError(el.authError, authErrorText(err));
  } finally {
    setFormBusy(el.authForm, false);
  }
});

function authErrorText(err) {
  switch (err.code) {
    case 'invalid_credentials': return 'Wrong username or password.';
    case 'username_taken': return 'That username is taken.';
    case 'validation_failed': return `Not accepted: ${err.message}`;
    case 'rate_limited': return 'Too many attempts; wait a moment and try again.';
    case 'totp_required': return 'This account uses two-factor authentication, which this client does not support yet.';
    default: return `Could not sign in (${err.code}): ${err.message}`;
  }
}

async function signedIn(body) {
  state = freshState();
  state.me = body.user;
  state.tokens = { access: body.token, refresh: body.refreshToken };
  el.authPassword.value = '';
  el.currentUser.textContent = body.user.displayName && body.user.displayName !== body.user.username
    ? `${body.user.displayName} (${body.user.username})` : body.user.username;
  el.authView.hidden = true;
  el.account.hidden = false;
  el.chatView.hidden = false;
  renderAll();
  // The list first, then the socket: the first `sync` fills anything sent between the two.
  try {
    await refreshConversations();
  } catch (err) {
    console.warn('loading the conversations failed', err);
  }
  connectSocket();
}

el.logout.addEventListener('click', async () => {
  try {
    await api('POST', '/api/auth/logout');
  } catch (err) {
    console.warn('logout failed', err);
  }
  signedOut('');
});

function signedOut(message) {
  const socket = state.socket;
  if (socket) {
    socket.removeAllListeners();
    socket.disconnect();
  }
  clearTimeout(state.typingSent?.idleTimer);
  for (const conversation of state.conversations.values()) {
    for (const timer of conversation.typing.values()) clearTimeout(timer);
    for (const pending of conversation.pending.values()) clearTimeout(pending.timer);
  }
  state = freshState();
  el.chatView.hidden = true;
  el.account.hidden = true;
  el.authView.hidden = false;
  showError(el.authError, message);
  setStatus('disconnected', 'Not connected');
  renderAll();
}

// ---------------------------------------------------------------------------------------------------------
// Conversations

function addConversation(c) {
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
      historyLoaded: false,
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
function refreshConversations() {
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

function otherMembers(conversation) {
  return conversation.members.filter((m) => m.id !== state.me?.id);
}

function conversationTitle(conversation) {
  if (conversation.type === 'direct') {
    const other = otherMembers(conversation)[0];
    return other ? displayName(other) : 'Direct conversation';
  }
  return conversation.title || otherMembers(conversation).map(displayName).join(', ') || 'Group';
}

function displayName(member) {
  return member.displayName || member.username || `user ${member.id}`;
}

function memberName(conversation, userId) {
  if (userId === state.me?.id) return 'You';
  const member = conversation.members.find((m) => m.id === userId);
  return member ? displayName(member) : `user ${userId}`;
}

/** The user whose presence a conversation shows: the other member of a direct conversation. */
function presenceUser(conversation) {
  return conversation.type === 'direct' ? otherMembers(conversation)[0]?.id ?? null : null;
}

el.newDmForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = el.newDmUsername.value.trim();
  showError(el.newDmError, '');
  if (!username) {
    showError(el.newDmError, 'Enter a username.');
    return;
  }
  if (username.toLowerCase() === state.me.username.toLowerCase()) {
    showError(el.newDmError, 'That is you.');
    return;
  }
  setFormBusy(el.newDmForm, true);
  try {
    // There is no lookup by username: search by prefix and take the exact (case-insensitive) match.
    const found = await api('GET', `/api/users/search?q=${encodeURIComponent(username)}&limit=100`);
    const user = (found.users ?? []).find((u) => u.username.toLowerCase() === username.toLowerCase());
    if (!user) {
      showError(el.newDmError, `No user named "${username}".`);
      return;
    }
    const body = await api('POST', '/api/chat', { type: 'direct', memberIds: [user.id] });
    const conversation = addConversation(body.conversation);
    if (!conversation.lastActivity) conversation.lastActivity = Date.now();
    el.newDmUsername.value = '';
    renderConversationList();
    await openConversation(conversation.id);
    el.composerInput.focus();
  } catch (err) {
    const text = err.code === 'forbidden' ? 'You cannot start a conversation with this user.'
      : `Could not start the conversation (${err.code}).`;
    showError(el.newDmError, text);
  } finally {
    setFormBusy(el.newDmForm, false);
  }
});

async function openConversation(id) {
  const conversation = state.conversations.get(id);
  if (!conversation) return;
  if (state.openId !== id) stopTyping();
  state.openId = id;
  el.composerInput.value = '';
  renderAll();
  scrollToBottom();
  if (!conversation.historyLoaded) {
    try {
      const body = await api('GET', `/api/chat/${id}/messages?limit=${PAGE_SIZE}`);
      const page = body.messages ?? [];
      for (const message of page) storeMessage(conversation, message);
      conversation.historyLoaded = true;
      conversation.hasOlder = page.length >= PAGE_SIZE;
    } catch (err) {
      console.warn('loading the history failed', err);
    }
    if (state.openId === id) {
      renderMessages();
      scrollToBottom();
    }
  }
  markRead(conversation);
}

async function loadOlder() {
  const conversation = state.conversations.get(state.openId);
  if (!conversation || conversation.loadingOlder || !conversation.hasOlder || !conversation.historyLoaded) return;
  const oldest = sortedMessages(conversation)[0];
  if (!oldest) return;
  conversation.loadingOlder = true;
  el.loadOlder.disabled = true;
  el.loadOlder.textContent = 'Loading…';
  const fromBottom = el.scroller.scrollHeight - el.scroller.scrollTop;
  try {
    const body = await api('GET', `/api/chat/${conversation.id}/messages?limit=${PAGE_SIZE}&before=${oldest.seq}`);
    const page = body.messages ?? [];
    for (const message of page) storeMessage(conversation, message);
    conversation.hasOlder = page.length >= PAGE_SIZE;
  } catch (err) {
    console.warn('loading older messages failed', err);
  } finally {
    conversation.loadingOlder = false;
    el.loadOlder.disabled = false;
    el.loadOlder.textContent = 'Load older messages';
  }
  if (state.openId === conversation.id) {
    renderMessages();
    el.scroller.scrollTop = el.scroller.scrollHeight - fromBottom; // keep what the user was looking at
  }
}

el.loadOlder.addEventListener('click', loadOlder);
el.scroller.addEventListener('scroll', () => {
  if (el.scroller.scrollTop < 40) loadOlder();
});

// ---------------------------------------------------------------------------------------------------------
// Messages

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
function receiveMessage(message) {
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
  scheduleRender(conversation.id);
}

function applyEvent(event) {
  const conversation = state.conversations.get(event.conversationId);
  if (!conversation) return;
  if (event.type === 'message' && event.message) {
    receiveMessage(event.message);
  } else if (event.type === 'message.edited') {
    const message = conversation.messages.get(event.messageId);
    if (message) conversation.messages.set(message.id, { ...message, content: event.content, editedAt: event.editedAt });
  } else if (event.type === 'message.deleted' || event.type === 'message.hidden') {
    tombstone(conversation, event.messageId, event.type === 'message.deleted');
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
  scheduleRender(conversation.id);
}

function tombstone(conversation, messageId, deleted) {
  const message = conversation.messages.get(messageId);
  if (message) conversation.messages.set(messageId, { ...message, content: null, removed: true, deleted });
}

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

function sortedMessages(conversation) {
  return [...conversation.messages.values()].sort((a, b) => a.seq - b.seq);
}

// Sending --------------------------------------------------------------------------------------------------

function newClientMessageId() {
  if (crypto.randomUUID) return `web-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function sendMessage(conversation, content) {
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
function emitSend(conversation, pending) {
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

function resendPending() {
  for (const conversation of state.conversations.values()) {
    for (const pending of conversation.pending.values()) {
      if (pending.status === 'pending') emitSend(conversation, pending);
    }
  }
}

el.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const conversation = state.conversations.get(state.openId);
  const content = el.composerInput.value;
  if (!conversation || !content.trim()) return;
  el.composerInput.value = '';
  sendMessage(conversation, content);
});

el.composerInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    el.composer.requestSubmit();
  }
});

el.composerInput.addEventListener('input', () => {
  if (el.composerInput.value.trim()) startTyping();
  else stopTyping();
});

// Read positions -------------------------------------------------------------------------------------------

function markRead(conversation) {
  conversation.unread = 0;
  renderConversationList();
  scheduleRead(conversation);
}

function scheduleRead(conversation) {
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

// ---------------------------------------------------------------------------------------------------------
// Typing

function startTyping() {
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

function stopTyping() {
  const typing = state.typingSent;
  if (!typing) return;
  clearTimeout(typing.idleTimer);
  state.typingSent = null;
  if (state.socket?.connected) state.socket.emit('typing:stop', { conversationId: typing.conversationId }, () => {});
}

function remoteTyping(conversationId, userId, typing) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation || userId === state.me?.id) return;
  if (typing) {
    clearTimeout(conversation.typing.get(userId));
    conversation.typing.set(userId, setTimeout(() => clearRemoteTyping(conversation, userId), TYPING_STALE_MS));
    setOnline(userId, true); // only a connected socket can type
  } else {
    clearRemoteTyping(conversation, userId);
  }
  scheduleRender(conversationId);
}

function clearRemoteTyping(conversation, userId) {
  if (!conversation.typing.has(userId)) return;
  clearTimeout(conversation.typing.get(userId));
  conversation.typing.delete(userId);
  scheduleRender(conversation.id);
}

// ---------------------------------------------------------------------------------------------------------
// Presence

function setOnline(userId, online) {
  if (!userId || userId === state.me?.id) return;
  const was = state.online.has(userId);
  if (online) state.online.add(userId);
  else state.online.delete(userId);
  if (was !== online) renderPresence();
}

// ---------------------------------------------------------------------------------------------------------
// Socket

function connectSocket() {
  // Default options: HTTP long-polling first, then the upgrade to WebSocket. `auth` as a function so every
  // (re)connect presents the current access token.
  const socket = io(location.origin, { auth: (cb) => cb({ token: state.tokens?.access ?? '' }) });
  state.socket = socket;
  setStatus('connecting', 'Connecting…');

  socket.on('connect', () => {
    const engine = socket.io.engine;
    const showTransport = () => setStatus('connected', `Connected (${engine.transport.name})`, engine.transport.name);
    showTransport();
    engine.on('upgrade', showTransport);
    onConnected(socket).catch((err) => console.warn('catch-up failed', err));
  });

  socket.on('connect_error', async (err) => {
    if (socket.active) {
      // A network or transport problem: socket.io retries by itself.
      setStatus('offline', 'Offline — reconnecting…');
      return;
    }
    // The server refused the CONNECT (expired or revoked token): refresh and try again, but not in a loop.
    if (Date.now() - state.lastAuthRetry < 10_000) {
      signedOut(`The server refused the connection: ${err.message}`);
      return;
    }
    state.lastAuthRetry = Date.now();
    setStatus('connecting', 'Signing in again…');
    try {
      await refreshTokens();
      if (state.socket === socket) socket.connect();
    } catch (refreshError) {
      console.warn('the socket could not authenticate', err, refreshError);
    }
  });

  socket.on('disconnect', (reason) => {
    // Presence events are not replayed: what we knew may be stale by the time we are back.
    state.online.clear();
    for (const conversation of state.conversations.values()) {
      for (const timer of conversation.typing.values()) clearTimeout(timer);
      conversation.typing.clear();
    }
    renderAll();
    if (reason === 'io server disconnect') {
      // The session ended (logout elsewhere, ban) or the server refused us: a refresh tells which.
      setStatus('connecting', 'Signing in again…');
      refreshTokens().then(() => {
        if (state.socket === socket) socket.connect();
      }, () => {});
    } else {
      setStatus('offline', 'Offline — reconnecting…');
    }
  });

  socket.on('message:received', ({ message }) => receiveMessage(message));
  socket.on('conversation:event', (event) => applyEvent(event));
  socket.on('message:removed', ({ conversationId, messageId }) => {
    const conversation = state.conversations.get(conversationId);
    if (conversation) {
      tombstone(conversation, messageId, false);
      scheduleRender(conversationId);
    }
  });
  socket.on('user:typing', ({ conversationId, userId }) => remoteTyping(conversationId, userId, true));
  socket.on('user:stopped-typing', ({ conversationId, userId }) => remoteTyping(conversationId, userId, false));
  socket.on('user:online', ({ userId }) => setOnline(userId, true));
  socket.on('user:offline', ({ userId }) => setOnline(userId, false));
  // Only a connected socket can join a conversation: someone joining is online. (The server sends no
  // presence snapshot, so this is how we learn about contacts who connected before us.)
  socket.on('user:joined', ({ userId }) => setOnline(userId, true));
}

/** After every (re)connect: rejoin the rooms, catch up with `sync`, learn new conversations, resend. */
async function onConnected(socket) {
  const first = !state.connectedOnce;
  state.connectedOnce = true;
  for (const id of state.conversations.keys()) joinConversation(id);
  await catchUp(socket);
  if (!first) await refreshConversations().catch((err) => console.warn('loading the conversations failed', err));
  resendPending();
  const open = state.conversations.get(state.openId);
  if (open) scheduleRead(open);
  renderAll();
}

function joinConversation(conversationId) {
  state.socket?.emit('conversation:join', { conversationId }, (ack) => {
    if (ack && !ack.ok) console.warn('conversation:join', conversationId, ack.error);
  });
}

/** `sync` from the last seq seen in every conversation until hasMore is false. */
async function catchUp(socket, retry = true) {
  const since = {};
  for (const conversation of state.conversations.values()) since[conversation.id] = conversation.lastSeq;
  if (Object.keys(since).length === 0) return;
  for (let page = 0; page < 1000; page++) {
    const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { since });
    if (!ack?.ok) {
      console.warn('sync failed', ack?.error);
      if (ack?.error?.code === 'not_member' && retry) {
        // A conversation we were removed from: forget the ones the server no longer lists and start again.
        await dropLostConversations();
        return catchUp(socket, false);
      }
      return;
    }
    const events = ack.events ?? [];
    for (const event of events) {
      applyEvent(event);
      if (event.seq > (since[event.conversationId] ?? 0)) since[event.conversationId] = event.seq;
    }
    for (const message of ack.messages ?? []) {
      receiveMessage(message); // already stored from its event: a no-op then
      if (message.seq > (since[message.conversationId] ?? 0)) since[message.conversationId] = message.seq;
    }
    if (!ack.hasMore || (events.length === 0 && (ack.messages ?? []).length === 0)) return;
  }
}

async function dropLostConversations() {
  const body = await api('GET', '/api/chat');
  const ids = new Set((body.conversations ?? []).map((c) => c.id));
  for (const id of [...state.conversations.keys()]) {
    if (!ids.has(id)) state.conversations.delete(id);
  }
  if (!state.conversations.has(state.openId)) state.openId = null;
  renderAll();
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

function setStatus(stateName, text, transport = '') {
  el.status.dataset.state = stateName;
  el.status.dataset.transport = transport;
  el.status.textContent = text;
}

function showError(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

function setFormBusy(form, busy) {
  for (const control of form.querySelectorAll('button, input')) control.disabled = busy;
}

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    renderAll();
  });
}

function renderAll() {
  renderConversationList();
  renderConversationHeader();
  renderMessages();
  renderTyping();
}

function renderPresence() {
  renderConversationList();
  renderConversationHeader();
}

function presenceDot(userId, testid) {
  const dot = document.createElement('span');
  const online = state.online.has(userId);
  dot.className = 'presence';
  dot.dataset.testid = testid;
  dot.dataset.online = String(online);
  dot.setAttribute('role', 'img');
  dot.setAttribute('aria-label', online ? 'online' : 'offline');
  dot.title = online ? 'Online' : 'Offline';
  return dot;
}

function renderConversationList() {
  const conversations = [...state.conversations.values()].sort((a, b) => b.lastActivity - a.lastActivity);
  el.conversationListEmpty.hidden = conversations.length > 0;
  const items = conversations.map((conversation) => {
    const li = document.createElement('li');
    li.dataset.testid = 'conversation-item';
    li.dataset.conversationId = conversation.id;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'conversation-button';
    if (conversation.id === state.openId) {
      li.classList.add('open');
      button.setAttribute('aria-current', 'true');
    }
    const userId = presenceUser(conversation);
    if (userId) button.append(presenceDot(userId, 'presence-dot'));
    const title = document.createElement('span');
    title.className = 'title';
    title.dataset.testid = 'conversation-item-title';
    title.textContent = conversationTitle(conversation);
    button.append(title);
    if (conversation.typing.size > 0) {
      const typing = document.createElement('span');
      typing.className = 'item-typing';
      typing.textContent = 'typing…';
      button.append(typing);
    }
    const unread = document.createElement('span');
    unread.className = 'unread';
    unread.dataset.testid = 'unread-count';
    unread.textContent = String(conversation.unread);
    unread.hidden = conversation.unread === 0;
    unread.setAttribute('aria-label', `${conversation.unread} unread`);
    button.append(unread);
    button.addEventListener('click', () => openConversation(conversation.id));
    li.append(button);
    return li;
  });
  el.conversationList.replaceChildren(...items);
}

function renderConversationHeader() {
  const conversation = state.conversations.get(state.openId);
  el.composer.hidden = !conversation;
  if (!conversation) {
    el.conversationTitle.textContent = state.me ? 'Select a conversation' : '';
    el.conversationPresence.hidden = true;
    el.conversationTitle.dataset.conversationId = '';
    return;
  }
  el.conversationTitle.textContent = conversationTitle(conversation);
  el.conversationTitle.dataset.conversationId = conversation.id;
  const userId = presenceUser(conversation);
  if (userId) {
    const dot = presenceDot(userId, 'conversation-presence');
    el.conversationPresence.replaceWith(dot);
    el.conversationPresence = dot;
  } else {
    el.conversationPresence.hidden = true;
  }
}

function renderMessages() {
  const conversation = state.conversations.get(state.openId);
  if (!conversation) {
    el.messageList.replaceChildren();
    el.loadOlder.hidden = true;
    el.historyStart.hidden = true;
    return;
  }
  const atBottom = el.scroller.scrollHeight - el.scroller.scrollTop - el.scroller.clientHeight < 30;
  const items = sortedMessages(conversation).map((message) => messageItem(conversation, message));
  for (const pending of conversation.pending.values()) items.push(pendingItem(conversation, pending));
  el.messageList.replaceChildren(...items);
  el.loadOlder.hidden = !(conversation.historyLoaded && conversation.hasOlder);
  el.historyStart.hidden = !(conversation.historyLoaded && !conversation.hasOlder);
  if (atBottom) scrollToBottom();
}

function messageShell(conversation, senderId, createdAt, own) {
  const li = document.createElement('li');
  li.dataset.testid = 'message';
  li.className = own ? 'message own' : 'message';
  const meta = document.createElement('div');
  meta.className = 'meta';
  const sender = document.createElement('span');
  sender.className = 'sender';
  sender.dataset.testid = 'message-sender';
  sender.textContent = memberName(conversation, senderId);
  const time = document.createElement('time');
  time.dateTime = createdAt;
  const date = new Date(createdAt);
  time.textContent = Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  meta.append(sender, time);
  const text = document.createElement('p');
  text.className = 'text';
  text.dataset.testid = 'message-text';
  li.append(meta, text);
  return { li, meta, text };
}

function messageItem(conversation, message) {
  const own = message.senderId === state.me?.id;
  const { li, meta, text } = messageShell(conversation, message.senderId, message.createdAt, own);
  li.dataset.messageId = message.id;
  li.dataset.seq = String(message.seq);
  li.dataset.status = 'sent';
  if (message.content === null || message.removed) {
    text.textContent = message.deleted ? 'This message was deleted.' : 'This message was removed.';
    text.classList.add('removed');
  } else {
    text.textContent = message.content;
  }
  if (message.editedAt) {
    const edited = document.createElement('span');
    edited.className = 'edited';
    edited.textContent = '(edited)';
    meta.append(edited);
  }
  if (own) {
    const status = document.createElement('span');
    status.className = 'status';
    status.dataset.testid = 'message-status';
    status.textContent = 'Sent';
    meta.append(status);
  }
  return li;
}

function pendingItem(conversation, pending) {
  const { li, meta, text } = messageShell(conversation, state.me.id, pending.createdAt, true);
  li.dataset.clientMessageId = pending.clientMessageId;
  li.dataset.status = pending.status;
  li.classList.add(pending.status);
  text.textContent = pending.content;
  const status = document.createElement('span');
  status.className = 'status';
  status.dataset.testid = 'message-status';
  if (pending.status === 'failed') {
    status.dataset.errorCode = pending.error.code;
    status.textContent = `Not sent: ${pending.error.code}`;
    status.title = pending.error.message;
    status.setAttribute('role', 'alert');
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.dataset.testid = 'message-retry';
    retry.textContent = 'Retry';
    retry.addEventListener('click', () => {
      emitSend(conversation, pending);
      renderMessages();
    });
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.dataset.testid = 'message-dismiss';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', () => {
      conversation.pending.delete(pending.clientMessageId);
      renderMessages();
    });
    meta.append(status, retry, dismiss);
  } else {
    status.textContent = 'Sending…';
    meta.append(status);
  }
  return li;
}

function renderTyping() {
  const conversation = state.conversations.get(state.openId);
  const names = conversation ? [...conversation.typing.keys()].map((id) => memberName(conversation, id)) : [];
  el.typing.hidden = names.length === 0;
  el.typing.textContent = names.length === 0 ? ''
    : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
}

function scrollToBottom() {
  el.scroller.scrollTop = el.scroller.scrollHeight;
}

renderAll();
