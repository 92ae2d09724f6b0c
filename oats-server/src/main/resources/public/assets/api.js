// The OATS API as the page uses it. The key lives in sessionStorage (this tab only, gone when it
// closes) and travels only in the X-API-Key header; WebSockets use single-use tickets instead.

const KEY = 'oats.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An error answer of the API: its HTTP status, code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};

/** What to do when the server refuses the key (it was revoked, or the server restarted). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Calls the API; resolves to the parsed JSON, rejects with an ApiError. */
export async function api(
  path,
  { method = 'GET', body, key = session.key(), headers: extra = {} } = {},
) {
  const headers = { Accept: 'application/json', ...extra };
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'The OATS server does not answer. Is it running?');
  }
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    // A body that is not JSON: the status alone tells what happened.
  }
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      data?.error?.code ?? 'http_' + response.status,
      data?.error?.message ?? `The server answered ${response.status}.`,
    );
    if (response.status === 401 && key === session.key()) onUnauthorized(error);
    throw error;
  }
  return data;
}

/** A query string from the entries whose value is set. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value != null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Follows an investigation's events over its WebSocket: stored events first, then live ones. Each
 * connection is opened with a fresh ticket; after a drop it reconnects from the last event seen.
 * Returns a function that stops following; its `resume()` follows again after the stream ended
 * (a follow-up question starts another run).
 */
export function followEvents(id, { onEvent, onState }) {
  let lastSeq = 0;
  let socket = null;
  let timer = null;
  let attempts = 0;
  let done = false;

  const retry = () => {
    if (done) return;
    onState('reconnecting');
    timer = setTimeout(connect, Math.min(5000, 250 * 2 ** attempts++));
  };

  async function connect() {
    let ticket;
    try {
      ({ ticket } = await api('/ws-tickets', { method: 'POST', body: { investigation_id: id } }));
    } catch (e) {
      if (e.status === 401) return;
      retry();
      return;
    }
    if (done) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url =
      `${scheme}//${location.host}/ws/investigations/${encodeURIComponent(id)}` +
      query({ ticket, after: lastSeq || null });
    socket = new WebSocket(url);
    socket.onopen = () => {
      attempts = 0;
      onState('live');
    };
    socket.onmessage = (message) => {
      const recorded = JSON.parse(message.data);
      if (recorded.seq <= lastSeq) return;
      lastSeq = recorded.seq;
      const type = recorded.event?.type;
      if (type === 'finished' || type === 'failed') {
        done = true;
        onState('ended');
      }
      onEvent(recorded);
    };
    socket.onclose = (event) => {
      socket = null;
      if (event.code === 4404) {
        done = true;
        onState('missing');
        return;
      }
      retry();
    };
  }

  connect();
  const stop = () => {
    done = true;
    clearTimeout(timer);
    if (!socket) return;
    // Closing a socket still connecting makes the browser log an error: close it once open.
    if (socket.readyState === WebSocket.CONNECTING) {
      const connecting = socket;
      connecting.onopen = () => connecting.close(1000, 'page left');
      connecting.onmessage = null;
    } else {
      socket.close(1000, 'page left');
    }
  };
  // After a follow-up the investigation runs again: follow it on from the last event seen.
  stop.resume = () => {
    if (!done) return;
    done = false;
    attempts = 0;
    connect();
  };
  return stop;
}

/**
 * The Idempotency-Key of each submit: the same for every retry of one request (its answer was
 * lost, or the button was pressed again), so that the server starts it once; a new one once the
 * server has answered, or when what is submitted changes.
 */
export function submitKeys(random = randomKey) {
  let last = null;
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      if (last === null || last.text !== text) last = { text, key: random() };
      return last.key;
    },
    answered() {
      last = null;
    },
  };
}

/** 128 random bits in hex (crypto.randomUUID needs a secure origin; this does not). */
function randomKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** POST /investigate under the key `keys` gives this request; resolves to the API's answer. */
export async function submitInvestigation(body, keys, call = api) {
  const headers = { 'Idempotency-Key': keys.keyFor(body) };
  try {
    const started = await call('/investigate', { method: 'POST', body, headers });
    keys.answered();
    return started;
  } catch (e) {
    // Unreachable (status 0): the server may have started it; a retry must send the same key.
    if (e.status !== 0) keys.answered();
    throw e;
  }
}
