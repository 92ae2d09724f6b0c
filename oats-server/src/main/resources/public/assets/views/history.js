import { api, query } from '../api.js';
import {
  badge,
  duration,
  elapsed,
  h,
  investigationHref,
  number,
  replace,
  STATUSES,
  statusLabel,
  when,
} from '../dom.js';

const PAGE = 20;
const DEBOUNCE_MS = 300;

/**
 * Every investigation, newest first: search by goal, filter by status and by the start of the
 * namespace, paged. Filters apply as they are typed (after a short pause); Enter applies at once.
 */
export function historyView(main, { params }) {
  const state = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    namespace: params.get('namespace') ?? '',
    offset: Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0),
    limit: Math.min(
      200,
      Math.max(1, Number.parseInt(params.get('limit') ?? `${PAGE}`, 10) || PAGE),
    ),
  };

  const q = h('input', { id: 'history-q', type: 'search', name: 'q', value: state.q });
  const status = h(
    'select',
    { id: 'history-status', name: 'status' },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === state.status }, statusLabel(s))),
  );
  const namespace = h('input', {
    id: 'history-namespace',
    type: 'text',
    name: 'namespace',
    value: state.namespace,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { class: 'filters card', role: 'search', 'aria-label': 'Search history' },
    h('div', { class: 'field' }, h('label', { for: 'history-q' }, 'Goal contains'), q),
    h('div', { class: 'field' }, h('label', { for: 'history-status' }, 'Status'), status),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'history-namespace' }, 'Namespace starts with'),
      namespace,
    ),
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
    ),
  );
  const summary = h('p', { id: 'history-summary', role: 'status', tabindex: '-1' });
  const results = h('div', { class: 'table-area' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });

  replace(main, h('h1', { tabindex: '-1' }, 'History'), form, summary, results, pager);

  let stopped = false;
  let loads = 0;

  let debounce = null;
  function apply(push) {
    clearTimeout(debounce);
    const wanted = { q: q.value.trim(), status: status.value, namespace: namespace.value.trim() };
    if (
      wanted.q === state.q &&
      wanted.status === state.status &&
      wanted.namespace === state.namespace
    )
      return;
    Object.assign(state, wanted, { offset: 0 });
    load(push);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply(true);
  });
  // Typing replaces the address rather than adding a history entry per pause.
  const later = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => apply(false), DEBOUNCE_MS);
  };
  q.addEventListener('input', later);
  namespace.addEventListener('input', later);
  status.addEventListener('change', () => apply(true));

  async function load(push = true) {
    // The address keeps the search, so it can be bookmarked and Back works; no re-render.
    const limit = state.limit === PAGE ? null : state.limit;
    const address = `#/history${query({ ...state, offset: state.offset || null, limit })}`;
    if (location.hash !== address) history[push ? 'pushState' : 'replaceState'](null, '', address);
    summary.textContent = 'Searching…';
    const mine = ++loads;
    try {
      const page = await api(
        `/investigations${query({
          q: state.q,
          status: state.status,
          namespace_prefix: state.namespace,
          limit: state.limit,
          offset: state.offset,
        })}`,
      );
      // An answer to a search typed over since is dropped: only the latest one shows.
      if (stopped || mine !== loads) return;
      render(page);
    } catch (e) {
      if (!stopped && mine === loads) summary.textContent = `Could not search: ${e.message}`;
    }
  }

  function render(page) {
    const first = page.total === 0 ? 0 : page.offset + 1;
    const lastShown = page.offset + page.items.length;
    summary.textContent =
      page.total === 0
        ? state.q || state.status || state.namespace
          ? 'No investigation matches.'
          : 'No investigations yet: start one from New investigation.'
        : `Showing ${number(first)}–${number(lastShown)} of ${number(page.total)}.`;
    replace(
      results,
      page.items.length === 0
        ? null
        : h(
            'table',
            { class: 'list', id: 'history-table' },
            h('caption', { class: 'visually-hidden' }, 'Investigations'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Goal', 'Namespace', 'Status', 'Turns', 'Tokens', 'Duration', 'Created'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              page.items.map((i) =>
                h(
                  'tr',
                  { 'data-id': i.id },
                  h(
                    'td',
                    { 'data-label': 'Goal' },
                    h('a', { href: investigationHref(i.id) }, i.goal),
                  ),
                  h('td', { 'data-label': 'Namespace' }, i.target_namespace),
                  h('td', { 'data-label': 'Status' }, badge(i.status)),
                  h('td', { 'data-label': 'Turns' }, `${i.turns} / ${i.max_turns}`),
                  h('td', { 'data-label': 'Tokens' }, number(i.total_tokens)),
                  h('td', { 'data-label': 'Duration' }, duration(elapsed(i))),
                  h('td', { 'data-label': 'Created' }, when(i.created_at)),
                ),
              ),
            ),
          ),
    );

    const pages = Math.max(1, Math.ceil(page.total / state.limit));
    const current = Math.floor(state.offset / state.limit) + 1;
    const go = (offset) => () => {
      state.offset = offset;
      load().then(() => summary.focus());
    };
    replace(
      pager,
      h(
        'button',
        {
          type: 'button',
          id: 'page-previous',
          disabled: current <= 1,
          onclick: go(Math.max(0, state.offset - state.limit)),
        },
        'Previous',
      ),
      h('span', { id: 'page-number' }, `Page ${number(current)} of ${number(pages)}`),
      h(
        'button',
        {
          type: 'button',
          id: 'page-next',
          disabled: current >= pages,
          onclick: go(state.offset + state.limit),
        },
        'Next',
      ),
    );
  }

  // Back and Forward between searches change the hash, which renders this page anew.
  load(false);
  return () => {
    stopped = true;
    clearTimeout(debounce);
  };
}
