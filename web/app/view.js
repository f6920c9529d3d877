// DOM rendering: the page's elements, the conversation list, the open conversation (header, history state,
// messages, typing) and the connection status. Reads the state; changes nothing in it. What the user does on
// rendered items (open a conversation, retry or dismiss a failed message) goes to the handlers set with
// setActions (app.js).
import { state, sortedMessages } from './state.js';

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

export const el = {
  status: $('connection-status'),
  account: $('account'),
  currentUser: $('current-user'),
  logout: $('logout-button'),
  authView: $('auth-view'),
  authForm: $('auth-form'),
  authUsername: $('auth-username'),
  authPassword: $('auth-password'),
  authError: $('auth-error'),
  authProviders: $('auth-providers'),
  authProviderButtons: $('auth-provider-buttons'),
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
  historyLoading: $('history-loading'),
  historyError: $('history-error'),
  historyErrorText: $('history-error-text'),
  historyRetry: $('history-retry'),
  messageList: $('message-list'),
  typing: $('typing-indicator'),
  composer: $('composer'),
  composerInput: $('composer-input'),
};

const actions = {
  openConversation: (_id) => {},
  retryPending: (_conversation, _pending) => {},
  dismissPending: (_conversation, _pending) => {},
};

export function setActions(handlers) {
  Object.assign(actions, handlers);
}

// Names ----------------------------------------------------------------------------------------------------

function otherMembers(conversation) {
  return conversation.members.filter((m) => m.id !== state.me?.id);
}

function displayName(member) {
  return member.displayName || member.username || `user ${member.id}`;
}

function conversationTitle(conversation) {
  if (conversation.type === 'direct') {
    const other = otherMembers(conversation)[0];
    return other ? displayName(other) : 'Direct conversation';
  }
  return conversation.title || otherMembers(conversation).map(displayName).join(', ') || 'Group';
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

// Small things ---------------------------------------------------------------------------------------------

export function setStatus(stateName, text, transport = '') {
  el.status.dataset.state = stateName;
  el.status.dataset.transport = transport;
  el.status.textContent = text;
}

export function showError(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

export function setFormBusy(form, busy) {
  for (const control of form.querySelectorAll('button, input')) control.disabled = busy;
}

export function showSignedIn(user) {
  el.authPassword.value = '';
  el.currentUser.textContent = user.displayName && user.displayName !== user.username
    ? `${user.displayName} (${user.username})` : user.username;
  el.authView.hidden = true;
  el.account.hidden = false;
  el.chatView.hidden = false;
}

export function showSignedOut(message) {
  el.chatView.hidden = true;
  el.account.hidden = true;
  el.authView.hidden = false;
  showError(el.authError, message);
  setStatus('disconnected', 'Not connected');
}

export function scrollToBottom() {
  el.scroller.scrollTop = el.scroller.scrollHeight;
}

/** Remembers the distance from the bottom of the messages; the returned function restores it. */
export function keepScrollFromBottom() {
  const fromBottom = el.scroller.scrollHeight - el.scroller.scrollTop;
  return () => {
    el.scroller.scrollTop = el.scroller.scrollHeight - fromBottom;
  };
}

// Rendering ------------------------------------------------------------------------------------------------

let renderQueued = false;

/** renderAll once, after the current task's changes (many events in a row render once). */
export function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    renderAll();
  });
}

export function renderAll() {
  renderConversationList();
  renderConversationHeader();
  renderMessages();
  renderTyping();
}

export function renderPresence() {
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

export function renderConversationList() {
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
    button.addEventListener('click', () => actions.openConversation(conversation.id));
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

/**
 * Where the open conversation's history stands, on the scroller as data-history (loading | loaded | failed)
 * and aria-busy: until the first page is in, the messages shown may be only the ones that came with the
 * conversation list or live (the newest), not the conversation.
 */
export function renderHistoryControls() {
  const conversation = state.conversations.get(state.openId);
  const history = !conversation ? ''
    : conversation.historyLoaded ? 'loaded' : conversation.historyError ? 'failed' : 'loading';
  el.scroller.dataset.history = history;
  el.scroller.setAttribute('aria-busy', String(history === 'loading'));
  el.historyLoading.hidden = history !== 'loading';
  el.historyError.hidden = history !== 'failed';
  el.historyErrorText.textContent = history === 'failed'
    ? `Could not load the messages (${conversation.historyError.code ?? 'error'}).` : '';
  el.historyStart.hidden = !(history === 'loaded' && !conversation.hasOlder);
  el.loadOlder.hidden = !(history === 'loaded' && conversation.hasOlder);
  const loadingOlder = Boolean(conversation?.loadingOlder);
  el.loadOlder.disabled = loadingOlder;
  el.loadOlder.textContent = loadingOlder ? 'Loading…' : 'Load older messages';
}

export function renderMessages() {
  renderHistoryControls();
  const conversation = state.conversations.get(state.openId);
  if (!conversation) {
    el.messageList.replaceChildren();
    return;
  }
  const atBottom = el.scroller.scrollHeight - el.scroller.scrollTop - el.scroller.clientHeight < 30;
  const items = sortedMessages(conversation).map((message) => messageItem(conversation, message));
  for (const pending of conversation.pending.values()) items.push(pendingItem(conversation, pending));
  el.messageList.replaceChildren(...items);
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
    retry.addEventListener('click', () => actions.retryPending(conversation, pending));
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.dataset.testid = 'message-dismiss';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', () => actions.dismissPending(conversation, pending));
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
