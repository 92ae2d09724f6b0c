import { h } from '../dom.js';

/**
 * The Alertmanager alert that started an investigation, as a card: its status, when it fired and
 * was resolved, how many notifications arrived, the runbook followed, its labels and annotations,
 * a link to the rule in Prometheus, and the whole goal the model was given. Null when no alert
 * started it.
 */
export function alertCard(alert, goal) {
  if (!alert) return null;
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  const pairs = (map) =>
    h(
      'ul',
      { class: 'labels' },
      Object.entries(map ?? {}).map(([k, v]) => h('li', {}, h('code', {}, `${k}=${v}`))),
    );
  const link = safeUrl(alert.generator_url);
  return h(
    'section',
    { class: 'card alert-card', id: 'alert', 'aria-labelledby': 'alert-heading' },
    h('h2', { id: 'alert-heading' }, `Alert ${alert.alertname} (${alert.status})`),
    h(
      'dl',
      { class: 'facts' },
      fact('Firing since', when(alert.starts_at)),
      fact('Resolved', alert.resolved_at ? when(alert.resolved_at) : 'not yet'),
      fact('Notifications', String(alert.deliveries)),
      fact(
        'Runbook',
        alert.runbook ? h('code', { id: 'alert-runbook' }, alert.runbook) : 'none matched',
      ),
      fact('Fingerprint', h('code', {}, alert.fingerprint)),
      fact(
        'Rule',
        link
          ? h('a', { href: link, rel: 'noopener noreferrer', target: '_blank' }, 'in Prometheus')
          : '—',
      ),
    ),
    h('h3', {}, 'Labels'),
    pairs(alert.labels),
    h('h3', {}, 'Annotations'),
    pairs(alert.annotations),
    h(
      'details',
      {},
      h('summary', {}, 'The goal as the model got it'),
      h('pre', { class: 'prose', id: 'alert-goal' }, goal),
    ),
  );
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}

/** Only http(s) links: an alert's URL is whatever its sender wrote. */
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
