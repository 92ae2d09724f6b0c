import { api, followEvents, submitInvestigation, submitKeys } from '../api.js';
import {
  argumentsText,
  announce,
  badge,
  duration,
  elapsed,
  h,
  isActive,
  isOneCommand,
  number,
  replace,
  replayBadge,
  size,
} from '../dom.js';
import { fold, initial, totalTokens } from '../fold.js';
import { renderMarkdown } from '../markdown.js';
import { alertCard } from './alert.js';
import { cost, money } from '../pricing.js';

/**
 * One investigation: a banner at the top for any call waiting for approval (the only place to
 * approve or deny, and only while the server says it waits), its facts, the actions (cancel,
 * re-run), the conversation, the report with copy and download, a box to ask a follow-up, the
 * command to follow its logs (folded), and the live timeline of its runs' turns.
 *
 * The live state is a fold of the event stream (fold.js). The investigation's record is read when
 * the page opens and again only when an event says something the events do not carry changed: a
 * call was held (its deadline), decided, or a run ended (the report, who cancelled).
 */
export function investigation(main, { id }) {
  const heading = h('h1', { tabindex: '-1', class: 'goal', id: 'goal' }, 'Loading…');
  const statusSlot = h('span', { id: 'status' });
  const thinking = h('p', { class: 'thinking', id: 'thinking', role: 'status', hidden: true });
  const facts = h('dl', { class: 'facts', id: 'facts' });
  const alertSlot = h('div', { id: 'alert-slot' });
  let shownAlert = null;
  const failure = h('p', { class: 'failure', id: 'failure-reason', hidden: true });
  const cancel = h(
    'button',
    { type: 'button', class: 'danger', id: 'cancel', hidden: true },
    'Cancel investigation',
  );
  const rerun = h('button', { type: 'button', id: 'rerun', hidden: true }, 'Run again');
  const edit = h('a', { class: 'button', id: 'edit-rerun', hidden: true }, 'Edit and run again');
  const actionStatus = h('p', { class: 'muted small', role: 'status', id: 'action-status' });
  const confirmCancel = h(
    'button',
    { type: 'button', class: 'danger', id: 'confirm-cancel' },
    'Cancel investigation',
  );
  const keepRunning = h(
    'button',
    { type: 'button', id: 'keep-running', autofocus: true },
    'Keep it running',
  );
  const dialog = h(
    'dialog',
    {
      id: 'cancel-dialog',
      'aria-labelledby': 'cancel-dialog-heading',
      class: 'dialog',
    },
    h('h2', { id: 'cancel-dialog-heading' }, 'Cancel this investigation?'),
    h(
      'p',
      {},
      'The run stops now: a tool that is running is abandoned and the model is not asked ' +
        'again. What it found so far stays in the timeline. You can run it again later.',
    ),
    h('div', { class: 'dialog-buttons' }, keepRunning, confirmCancel),
  );

  const command = h('code', { id: 'logs-command' });
  const copyStatus = h('span', { class: 'muted small', role: 'status', id: 'copy-status' });
  const copy = h('button', { type: 'button', id: 'copy-logs-command' }, 'Copy command');
  const logsHint = h('p', { class: 'hint', id: 'logs-hint' });
  const logs = h(
    'details',
    { class: 'card logs', id: 'logs', hidden: true },
    h('summary', {}, h('h2', { id: 'logs-heading' }, 'Follow its logs from a terminal')),
    logsHint,
    h(
      'div',
      { class: 'command' },
      h('pre', {}, command),
      h('div', { class: 'command-actions' }, copy, copyStatus),
    ),
  );

  const report = h('div', { class: 'report markdown', id: 'report' });
  const reportHeading = h('h2', { id: 'report-heading' }, 'Report');
  const reportStatus = h('span', { class: 'muted small', role: 'status', id: 'report-status' });
  const copyReport = h('button', { type: 'button', id: 'copy-report' }, 'Copy Markdown');
  const downloadReport = h('a', { class: 'button', id: 'download-report' }, 'Download .md');
  const reportSection = h(
    'section',
    { class: 'card', 'aria-labelledby': 'report-heading', hidden: true },
    h(
      'div',
      { class: 'section-head report-head' },
      reportHeading,
      h('div', { class: 'report-actions' }, copyReport, downloadReport, reportStatus),
    ),
    report,
  );
  const banner = h('section', {
    class: 'approval-banner',
    id: 'approval-banner',
    'aria-labelledby': 'approval-heading',
    role: 'region',
    hidden: true,
  });
  const outcome = h('p', { class: 'notice', id: 'approval-outcome', role: 'status', hidden: true });
  const conversation = h('ol', { class: 'conversation', id: 'conversation' });
  const conversationSection = h(
    'section',
    {
      class: 'card',
      'aria-labelledby': 'conversation-heading',
      hidden: true,
    },
    h('h2', { id: 'conversation-heading' }, 'Conversation'),
    conversation,
  );
  const question = h('textarea', {
    id: 'follow-up',
    name: 'message',
    rows: 3,
    required: true,
    'aria-describedby': 'follow-up-status',
    placeholder: 'and why did the memory grow?',
  });
  const ask = h('button', { type: 'submit', class: 'primary', id: 'ask' }, 'Ask');
  const askStatus = h('span', { class: 'muted small', role: 'status', id: 'follow-up-status' });
  const followUp = h(
    'form',
    { class: 'card follow-up', id: 'follow-up-form', hidden: true },
    h('h2', {}, h('label', { for: 'follow-up' }, 'Ask a follow-up')),
    question,
    h('div', { class: 'form-actions' }, ask, askStatus),
  );
  const streamState = h('span', { class: 'muted small', id: 'stream-state' }, 'Connecting…');
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });

  replace(
    main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/history' }, 'History'), ' / Investigation'),
    banner,
    outcome,
    h('div', { class: 'investigation-head' }, statusSlot, heading),
    thinking,
    facts,
    alertSlot,
    h('div', { class: 'actions-row' }, cancel, rerun, edit, actionStatus),
    failure,
    conversationSection,
    reportSection,
    followUp,
    logs,
    h(
      'section',
      { 'aria-labelledby': 'timeline-heading' },
      h(
        'div',
        { class: 'section-head' },
        h('h2', { id: 'timeline-heading' }, 'Timeline'),
        streamState,
      ),
      timeline,
    ),
    dialog,
  );

  let record = null;
  let state = initial();
  let stopped = false;
  let cancelRequested = false;
  let refreshTimer = null;
  const turns = new Map();
  const approvals = new Map();
  let shownReport = null;
  let bannerCalls = '';
  let stopFollowing = () => {};

  async function refresh() {
    clearTimeout(refreshTimer);
    try {
      const investigation = await api(`/investigations/${encodeURIComponent(id)}`);
      if (stopped) return;
      record = investigation;
      render();
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

  // Several events in a burst (a decision, then the resumed run) need one read, not one each.
  const soon = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 150);
  };

  /** The status: the stream's when it has said anything, else the record's. */
  function status() {
    return state.status ?? record?.status;
  }

  function render() {
    if (!record) return;
    const first = heading.textContent === 'Loading…';
    // An alert's goal holds the alert and its runbook: the heading is its first line.
    heading.textContent = record.alert ? record.goal.split('\n')[0] : record.goal;
    // Drawn again only when the alert changed: a redraw would close its open details.
    const alertNow = JSON.stringify(record.alert ?? null);
    if (alertNow !== shownAlert) {
      shownAlert = alertNow;
      replace(alertSlot, alertCard(record.alert, record.goal));
    }
    const now = status();
    replace(statusSlot, badge(now), ' ', replayBadge(record));
    renderFacts();
    renderThinking();
    const active = isActive(now);
    cancel.hidden = !active || cancelRequested;
    rerun.hidden = active;
    edit.hidden = active;
    edit.href = `#/new?${new URLSearchParams({ goal: record.goal, namespace: record.target_namespace })}`;
    renderEnd(active);
    if (record.report && record.report !== shownReport) {
      shownReport = record.report;
      renderMarkdown(report, record.report);
      reportSection.hidden = false;
    }
    renderLogs();
    renderBanner(active ? (record.waiting_approvals ?? []) : []);
    renderOutcome();
    followUp.hidden = active;
    if (!active) {
      for (const pending of approvals.values()) pending.close('No longer waiting: the run ended.');
    }
    if (first) document.title = `${heading.textContent} · OATS`;
  }

  function renderFacts() {
    // Live numbers come from the fold; the record fills in before the stream has replayed.
    const tokens = state.lastSeq ? state.tokens : (record.tokens ?? {});
    const total = state.lastSeq ? totalTokens(state.tokens) : record.total_tokens;
    const model = state.model ?? record.model;
    const dollars = cost(model, tokens);
    const turnsUsed = state.lastSeq && state.run > 0 ? state.turn : record.turns;
    const approvedBy = (record.decisions ?? [])
      .filter((d) => d.status === 'approved')
      .map((d) => d.decided_by);
    replace(
      facts,
      fact('Namespace', record.target_namespace),
      fact('Runner', record.runner),
      // A local run has no Job, though the API names one for the seed's sake.
      record.job_name && record.runner !== 'local'
        ? fact('Job', record.job_name, 'fact-job')
        : null,
      fact('Model', model ?? '—'),
      fact('Turns', `${turnsUsed} of ${state.maxTurns ?? record.max_turns}`, 'fact-turns'),
      fact(
        'Tokens',
        h(
          'span',
          {},
          number(total),
          dollars != null ? h('span', { class: 'cost', id: 'cost' }, ` · ${money(dollars)}`) : null,
          h(
            'span',
            { class: 'muted small tokens-detail' },
            ` (${number(tokens.input_tokens)} in, ${number(tokens.output_tokens)} out, ` +
              `${number(tokens.cache_read_tokens)} cache read, ` +
              `${number(tokens.cache_write_tokens)} cache write)`,
          ),
        ),
        'fact-tokens',
      ),
      fact('Duration', duration(elapsed(record)), 'fact-duration'),
      fact('Started by', record.started_by ?? '—', 'fact-started-by'),
      approvedBy.length
        ? fact('Approved by', [...new Set(approvedBy)].join(', '), 'fact-approved-by')
        : null,
      fact('Created', new Date(record.created_at).toLocaleString()),
      fact('ID', h('code', {}, record.id)),
    );
  }

  function renderThinking() {
    const t = state.thinking;
    thinking.hidden = !t || !isActive(status());
    if (thinking.hidden) return;
    const since = t.since ? Date.parse(t.since) : Date.now();
    replace(
      thinking,
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      ` The model is thinking (turn ${t.turn}) · ${duration(Math.max(0, Date.now() - since))}`,
    );
  }

  function renderEnd(active) {
    const now = status();
    if (active) {
      failure.hidden = true;
      return;
    }
    if (now === 'cancelled') {
      const by = record.cancelled_by;
      replace(
        failure,
        h('strong', {}, by ? `Cancelled by ${by}.` : 'Cancelled.'),
        ' What it found so far is in the timeline below.',
      );
      failure.className = 'ended-note';
      failure.hidden = false;
      if (cancelRequested) actionStatus.textContent = by ? `Cancelled by ${by}.` : 'Cancelled.';
    } else if (now === 'failed' && (record.failure_reason || state.end?.reason)) {
      replace(
        failure,
        h('strong', {}, 'Why it ended: '),
        state.end?.reason ?? record.failure_reason,
      );
      failure.className = 'failure';
      failure.hidden = false;
    } else {
      failure.hidden = true;
    }
  }

  function renderLogs() {
    if (!record.command_to_check_logs) return;
    command.textContent = record.command_to_check_logs;
    logsHint.textContent = record.command_to_check_logs.includes('OATS_API_KEY')
      ? 'It reads your API key from $OATS_API_KEY: set it first in that terminal ' +
        '(export OATS_API_KEY=…, the key you signed in with). This page already shows the same ' +
        'events live.'
      : 'Run it where kubectl reaches the cluster that runs the Job.';
    logs.hidden = false;
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
    replace(
      banner,
      h(
        'h2',
        { id: 'approval-heading' },
        waiting.length === 1
          ? 'Waiting for your approval'
          : `${waiting.length} calls wait for your approval`,
      ),
      waiting.map(heldCall),
    );
    outcome.hidden = true;
    announce(`Approval needed: ${waiting[0].tool} wants to run.`);
  }

  // After a decision, what happened, said at the top where the banner was.
  function renderOutcome() {
    const decided = Object.values(state.decided);
    if (!decided.length || !banner.hidden) return;
    const last = decided[decided.length - 1];
    outcome.textContent = last.timedOut
      ? `Denied by timeout: ${last.reason}. The command did not run; the investigation went on without it.`
      : last.approved
        ? `Approved by ${last.by}: the command ran and the investigation went on.`
        : `Denied by ${last.by}: the command did not run; the investigation went on without it.`;
    outcome.hidden = false;
  }

  function heldCall(held) {
    const decision = h('p', { class: 'decision', role: 'status' });
    const approve = h('button', { type: 'button', class: 'primary approve' }, 'Approve');
    const deny = h('button', { type: 'button', class: 'danger deny' }, 'Deny');
    const left = h(
      'span',
      { class: 'time-left', 'data-deadline': held.deadline },
      timeLeft(held.deadline),
    );
    const decide = (yes) => async () => {
      approve.disabled = true;
      deny.disabled = true;
      try {
        await api(
          `/investigations/${encodeURIComponent(id)}/approvals/${encodeURIComponent(held.call_id)}`,
          {
            method: 'POST',
            body: { approve: yes, reason: yes ? 'approved in the web UI' : 'denied in the web UI' },
          },
        );
        decision.textContent = yes
          ? 'Approved: the run goes on with it.'
          : 'Denied: the command does not run.';
      } catch (e) {
        decision.textContent =
          e.status === 409
            ? 'This call is no longer waiting for a decision.'
            : `The decision was not recorded: ${e.message}`;
      }
      approve.remove();
      deny.remove();
      soon();
    };
    approve.addEventListener('click', decide(true));
    deny.addEventListener('click', decide(false));
    const parts = held.held_for ?? [];
    return h(
      'div',
      { class: 'held', 'data-call-id': held.call_id },
      h(
        'p',
        {},
        h('code', { class: 'tool-name' }, held.tool),
        isOneCommand(held.arguments) ? ' wants to run this command:' : ' wants to run this:',
      ),
      h('pre', { class: 'held-command' }, h('code', {}, held.command)),
      parts.length
        ? h(
            'p',
            { class: 'held-for' },
            'Held for approval because of: ',
            parts.map((part, i) => [i ? ', ' : '', h('strong', { class: 'held-part' }, part)]),
            '.',
          )
        : h('p', { class: 'held-for' }, `Held for approval: ${held.reason}.`),
      h(
        'p',
        { class: 'small' },
        'Denied automatically in ',
        left,
        ' if nobody decides; the investigation then goes on without it.',
      ),
      h('div', { class: 'approval-buttons' }, approve, deny),
      decision,
    );
  }

  function timeLeft(deadline) {
    const seconds = Math.max(0, Math.round((new Date(deadline) - Date.now()) / 1000));
    return seconds >= 60
      ? `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`
      : `${seconds} s`;
  }

  // The conversation: every question with its answer; the latest answer is the report below.
  function renderConversation() {
    const exchanges = state.exchanges;
    conversationSection.hidden = exchanges.length < 2;
    replace(
      conversation,
      exchanges.map((exchange, i) => {
        const answer = h('div', { class: 'answer markdown' });
        const last = i === exchanges.length - 1;
        if (!last && exchange.answer) renderMarkdown(answer, exchange.answer);
        else if (!last && exchange.failure)
          answer.append(h('p', { class: 'failure' }, exchange.failure));
        return h(
          'li',
          { class: 'exchange', 'data-run': i + 1 },
          h('p', { class: 'question' }, i === 0 ? `Goal: ${exchange.question}` : exchange.question),
          last
            ? h(
                'p',
                { class: 'muted small' },
                exchange.answer || exchange.failure ? 'Answered below.' : 'Being answered…',
              )
            : answer,
        );
      }),
    );
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
      const answer = await api(`/investigations/${encodeURIComponent(id)}/messages`, {
        method: 'POST',
        body: { message },
      });
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

  function fact(term, value, factId) {
    return h('div', { class: 'fact', id: factId }, h('dt', {}, term), h('dd', {}, value));
  }

  // The timeline, one event at a time, in order.
  function turnGroup(turnNumber, maxTurns) {
    const key = `${state.run}:${turnNumber}`;
    let group = turns.get(key);
    if (!group) {
      const usage = h('span', { class: 'turn-usage muted small' });
      const steps = h('ol', { class: 'steps' });
      const title = h('span', {}, `Turn ${turnNumber}`);
      const li = h(
        'li',
        { class: 'turn', 'data-turn': turnNumber, 'data-run': state.run },
        h('h3', {}, title, usage),
        steps,
      );
      group = { li, steps, usage, title, tokens: 0, latency: 0 };
      turns.set(key, group);
      timeline.append(li);
    }
    if (maxTurns) group.title.textContent = `Turn ${turnNumber} of ${maxTurns}`;
    return group;
  }

  function step(turn, kind, className, ...content) {
    const li = h(
      'li',
      { class: `step ${className}` },
      h('span', { class: 'step-kind' }, kind),
      ...content,
    );
    if (turn) turnGroup(turn).steps.append(li);
    else timeline.append(li);
    return li;
  }

  function onEvent(recorded) {
    const before = state;
    state = fold(state, recorded);
    if (state === before) return;
    const { event } = recorded;
    drawStep(event);
    if (
      ['approval_required', 'approval_decided', 'finished', 'failed', 'started'].includes(
        event.type,
      )
    ) {
      soon();
    }
    render();
  }

  function drawStep(event) {
    switch (event.type) {
      case 'started':
        renderConversation();
        step(
          0,
          state.run === 1 ? 'Started' : `Run ${state.run} started`,
          'started',
          h(
            'span',
            {},
            `with ${event.model ?? 'the model'}, at most ${event.max_turns} turns, ` +
              `${(event.tools ?? []).length} tools.`,
          ),
        );
        break;
      case 'turn_started':
        turnGroup(event.turn, event.max_turns);
        announce(`Turn ${event.turn} of ${event.max_turns} started.`);
        break;
      case 'thought':
        step(event.turn, 'Thought', 'thought', h('p', { class: 'prose' }, event.text));
        break;
      case 'tool_call':
        step(
          event.turn,
          'Tool call',
          'call',
          h('code', { class: 'tool-name' }, event.tool),
          event.tool === 'finish'
            ? h('span', { class: 'muted' }, ' with the report.')
            : args(event.arguments),
        );
        break;
      case 'approval_required':
        approval(event);
        break;
      case 'observation':
        observation(event);
        break;
      case 'usage': {
        const group = turnGroup(event.turn);
        const u = event.usage ?? {};
        group.tokens += totalTokens(u);
        group.latency += event.latency_ms ?? 0;
        group.usage.textContent = ` · ${number(group.tokens)} tokens · ${duration(group.latency)} in the model`;
        break;
      }
      case 'context_trimmed':
        step(
          event.turn,
          'Context trimmed',
          'note',
          h(
            'span',
            {},
            `${number(event.tokens_before)} → ${number(event.tokens_after)} tokens` +
              (event.what ? `: ${event.what}` : ''),
          ),
        );
        break;
      case 'warning':
        step(0, 'Warning', 'warning', h('span', {}, event.message));
        break;
      case 'alert_received':
        step(
          0,
          event.status === 'resolved' ? 'Alert resolved' : 'Alert',
          'note',
          h('span', {}, `${event.alertname}: ${event.note}`),
        );
        break;
      case 'runbook_attached':
        step(0, 'Runbook', 'note', h('span', {}, `${event.name}: ${event.description}`));
        break;
      case 'follow_up_asked':
        renderConversation();
        step(0, 'Follow-up', 'follow-up', h('p', { class: 'prose' }, event.message));
        break;
      case 'paused':
        step(
          event.turn,
          'Paused',
          'note',
          h(
            'span',
            {},
            'The run waits for a decision on the call; it resumes once someone decides.',
          ),
        );
        break;
      case 'approval_decided': {
        const decided = state.decided[event.call_id];
        const label = decided?.timedOut
          ? 'Denied by timeout'
          : event.approved
            ? 'Approved'
            : 'Denied';
        step(
          0,
          label,
          'note',
          h(
            'span',
            {},
            decided?.timedOut
              ? `${event.reason}: the command did not run and the investigation goes on without it.`
              : `by ${event.decided_by}: ${event.reason}`,
          ),
        );
        const pending = approvals.get(event.call_id);
        if (pending) {
          pending.close(
            decided?.timedOut
              ? 'Denied by timeout: nobody decided in time. The investigation went on without it.'
              : `${event.approved ? 'Approved' : 'Denied'} by ${event.decided_by}.`,
          );
        }
        break;
      }
      case 'finished':
        renderConversation();
        step(
          0,
          'Finished',
          'end end-succeeded',
          h(
            'span',
            {},
            `after ${event.turns} turn${event.turns === 1 ? '' : 's'}; the report is above.`,
          ),
        );
        announce('The investigation finished. The report is shown above the timeline.');
        break;
      case 'failed': {
        renderConversation();
        const cancelled = event.kind === 'CANCELLED';
        step(
          0,
          cancelled ? 'Cancelled' : 'Failed',
          cancelled ? 'end end-cancelled' : 'end end-failed is-error',
          h(
            'span',
            {},
            `${event.reason} (${cancelled ? '' : `${String(event.kind).toLowerCase().replaceAll('_', ' ')}, `}` +
              `after ${event.turns} turn${event.turns === 1 ? '' : 's'})`,
          ),
        );
        announce(
          cancelled
            ? 'The investigation was cancelled.'
            : `The investigation ended: ${event.reason}`,
        );
        break;
      }
      default:
        break;
    }
  }

  function args(arguments_) {
    if (arguments_ == null || Object.keys(arguments_).length === 0) return null;
    // A command reads as a command, a script as its lines, each argument by name: wrapped in
    // full, never as one clipped JSON line.
    return h(
      'pre',
      { class: isOneCommand(arguments_) ? 'args command-text' : 'args' },
      h('code', {}, argumentsText(arguments_)),
    );
  }

  // In the timeline a held call is a record; deciding happens in the banner at the top.
  function approval(event) {
    const decision = h(
      'p',
      { class: 'decision', role: 'status' },
      'Waiting for a decision: see the banner at the top of the page.',
    );
    const li = step(
      event.turn,
      'Approval needed',
      'approval',
      h(
        'p',
        {},
        h('code', { class: 'tool-name' }, event.tool),
        ` may change things (${String(event.side_effect).toLowerCase().replaceAll('_', '-')}).` +
          (event.reason ? ` ${event.reason}` : ''),
      ),
      args(event.arguments),
      decision,
    );
    li.dataset.callId = event.call_id;
    const close = (message) => {
      if (message) decision.textContent = message;
      approvals.delete(event.call_id);
    };
    approvals.set(event.call_id, { close });
  }

  function observation(event) {
    const failed = event.status === 'error';
    const output = event.output ?? '';
    const details = [
      event.status === 'error'
        ? h(
            'span',
            { class: 'obs-status status-error' },
            h('span', { 'aria-hidden': 'true' }, '✖ '),
            'error',
          )
        : event.status === 'denied'
          ? h('span', { class: 'obs-status status-denied' }, 'denied')
          : h('span', { class: 'obs-status' }, String(event.status).replaceAll('_', ' ')),
      ` · ${size(output)}`,
      event.duration_ms != null ? ` · ${duration(event.duration_ms)}` : '',
      event.truncated ? ' · cut to fit' : '',
    ];
    step(
      event.turn,
      'Observation',
      `observation${failed ? ' is-error' : ''}`,
      h(
        'details',
        {},
        h('summary', {}, h('code', { class: 'tool-name' }, event.tool), ' ', details),
        output ? h('pre', { class: 'output' }, output) : h('p', { class: 'muted' }, 'No output.'),
      ),
      event.error ? h('p', { class: 'error-text' }, h('strong', {}, 'Error: '), event.error) : null,
    );
    const pending = approvals.get(event.call_id);
    if (pending && !state.decided[event.call_id]) {
      pending.close(event.status === 'denied' ? 'Denied.' : 'Approved.');
    }
  }

  cancel.addEventListener('click', () => {
    dialog.showModal();
    keepRunning.focus();
  });
  keepRunning.addEventListener('click', () => dialog.close());
  confirmCancel.addEventListener('click', async () => {
    dialog.close();
    cancelRequested = true;
    cancel.hidden = true;
    actionStatus.textContent = 'Cancelling…';
    try {
      const answer = await api(`/investigations/${encodeURIComponent(id)}/cancel`, {
        method: 'POST',
      });
      // "Cancelling…" until the run's end arrives on the stream; render() then says who cancelled.
      if (isActive(status()))
        actionStatus.textContent = answer.message === 'Cancelled.' ? 'Cancelled.' : 'Cancelling…';
    } catch (e) {
      cancelRequested = false;
      actionStatus.textContent = e.message;
    } finally {
      refresh();
    }
  });

  const rerunKeys = submitKeys();
  rerun.addEventListener('click', async () => {
    rerun.disabled = true;
    actionStatus.textContent = 'Starting it again…';
    try {
      const started = await submitInvestigation(
        { goal: record.goal, target_namespace: record.target_namespace },
        rerunKeys,
      );
      location.hash = `#/investigations/${encodeURIComponent(started.job_id)}`;
    } catch (e) {
      actionStatus.textContent = e.message;
    } finally {
      rerun.disabled = false;
    }
  });

  async function copyText(text, statusElement, fallbackNode) {
    try {
      await navigator.clipboard.writeText(text);
      statusElement.textContent = 'Copied.';
    } catch (e) {
      // No clipboard access (an insecure origin, say): select it for Ctrl+C instead.
      const range = document.createRange();
      range.selectNodeContents(fallbackNode);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      statusElement.textContent = 'Selected: press Ctrl+C to copy.';
    }
  }

  copy.addEventListener('click', () => copyText(command.textContent, copyStatus, command));
  copyReport.addEventListener('click', () => copyText(shownReport ?? '', reportStatus, report));
  // The download is made in the page from the Markdown it already has: no request, no key in a URL.
  downloadReport.addEventListener('click', () => {
    const blob = new Blob([shownReport ?? ''], { type: 'text/markdown;charset=utf-8' });
    downloadReport.href = URL.createObjectURL(blob);
    downloadReport.download = `oats-report-${id.slice(0, 8)}.md`;
    setTimeout(() => URL.revokeObjectURL(downloadReport.href), 10000);
  });

  const states = {
    live: 'Live',
    reconnecting: 'Reconnecting…',
    ended: 'Ended',
    missing: 'Not found',
  };
  stopFollowing = followEvents(id, {
    onEvent,
    onState: (streamStatus) => {
      streamState.textContent = states[streamStatus] ?? streamStatus;
    },
  });
  // Clocks only: the elapsed time, the thinking time and the approval countdown. No polling.
  const ticker = setInterval(() => {
    if (record && isActive(status()) && record.started_at) {
      const cell = document.querySelector('#fact-duration dd');
      if (cell) cell.textContent = duration(elapsed(record));
    }
    renderThinking();
    for (const left of banner.querySelectorAll('.time-left')) {
      left.textContent = timeLeft(left.dataset.deadline);
    }
  }, 1000);
  refresh();

  return () => {
    stopped = true;
    stopFollowing();
    clearTimeout(refreshTimer);
    clearInterval(ticker);
    if (dialog.open) dialog.close();
    document.title = 'OATS';
  };
}
