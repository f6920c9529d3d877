// REST (docs/api.md): JSON requests with the access token, and the token refresh.
import { state } from './state.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

let refreshing = null;
let sessionEnded = () => {};

/** Called with a message for the user when the refresh token is refused: the session is over. */
export function onSessionEnded(handler) {
  sessionEnded = handler;
}

/** One JSON request. A 401 on an authenticated route refreshes the tokens once and repeats the request. */
export async function api(method, path, body, { auth = true, retried = false } = {}) {
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
export function refreshTokens() {
  if (!refreshing) {
    const tokens = state.tokens;
    refreshing = (async () => {
      if (!tokens?.refresh) throw new ApiError(401, 'unauthorized', 'not signed in');
      let body;
      try {
        body = await api('POST', '/api/auth/refresh-token', { refreshToken: tokens.refresh }, { auth: false });
      } catch (err) {
        if (err.status === 401) sessionEnded('Your session has ended. Please log in again.');
        throw err;
      }
      if (state.tokens === tokens) state.tokens = { access: body.token, refresh: body.refreshToken };
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}
