import { api } from '../api.js';
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

const REFRESH_MS = 2000;

/**
 * Calls waiting for approval first, in a banner; then counts by status, what is running now, and
 * what ended lately; refreshes itself.
 */
export function dashboard(main) {
  const waitingBanner = h('section', {
    class: 'approval-banner',
    id: 'waiting-banner',
    'aria-labelledby': 'waiting-heading',
    hidden: true,
  });
  const counts = h('ul', { class: 'counts', 'aria-label': 'Investigations by status' });
  const active = h('div', { class: 'table-area' });
  const recent = h('div', { class: 'table-area' });
  const updated = h('p', { class: 'muted small' });
  replace(
    main,
    h(
      'div',
      { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Dashboard'),
      h('a', { class: 'button primary', href: '#/new' }, 'New investigation'),
    ),
    waitingBanner,
    counts,
    h(
      'section',
      { 'aria-labelledby': 'active-heading' },
      h('h2', { id: 'active-heading' }, 'Active'),
      active,
    ),
    h(
      'section',
      { 'aria-labelledby': 'recent-heading' },
      h('h2', { id: 'recent-heading' }, 'Recently finished'),
      recent,
    ),
    updated,
  );

  let last = '';
  let stopped = false;
  let timer = null;

  async function refresh() {
    try {
      const [byStatus, running, finished] = await Promise.all([
        api('/investigations/counts'),
        api('/investigations?status=pending,running,waiting_for_approval&limit=50'),
        api('/investigations?status=succeeded,failed,cancelled&limit=10'),
      ]);
      if (stopped) return;
      // Re-render only what changed, so keyboard focus and screen readers are left alone.
      const snapshot = JSON.stringify([
        byStatus,
        running.items.map(strip),
        finished.items.map(strip),
      ]);
      if (snapshot !== last) {
        last = snapshot;
        renderCounts(counts, byStatus);
        renderActive(active, running);
        renderRecent(recent, finished);
        await renderWaiting(
          waitingBanner,
          running.items.filter((i) => i.status === 'waiting_for_approval'),
        );
      }
      tick(active);
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every few seconds.`;
    } catch (e) {
      if (stopped) return;
      updated.textContent = `Could not refresh: ${e.message}`;
    } finally {
      if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
  const ticker = setInterval(() => tick(active), 1000);
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(ticker);
  };
}

/** The fields that change what the dashboard shows (not the server's running duration). */
function strip(i) {
  return [i.id, i.status, i.turns, i.max_turns, i.started_at, i.finished_at, i.goal];
}

// The held calls of up to five waiting investigations: what would run, why, and the time left.
async function renderWaiting(banner, waiting) {
  banner.hidden = waiting.length === 0;
  if (waiting.length === 0) return;
  const details = await Promise.all(
    waiting
      .slice(0, 5)
      .map((i) => api(`/investigations/${encodeURIComponent(i.id)}`).catch(() => null)),
  );
  replace(
    banner,
    h(
      'h2',
      { id: 'waiting-heading' },
      `${waiting.length} investigation${waiting.length === 1 ? '' : 's'} waiting for approval`,
    ),
    details.filter(Boolean).map((i) =>
      h(
        'div',
        { class: 'held' },
        h('p', {}, h('a', { href: investigationHref(i.id) }, i.goal)),
        (i.waiting_approvals ?? []).map((a) =>
          h(
            'div',
            { class: 'small' },
            h('pre', { class: 'held-command' }, h('code', {}, a.command)),
            h(
              'p',
              {},
              (a.held_for ?? []).length
                ? `Held because of: ${a.held_for.join(', ')}. `
                : `${a.reason}. `,
              `Denied in ${duration(a.seconds_left * 1000)} unless someone decides.`,
            ),
          ),
        ),
      ),
    ),
  );
}

function renderCounts(list, byStatus) {
  replace(
    list,
    STATUSES.map((status) =>
      h(
        'li',
        { class: `count count-${status}` },
        h('span', { class: 'count-number' }, number(byStatus[status])),
        h('span', { class: 'count-label' }, statusLabel(status)),
      ),
    ),
    h(
      'li',
      { class: 'count count-total' },
      h('span', { class: 'count-number' }, number(byStatus.total)),
      h('span', { class: 'count-label' }, 'Total'),
    ),
  );
}

function goalLink(i) {
  return h('a', { href: investigationHref(i.id), class: 'goal-link' }, i.goal);
}

function renderActive(area, page) {
  if (page.items.length === 0) {
    replace(
      area,
      h(
        'p',
        { class: 'empty' },
        'Nothing is running. ',
        h('a', { href: '#/new' }, 'Start an investigation'),
        '.',
      ),
    );
    return;
  }
  replace(
    area,
    h(
      'table',
      { class: 'list', id: 'active-table' },
      h('caption', { class: 'visually-hidden' }, 'Active investigations'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Goal', 'Namespace', 'Status', 'Turns', 'Elapsed'].map((t) =>
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
            h('td', { 'data-label': 'Goal' }, goalLink(i)),
            h('td', { 'data-label': 'Namespace' }, i.target_namespace),
            h('td', { 'data-label': 'Status' }, badge(i.status)),
            h(
              'td',
              { 'data-label': 'Turns' },
              h(
                'span',
                { class: 'progress-cell' },
                h('progress', {
                  max: i.max_turns,
                  value: i.turns,
                  'aria-label': `Turns used of ${i.max_turns}`,
                }),
                h('span', {}, `${i.turns} / ${i.max_turns}`),
              ),
            ),
            h(
              'td',
              {
                'data-label': 'Elapsed',
                class: 'elapsed',
                'data-started': i.started_at ?? '',
              },
              duration(elapsed(i)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Advances the elapsed times of running investigations between refreshes. */
function tick(area) {
  for (const cell of area.querySelectorAll('td.elapsed[data-started]')) {
    const started = cell.dataset.started;
    cell.textContent = started ? duration(Date.now() - Date.parse(started)) : 'waiting for a slot';
  }
}

function renderRecent(area, page) {
  if (page.items.length === 0) {
    replace(area, h('p', { class: 'empty' }, 'No investigation has finished yet.'));
    return;
  }
  replace(
    area,
    h(
      'table',
      { class: 'list', id: 'recent-table' },
      h('caption', { class: 'visually-hidden' }, 'Recently finished investigations'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Goal', 'Namespace', 'Status', 'Turns', 'Duration', 'Ended'].map((t) =>
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
            h('td', { 'data-label': 'Goal' }, goalLink(i)),
            h('td', { 'data-label': 'Namespace' }, i.target_namespace),
            h('td', { 'data-label': 'Status' }, badge(i.status)),
            h('td', { 'data-label': 'Turns' }, `${i.turns} / ${i.max_turns}`),
            h('td', { 'data-label': 'Duration' }, duration(elapsed(i))),
            h('td', { 'data-label': 'Ended' }, when(i.finished_at)),
          ),
        ),
      ),
    ),
  );
}
