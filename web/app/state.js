// What the page knows, in memory only (tokens included): a reload means logging in again.
//
// `state` is a live binding: resetState() replaces the object (login, logout) and every importer sees the new
// one. Nothing may keep a reference to an old state object across a reset.

export let state = freshState();

export function resetState() {
  state = freshState();
  return state;
}

function freshState() {
  return {
    me: null, // {id, username, displayName}
    tokens: null, // {access, refresh}
    conversations: new Map(), // id -> conversation record (see addConversation in chat.js)
    openId: null,
    online: new Set(), // user ids known to be online
    socket: null,
    connectedOnce: false,
    listRefresh: null, // the GET /api/chat in flight
    typingSent: null, // {conversationId, lastStart, idleTimer}
    lastAuthRetry: 0, // when a refused CONNECT last made us refresh the tokens
  };
}

/** A conversation's messages in seq order (they are kept in a Map by id, so each shows once). */
export function sortedMessages(conversation) {
  return [...conversation.messages.values()].sort((a, b) => a.seq - b.seq);
}
