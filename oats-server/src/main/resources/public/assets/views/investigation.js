import { api, followEvents } from '../api.js';
import {
  announce, badge, duration, elapsed, h, isActive, number, replace, size,
} from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { alertCard } from './alert.js';

const REFRESH_MS = 5000;

/**
 * One investigation: a banner at the top for any call waiting for approval (the only place to
 * approve or deny, and only while the server says it waits), its facts, the command to follow its
 * logs, a cancel button, the conversation (each question and its answer, rendered like the report),
 * a box to ask a follow-up, and the live timeline of its runs' turns (over the WebSocket).
 */
export function investigation(main, { id }) {
  const heading = h('h1', { tabindex: '-1', class: 'goal', id: 'goal' }, 'Loading…');
  const statusSlot = h('span', { id: 'status' });
  const facts = h('dl', { class: 'facts', id: 'facts' });
  const alertSlot = h('div', { id: 'alert-slot' });
  const failure = h('p', { class: 'failure', id: 'failure-reason', hidden: true });
  const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel', hidden: true },
    'Cancel investigation');
  const actionStatus = h('p', { class: 'muted small', role: 'status', id: 'action-status' });
  const command = h('code', { id: 'logs-command' });
  const copyStatus = h('span', { class: 'muted small', role: 'status', id: 'copy-status' });
  const copy = h('button', { type: 'button', id: 'copy-logs-command' }, 'Copy command');
  const logs = h('section', { class: 'card', 'aria-labelledby': 'logs-heading', hidden: true },
    h('h2', { id: 'logs-heading' }, 'Follow its logs'),
    h('div', { class: 'command' }, h('pre', {}, command), h('div', { class: 'command-actions' }, copy, copyStatus)));
  const report = h('div', { class: 'report markdown', id: 'report' });
  const reportHeading = h('h2', { id: 'report-heading' }, 'Report');
  const reportSection = h('section', { class: 'card', 'aria-labelledby': 'report-heading', hidden: true },
    reportHeading, report);
  const banner = h('section', {
    class: 'approval-banner', id: 'approval-banner', 'aria-labelledby': 'approval-heading',
    role: 'region', hidden: true,
  });
  const conversation = h('ol', { class: 'conversation', id: 'conversation' });
  const conversationSection = h('section', {
    class: 'card', 'aria-labelledby': 'conversation-heading', hidden: true,
  }, h('h2', { id: 'conversation-heading' }, 'Conversation'), conversation);
  const question = h('textarea', {
    id: 'follow-up', name: 'message', rows: 3, required: true,
    'aria-describedby': 'follow-up-status',
    placeholder: 'and why did the memory grow?',
  });
  const ask = h('button', { type: 'submit', class: 'primary', id: 'ask' }, 'Ask');
  const askStatus = h('span', { class: 'muted small', role: 'status', id: 'follow-up-status' });
  const followUp = h('form', { class: 'card follow-up', id: 'follow-up-form', hidden: true },
    h('h2', {}, h('label', { for: 'follow-up' }, 'Ask a follow-up')),
    question, h('div', { class: 'form-actions' }, ask, askStatus));
  const streamState = h('span', { class: 'muted small', id: 'stream-state' }, 'Connecting…');
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/history' }, 'History'), ' / Investigation'),
    banner,
    h('div', { class: 'investigation-head' }, statusSlot, heading),
    facts,
    alertSlot,
    h('div', { class: 'actions-row' }, cancel, actionStatus),
    failure,
    logs,
    conversationSection,
    reportSection,
    followUp,
    h('section', { 'aria-labelledby': 'timeline-heading' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'timeline-heading' }, 'Timeline'), streamState),
      timeline));

  let current = null;
  let stopped = false;
  let refreshTimer = null;
  let pollTimer = null;
  const turns = new Map();
  const approvals = new Map();
  const exchanges = [];
  let run = 0;
  let shownReport = null;
  let bannerCalls = '';
  let stopFollowing = () => {};

  async function refresh() {
    clearTimeout(refreshTimer);
    try {
      const investigation = await api(`/investigations/${encodeURIComponent(id)}`);
      if (!stopped) show(investigation);
    } catch (e) {
      if (stopped) return;
      if (e.status === 404) {
        heading.textContent = 'No such investigation';
        replace(facts);
        replace(failure, e.message);
        failure.hidden = false;
        stopFollowing();
      } else if (e.status !== 401) {
        actionStatus.textContent = `Could not refresh: ${e.message}`;
      }
    }
  }

  const soon = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 200);
  };

  function show(investigation) {
    const first = current === null;
    current = investigation;
    // An alert's goal holds the alert and its runbook: the heading is its first line.
    heading.textContent = investigation.alert
      ? investigation.goal.split('\n')[0] : investigation.goal;
    replace(alertSlot, alertCard(investigation.alert, investigation.goal));
    replace(statusSlot, badge(investigation.status));
    const t = investigation.tokens ?? {};
    replace(facts,
      fact('Namespace', investigation.target_namespace),
      fact('Runner', investigation.runner),
      fact('Job', investigation.job_name ?? '—'),
      fact('Model', investigation.model ?? '—'),
      fact('Turns', `${investigation.turns} of ${investigation.max_turns}`, 'fact-turns'),
      fact('Tokens', h('span', {}, number(investigation.total_tokens),
        h('span', { class: 'muted small' },
          ` (${number(t.input_tokens)} in, ${number(t.output_tokens)} out, `
          + `${number(t.cache_read_tokens)} cache read, ${number(t.cache_write_tokens)} cache write)`)),
      'fact-tokens'),
      fact('Duration', duration(elapsed(investigation)), 'fact-duration'),
      fact('Created', new Date(investigation.created_at).toLocaleString()),
      fact('ID', h('code', {}, investigation.id)));
    if (investigation.command_to_check_logs) {
      command.textContent = investigation.command_to_check_logs;
      logs.hidden = false;
    }
    const active = isActive(investigation.status);
    cancel.hidden = !active;
    if (investigation.failure_reason && !active) {
      replace(failure, h('strong', {}, 'Why it ended: '), investigation.failure_reason);
      failure.hidden = false;
    }
    if (investigation.report && investigation.report !== shownReport) {
      shownReport = investigation.report;
      renderMarkdown(report, investigation.report);
      reportSection.hidden = false;
    }
    renderBanner(investigation.waiting_approvals ?? []);
    followUp.hidden = active;
    if (!active) {
      for (const pending of approvals.values()) pending.close('No longer waiting: the run ended.');
    }
    if (first) document.title = `${heading.textContent} · OATS`;
  }

  // The banner: one entry per call the server says is waiting; nothing else offers a decision.
  function renderBanner(waiting) {
    const calls = waiting.map((a) => a.call_id).join(' ');
    if (calls === bannerCalls) return;
    bannerCalls = calls;
    banner.hidden = waiting.length === 0;
    if (waiting.length === 0) {
      replace(banner);
      return;
    }
    replace(banner,
      h('h2', { id: 'approval-heading' },
        waiting.length === 1 ? 'Waiting for your approval' : `${waiting.length} calls wait for your approval`),
      waiting.map(heldCall));
    announce(`Approval needed: ${waiting[0].tool} wants to run.`);
  }

  function heldCall(held) {
    const decision = h('p', { class: 'decision', role: 'status' });
    const approve = h('button', { type: 'button', class: 'primary approve' }, 'Approve');
    const deny = h('button', { type: 'button', class: 'danger deny' }, 'Deny');
    const left = h('span', { class: 'time-left', 'data-deadline': held.deadline },
      timeLeft(held.deadline));
    const decide = (yes) => async () => {
      approve.disabled = true;
      deny.disabled = true;
      try {
        await api(`/investigations/${encodeURIComponent(id)}/approvals/${encodeURIComponent(held.call_id)}`,
          { method: 'POST', body: { approve: yes, reason: yes ? 'approved in the web UI' : 'denied in the web UI' } });
        decision.textContent = yes ? 'Approved: the run goes on with it.' : 'Denied: the command does not run.';
      } catch (e) {
        decision.textContent = e.status === 409
          ? 'This call is no longer waiting for a decision.'
          : `The decision was not recorded: ${e.message}`;
      }
      approve.remove();
      deny.remove();
      soon();
    };
    approve.addEventListener('click', decide(true));
    deny.addEventListener('click', decide(false));
    return h('div', { class: 'held', 'data-call-id': held.call_id },
      h('p', {}, h('code', { class: 'tool-name' }, held.tool), ` wants to run (${held.reason}):`),
      h('pre', { class: 'held-command' }, h('code', {}, held.command)),
      h('p', { class: 'small' }, 'Denied automatically in ', left, ' if nobody decides.'),
      h('div', { class: 'approval-buttons' }, approve, deny), decision);
  }

  function timeLeft(deadline) {
    const seconds = Math.max(0, Math.round((new Date(deadline) - Date.now()) / 1000));
    return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  }

  // The conversation: every question with its answer; the latest answer is the report below.
  function renderConversation() {
    conversationSection.hidden = exchanges.length < 2;
    replace(conversation, exchanges.map((exchange, i) => {
      const answer = h('div', { class: 'answer markdown' });
      const last = i === exchanges.length - 1;
      if (!last && exchange.answer) renderMarkdown(answer, exchange.answer);
      else if (!last && exchange.failure) answer.append(h('p', { class: 'failure' }, exchange.failure));
      return h('li', { class: 'exchange', 'data-run': i + 1 },
        h('p', { class: 'question' }, i === 0 ? `Goal: ${exchange.question}` : exchange.question),
        last ? h('p', { class: 'muted small' }, exchange.answer || exchange.failure
          ? 'Answered below.' : 'Being answered…') : answer);
    }));
    reportHeading.textContent = exchanges.length > 1 ? 'Latest answer' : 'Report';
  }

  followUp.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = question.value.trim();
    if (!message) {
      askStatus.textContent = 'Write a question first.';
      return;
    }
    ask.disabled = true;
    askStatus.textContent = 'Asking…';
    try {
      const answer = await api(`/investigations/${encodeURIComponent(id)}/messages`,
        { method: 'POST', body: { message } });
      question.value = '';
      askStatus.textContent = answer.message;
      followUp.hidden = true;
      stopFollowing.resume?.();
    } catch (e) {
      askStatus.textContent = e.message;
    } finally {
      ask.disabled = false;
      refresh();
    }
  });

  function fact(term, value, id) {
    return h('div', { class: 'fact', id }, h('dt', {}, term), h('dd', {}, value));
  }

  // The timeline, one event at a time, in order.
  function turnGroup(number, maxTurns) {
    const key = `${run}:${number}`;
    let group = turns.get(key);
    if (!group) {
      const usage = h('span', { class: 'turn-usage muted small' });
      const steps = h('ol', { class: 'steps' });
      const title = h('span', {}, `Turn ${number}`);
      const li = h('li', { class: 'turn', 'data-turn': number, 'data-run': run },
        h('h3', {}, title, usage), steps);
      group = { li, steps, usage, title, tokens: 0, latency: 0 };
      turns.set(key, group);
      timeline.append(li);
    }
    if (maxTurns) group.title.textContent = `Turn ${number} of ${maxTurns}`;
    return group;
  }

  function step(turn, kind, className, ...content) {
    const li = h('li', { class: `step ${className}` },
      h('span', { class: 'step-kind' }, kind), ...content);
    if (turn) turnGroup(turn).steps.append(li);
    else timeline.append(li);
    return li;
  }

  function onEvent({ event }) {
    switch (event.type) {
      case 'started':
        run += 1;
        if (exchanges.length === 0) exchanges.push({ question: event.goal });
        renderConversation();
        step(0, run === 1 ? 'Started' : `Run ${run} started`, 'started',
          h('span', {}, `with ${event.model ?? 'the model'}, at most ${event.max_turns} turns, `
            + `${(event.tools ?? []).length} tools.`));
        break;
      case 'turn_started':
        turnGroup(event.turn, event.max_turns);
        announce(`Turn ${event.turn} of ${event.max_turns} started.`);
        soon();
        break;
      case 'thought':
        step(event.turn, 'Thought', 'thought', h('p', { class: 'prose' }, event.text));
        break;
      case 'tool_call':
        step(event.turn, 'Tool call', 'call', h('code', { class: 'tool-name' }, event.tool),
          event.tool === 'finish'
            ? h('span', { class: 'muted' }, ' with the report.')
            : args(event.arguments));
        break;
      case 'approval_required':
        approval(event);
        break;
      case 'observation':
        observation(event);
        soon();
        break;
      case 'usage': {
        const group = turnGroup(event.turn);
        const u = event.usage ?? {};
        group.tokens += (u.input_tokens ?? 0) + (u.output_tokens ?? 0)
          + (u.cache_read_tokens ?? 0) + (u.cache_write_tokens ?? 0);
        group.latency += event.latency_ms ?? 0;
        group.usage.textContent = ` · ${number(group.tokens)} tokens · ${duration(group.latency)} in the model`;
        soon();
        break;
      }
      case 'context_trimmed':
        step(event.turn, 'Context trimmed', 'note',
          h('span', {}, `${number(event.tokens_before)} → ${number(event.tokens_after)} tokens`
            + (event.what ? `: ${event.what}` : '')));
        break;
      case 'warning':
        step(0, 'Warning', 'warning', h('span', {}, event.message));
        break;
      case 'follow_up_asked':
        exchanges.push({ question: event.message });
        renderConversation();
        step(0, 'Follow-up', 'follow-up', h('p', { class: 'prose' }, event.message));
        break;
      case 'paused':
        step(event.turn, 'Paused', 'note',
          h('span', {}, 'The run waits for a decision on the call; it resumes once someone decides.'));
        refresh();
        break;
      case 'approval_decided': {
        step(0, event.approved ? 'Approved' : 'Denied', 'note',
          h('span', {}, `by ${event.decided_by}: ${event.reason}`));
        const pending = approvals.get(event.call_id);
        if (pending) pending.close(`${event.approved ? 'Approved' : 'Denied'} by ${event.decided_by}.`);
        refresh();
        break;
      }
      case 'finished':
        if (exchanges.length) exchanges[exchanges.length - 1].answer = event.result;
        renderConversation();
        step(0, 'Finished', 'end end-succeeded',
          h('span', {}, `after ${event.turns} turn${event.turns === 1 ? '' : 's'}; the report is above.`));
        announce('The investigation finished. The report is shown above the timeline.');
        refresh();
        break;
      case 'failed':
        if (exchanges.length) exchanges[exchanges.length - 1].failure = event.reason;
        renderConversation();
        step(0, event.kind === 'CANCELLED' ? 'Cancelled' : 'Failed', 'end end-failed is-error',
          h('span', {}, `${event.reason} (${String(event.kind).toLowerCase().replaceAll('_', ' ')}, `
            + `after ${event.turns} turns)`));
        announce(`The investigation ended: ${event.reason}`);
        refresh();
        break;
      case 'alert_received':
        step(0, event.status === 'resolved' ? 'Alert resolved' : 'Alert', 'note',
          h('span', {}, `${event.alertname}: ${event.note}`));
        break;
      case 'runbook_attached':
        step(0, 'Runbook', 'note', h('span', {}, `${event.name}: ${event.description}`));
        break;
      default:
        break;
    }
  }

  function args(arguments_) {
    const text = JSON.stringify(arguments_ ?? {}, null, 2);
    return text === '{}' ? null : h('pre', { class: 'args' }, h('code', {}, text));
  }

  // In the timeline a held call is a record; deciding happens in the banner at the top.
  function approval(event) {
    const decision = h('p', { class: 'decision', role: 'status' },
      'Waiting for a decision: see the banner at the top of the page.');
    const li = step(event.turn, 'Approval needed', 'approval',
      h('p', {}, h('code', { class: 'tool-name' }, event.tool),
        ` may change things (${String(event.side_effect).toLowerCase().replaceAll('_', '-')}).`
        + (event.reason ? ` ${event.reason}` : '')),
      args(event.arguments), decision);
    li.dataset.callId = event.call_id;
    const close = (message) => {
      if (message) decision.textContent = message;
      approvals.delete(event.call_id);
    };
    approvals.set(event.call_id, { close });
    soon();
  }

  function observation(event) {
    const failed = event.status === 'error';
    const output = event.output ?? '';
    const details = [
      event.status === 'error'
        ? h('span', { class: 'obs-status status-error' }, h('span', { 'aria-hidden': 'true' }, '✖ '), 'error')
        : event.status === 'denied' ? h('span', { class: 'obs-status status-denied' }, 'denied')
          : h('span', { class: 'obs-status' }, String(event.status).replaceAll('_', ' ')),
      ` · ${size(output)}`,
      event.duration_ms != null ? ` · ${duration(event.duration_ms)}` : '',
      event.truncated ? ' · cut to fit' : '',
    ];
    step(event.turn, 'Observation', `observation${failed ? ' is-error' : ''}`,
      h('details', {},
        h('summary', {}, h('code', { class: 'tool-name' }, event.tool), ' ', details),
        output ? h('pre', { class: 'output' }, output) : h('p', { class: 'muted' }, 'No output.')),
      event.error ? h('p', { class: 'error-text' }, h('strong', {}, 'Error: '), event.error) : null);
    const pending = approvals.get(event.call_id);
    if (pending) pending.close(event.status === 'denied' ? 'Denied.' : 'Approved.');
  }

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    actionStatus.textContent = 'Cancelling…';
    try {
      const answer = await api(`/investigations/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      actionStatus.textContent = answer.message;
    } catch (e) {
      actionStatus.textContent = e.message;
    } finally {
      cancel.disabled = false;
      refresh();
    }
  });

  copy.addEventListener('click', async () => {
    const text = command.textContent;
    try {
      await navigator.clipboard.writeText(text);
      copyStatus.textContent = 'Copied.';
    } catch (e) {
      // No clipboard access (an insecure origin, say): select it for Ctrl+C instead.
      const range = document.createRange();
      range.selectNodeContents(command);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copyStatus.textContent = 'Selected: press Ctrl+C to copy.';
    }
  });

  const states = {
    live: 'Live', reconnecting: 'Reconnecting…', ended: 'Ended', missing: 'Not found',
  };
  stopFollowing = followEvents(id, {
    onEvent,
    onState: (state) => { streamState.textContent = states[state] ?? state; },
  });
  const ticker = setInterval(() => {
    if (current && isActive(current.status) && current.started_at) {
      const cell = document.querySelector('#fact-duration dd');
      if (cell) cell.textContent = duration(elapsed(current));
    }
    for (const left of banner.querySelectorAll('.time-left')) {
      left.textContent = timeLeft(left.dataset.deadline);
    }
  }, 1000);
  pollTimer = setInterval(refresh, REFRESH_MS);
  refresh();

  return () => {
    stopped = true;
    stopFollowing();
    clearTimeout(refreshTimer);
    clearInterval(pollTimer);
    clearInterval(ticker);
    document.title = 'OATS';
  };
}
