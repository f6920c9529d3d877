// Banter web client: REST (docs/api.md) + Socket.IO (docs/protocol.md), no framework, no build step.
// ES modules, all in web/app/ (each one is compiled into banterd: server/CMakeLists.txt):
//   app.js     this file: login and logout, the forms and buttons, opening a conversation
//   state.js   what the page knows (memory only; a reload means logging in again)
//   api.js     REST requests and the token refresh
//   chat.js    conversations, history, messages and events, sending, read receipts, typing, presence
//   socket.js  the Socket.IO connection and the `sync` catch-up after every (re)connect
//   view.js    DOM rendering
import { state, resetState } from './state.js';
import { api, onSessionEnded } from './api.js';
import { addConversation, clearTimers, emitSend, loadHistory, loadOlder, markRead, refreshConversations,
  sendMessage, startTyping, stopTyping } from './chat.js';
import { connectSocket, disconnectSocket } from './socket.js';
import { el, keepScrollFromBottom, renderAll, renderConversationList, renderHistoryControls, renderMessages,
  scrollToBottom, setActions, setFormBusy, showError, showSignedIn, showSignedOut } from './view.js';

// Authentication -------------------------------------------------------------------------------------------

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
    case 'unauthorized': return `The sign-in was refused: ${err.message}`;
    case 'account_suspended': return 'This account is suspended.';
    default: return `Could not sign in (${err.code}): ${err.message}`;
  }
}

async function signedIn(body) {
  resetState();
  state.me = body.user;
  state.tokens = { access: body.token, refresh: body.refreshToken };
  showSignedIn(body.user);
  renderAll();
  // The list first, then the socket: the first `sync` fills anything sent between the two.
  try {
    await refreshConversations();
  } catch (err) {
    console.warn('loading the conversations failed', err);
  }
  connectSocket({ onRefused: signedOut });
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
  disconnectSocket();
  clearTimers();
  resetState();
  showSignedOut(message);
  renderAll();
}

onSessionEnded(signedOut);

// Sign-in with an OpenID Connect provider (docs/api.md): banterd runs the code flow and sends the browser back
// to this page (PUBLIC_URL/app/, always on its allow-list) with the outcome in the URL fragment.

const PROVIDER_LABELS = { google: 'Google', facebook: 'Facebook' };

async function offerProviders() {
  let providers = [];
  try {
    providers = (await api('GET', '/api/auth/providers', undefined, { auth: false })).providers ?? [];
  } catch (err) {
    console.warn('listing the sign-in providers failed', err);
  }
  const back = new URL('.', location.href).href; // this page's directory: PUBLIC_URL/app/
  el.authProviderButtons.replaceChildren(...providers.map((provider) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.testid = `auth-provider-${provider.name}`;
    button.textContent = `Sign in with ${PROVIDER_LABELS[provider.name] ?? provider.name}`;
    button.addEventListener('click', () => {
      location.assign(`/api/auth/oidc/${encodeURIComponent(provider.name)}/start?redirect=${encodeURIComponent(back)}`);
    });
    return button;
  }));
  el.authProviders.hidden = providers.length === 0;
}

/** The outcome of a provider sign-in, when the fragment has one; the fragment is removed at once. */
async function takeProviderSignIn() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (!fragment.has('token') && !fragment.has('error')) return;
  history.replaceState(null, '', location.pathname + location.search);
  if (fragment.has('error')) {
    showError(el.authError, authErrorText({ code: fragment.get('error'), message: fragment.get('message') ?? '' }));
    return;
  }
  await signedIn({
    user: { id: fragment.get('userId'), username: fragment.get('username') },
    token: fragment.get('token'),
    refreshToken: fragment.get('refreshToken'),
  });
}

// Conversations --------------------------------------------------------------------------------------------

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

/**
 * Shows a conversation. Its first history page loads on the first open (until then it shows "Loading
 * messages…" next to whatever came with the list or live); the messages are marked read.
 */
async function openConversation(id) {
  const conversation = state.conversations.get(id);
  if (!conversation) return;
  if (state.openId !== id) stopTyping();
  state.openId = id;
  el.composerInput.value = '';
  const history = loadHistory(conversation); // starts before the render: a failed earlier try shows as loading
  renderAll();
  scrollToBottom();
  await history;
  if (state.openId === id) markRead(conversation);
}

async function showOlder() {
  const conversation = state.conversations.get(state.openId);
  if (!conversation) return;
  const restoreScroll = keepScrollFromBottom();
  if (!(await loadOlder(conversation))) return;
  if (state.openId === conversation.id) {
    renderMessages();
    restoreScroll(); // keep what the user was looking at
  }
}

el.loadOlder.addEventListener('click', showOlder);
el.scroller.addEventListener('scroll', () => {
  if (el.scroller.scrollTop < 40) showOlder();
});

el.historyRetry.addEventListener('click', async () => {
  const conversation = state.conversations.get(state.openId);
  if (!conversation) return;
  const history = loadHistory(conversation);
  renderHistoryControls(); // loading again
  await history;
  if (state.openId === conversation.id) markRead(conversation);
});

setActions({
  openConversation,
  retryPending: (conversation, pending) => {
    emitSend(conversation, pending);
    renderMessages();
  },
  dismissPending: (conversation, pending) => {
    conversation.pending.delete(pending.clientMessageId);
    renderMessages();
  },
});

// Composer -------------------------------------------------------------------------------------------------

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

renderAll();
offerProviders();
takeProviderSignIn();
