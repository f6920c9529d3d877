// The Socket.IO connection (docs/protocol.md) and the catch-up after every (re)connect.
// The socket.io-client browser bundle (socket.io.min.js, a classic script loaded before the modules) defines
// the global `io`.
//
// Catch-up: every conversation remembers the highest event seq this page has seen (`lastSeq`); on every
// (re)connect the client sends `sync` with those positions and pages until `hasMore` is false.
import { state } from './state.js';
import { refreshTokens } from './api.js';
import { ACK_TIMEOUT_MS, addConversation, applyEvent, dropLostConversations, forgetLiveState, joinConversation, receiveMessage,
  refreshConversations, remoteTyping, resendPending, scheduleRead, setOnline, tombstone } from './chat.js';
import { renderAll, setStatus } from './view.js';

/**
 * Connects with the current access token. `onRefused(message)` is called when the server keeps refusing the
 * CONNECT even with fresh tokens (the session is over).
 */
export function connectSocket({ onRefused }) {
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
      onRefused(`The server refused the connection: ${err.message}`);
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
    forgetLiveState();
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
  // Someone started a conversation with us (or we did, on another device): it shows in the list at once.
  // Its members may be new contacts: `online` says who of them is online (no user:online came for them).
  socket.on('conversation:created', ({ conversation, online }) => {
    if (!conversation) return;
    if (!state.conversations.has(conversation.id)) addConversation(conversation);
    for (const userId of online ?? []) if (userId !== state.me?.id) setOnline(userId, true);
    renderAll();
  });
  socket.on('message:removed', ({ conversationId, messageId }) => tombstone(conversationId, messageId, false));
  socket.on('user:typing', ({ conversationId, userId }) => remoteTyping(conversationId, userId, true));
  socket.on('user:stopped-typing', ({ conversationId, userId }) => remoteTyping(conversationId, userId, false));
  socket.on('user:online', ({ userId }) => setOnline(userId, true));
  socket.on('user:offline', ({ userId }) => setOnline(userId, false));
  // On every connect: the contacts who are online already; user:online / user:offline keep it current.
  socket.on('presence:snapshot', ({ online }) => { for (const userId of online ?? []) setOnline(userId, true); });
  // Only a connected socket can join a conversation: someone joining is online.
  socket.on('user:joined', ({ userId }) => setOnline(userId, true));
  return socket;
}

/** Stops the socket for good (logout): no event of it reaches the page afterwards. */
export function disconnectSocket() {
  const socket = state.socket;
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
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
