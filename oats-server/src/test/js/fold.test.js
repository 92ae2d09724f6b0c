// The investigation page's state is a fold of the event log; these are its rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fold, initial, totalTokens } from '../../main/resources/public/assets/fold.js';

let seq = 0;
const at = (event, time = '2026-01-01T00:00:00Z') => ({ seq: ++seq, at: time, event });
const run = (...events) => events.reduce(fold, initial());

test('a run that finishes: turns, tokens, the answer, and no thinking left', () => {
  const state = run(
    at({ type: 'started', goal: 'why?', model: 'anthropic/claude-sonnet-4-5', max_turns: 15 }),
    at({ type: 'turn_started', turn: 1, max_turns: 15 }),
    at({ type: 'usage', turn: 1, usage: { input_tokens: 10, output_tokens: 5 } }),
    at({ type: 'turn_started', turn: 2, max_turns: 15 }),
    at({ type: 'usage', turn: 2, usage: { input_tokens: 20, cache_read_tokens: 7 } }),
    at({ type: 'finished', result: '## Root cause', turns: 2 }),
  );
  assert.equal(state.status, 'succeeded');
  assert.equal(state.turn, 2);
  assert.equal(totalTokens(state.tokens), 42);
  assert.equal(state.thinking, null);
  assert.deepEqual(state.exchanges, [{ question: 'why?', answer: '## Root cause' }]);
});

test('the model thinks from the start of a turn until it answers', () => {
  const thinking = run(
    at({ type: 'started', goal: 'g', max_turns: 3 }),
    at({ type: 'turn_started', turn: 1, max_turns: 3 }, '2026-01-01T00:00:07Z'),
  );
  assert.deepEqual(thinking.thinking, { turn: 1, since: '2026-01-01T00:00:07Z' });
  assert.equal(fold(thinking, at({ type: 'thought', turn: 1, text: 'hm' })).thinking, null);
});

test('a held call waits; a timeout denies it and the run goes on', () => {
  const held = run(
    at({ type: 'started', goal: 'g', max_turns: 3 }),
    at({ type: 'approval_required', call_id: 'c1', tool: 'bash_executor', reason: 'r' }),
    at({ type: 'paused', turn: 1, call_id: 'c1' }),
  );
  assert.equal(held.status, 'waiting_for_approval');
  assert.deepEqual(Object.keys(held.held), ['c1']);
  const timedOut = fold(
    held,
    at({
      type: 'approval_decided',
      call_id: 'c1',
      approved: false,
      decided_by: 'oats',
      reason: 'nobody decided within 600 s',
    }),
  );
  assert.equal(timedOut.status, 'running');
  assert.deepEqual(timedOut.held, {});
  assert.equal(timedOut.decided.c1.timedOut, true);
  const denied = fold(
    held,
    at({
      type: 'approval_decided',
      call_id: 'c1',
      approved: false,
      decided_by: 'alice',
      reason: 'no',
    }),
  );
  assert.equal(denied.decided.c1.timedOut, false);
});

test('a cancel ends the run as cancelled, not failed', () => {
  const state = run(
    at({ type: 'started', goal: 'g', max_turns: 3 }),
    at({
      type: 'failed',
      kind: 'CANCELLED',
      reason: 'Cancelled while waiting for the model.',
      turns: 1,
    }),
  );
  assert.equal(state.status, 'cancelled');
  assert.equal(state.end.kind, 'CANCELLED');
});

test('a follow-up adds a question and a new run; a replayed event changes nothing', () => {
  const first = run(
    at({ type: 'started', goal: 'g', max_turns: 3 }),
    at({ type: 'finished', result: 'a1', turns: 1 }),
  );
  const replayed = { seq: first.lastSeq, at: '', event: { type: 'failed', kind: 'X' } };
  assert.equal(fold(first, replayed), first);
  const asked = fold(first, at({ type: 'follow_up_asked', run: 2, message: 'and then?' }));
  assert.equal(asked.status, 'pending');
  const second = fold(asked, at({ type: 'started', goal: 'g', max_turns: 3 }));
  assert.equal(second.run, 2);
  assert.deepEqual(
    second.exchanges.map((e) => e.question),
    ['g', 'and then?'],
  );
});
