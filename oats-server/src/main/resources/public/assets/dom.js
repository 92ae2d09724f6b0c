// Building the page safely: every value from the API becomes a text node or an attribute value,
// never markup. The one exception, the Markdown report, goes through DOMPurify (markdown.js).

/**
 * Creates an element. Attributes whose value is null, undefined or false are left out; `on…`
 * attributes take listeners; children may be nodes, strings, numbers or nested arrays.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const STATUS_LABELS = {
  pending: 'Pending',
  running: 'Running',
  waiting_for_approval: 'Waiting for your approval',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const STATUSES = Object.keys(STATUS_LABELS);

export function statusLabel(status) {
  return STATUS_LABELS[status] ?? String(status);
}

/** A status badge: the word is always there, the colour only repeats it. */
export function badge(status) {
  return h(
    'span',
    { class: `badge badge-${STATUSES.includes(status) ? status : 'unknown'}` },
    statusLabel(status),
  );
}

/** Marks an investigation whose model side is a recording (oats demo); nothing for a live one. */
export function replayBadge(investigation) {
  return investigation.replay
    ? h(
        'span',
        {
          class: 'badge badge-replay',
          title: 'A replay of a recorded investigation against a simulated cluster: no live model',
        },
        'Replay',
      )
    : null;
}

export function isActive(status) {
  return status === 'pending' || status === 'running' || status === 'waiting_for_approval';
}

const NUMBER = new Intl.NumberFormat('en');

export function number(n) {
  return NUMBER.format(n ?? 0);
}

/** 950 ms, 12 s, 3 min 05 s, 1 h 02 min. */
export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long an investigation has run: to its end, or to now while it runs. */
export function elapsed(investigation, now = Date.now()) {
  if (!investigation.started_at) return null;
  const end = investigation.finished_at ? Date.parse(investigation.finished_at) : now;
  return end - Date.parse(investigation.started_at);
}

/** Whether a call's arguments are one shell command and nothing else. */
export function isOneCommand(args) {
  return args != null && typeof args.command === 'string' && Object.keys(args).length === 1;
}

/**
 * A call's arguments as a person should read them, whole (as the server's ApprovalGate.Request
 * writes them): the command line of a single command; otherwise every argument by name, a text of
 * several lines (a script's code) on its own lines indented by two spaces, other values as JSON.
 */
export function argumentsText(args) {
  if (args == null || typeof args !== 'object' || Object.keys(args).length === 0) {
    return '(no arguments)';
  }
  if (isOneCommand(args)) return args.command;
  const names = Object.keys(args).sort((a, b) => (b === 'command') - (a === 'command'));
  return names
    .map((name) => {
      const value = args[name];
      let shown = typeof value === 'string' ? value : JSON.stringify(value);
      if (typeof value !== 'string' && shown.length > 72) shown = JSON.stringify(value, null, 2);
      return /[\r\n]/.test(shown)
        ? `${name}:\n${shown
            .split(/\r\n|\r|\n/)
            .map((line) => `  ${line}`)
            .join('\n')}`
        : `${name}: ${shown}`;
    })
    .join('\n')
    .trimEnd();
}

/** 532 B, 1.2 KB, 3.4 MB: the size of a text in UTF-8. */
export function size(text) {
  const bytes = new TextEncoder().encode(text ?? '').length;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", with the exact time in a title. */
export function when(iso) {
  if (!iso) return h('span', {}, '—');
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const steps = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [Infinity, 'day'],
  ];
  let value = seconds;
  let unit = 'second';
  for (const [per, name] of steps) {
    unit = name;
    if (Math.abs(value) < per) break;
    value = Math.round(value / per);
  }
  const exact = new Date(iso).toLocaleString();
  return h('time', { datetime: iso, title: exact }, RELATIVE.format(value, unit));
}

/** Says something to screen readers through the page's polite live region. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  if (announcer) announcer.textContent = message;
}

/** The investigation page's address. */
export function investigationHref(id) {
  return `#/investigations/${encodeURIComponent(id)}`;
}
