// The Idempotency-Key the pages send with POST /investigate: one per request, kept for its retries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ApiError,
  submitInvestigation,
  submitKeys,
} from '../../main/resources/public/assets/api.js';

const body = { goal: 'why is checkout-api crash-looping?', target_namespace: 'shop' };

test('one key per request: kept while it is the same, new when it changes or is answered', () => {
  const keys = submitKeys();
  const first = keys.keyFor(body);
  assert.match(first, /^[0-9a-f]{32}$/);
  assert.equal(keys.keyFor({ ...body }), first);
  const other = keys.keyFor({ ...body, target_namespace: 'shop-eu' });
  assert.notEqual(other, first);
  keys.answered();
  assert.notEqual(keys.keyFor({ ...body, target_namespace: 'shop-eu' }), other);
});

test('a submit whose answer was lost is retried under the same key; an answered one is not', async () => {
  const keys = submitKeys();
  const sent = [];
  const answers = [
    new ApiError(0, 'unreachable', 'The OATS server does not answer. Is it running?'),
    { job_id: 'a' },
    new ApiError(400, 'invalid', '"goal" is required'),
    { job_id: 'b' },
  ];
  const call = async (path, { method, headers }) => {
    sent.push({ path, method, key: headers['Idempotency-Key'] });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  };
  await assert.rejects(submitInvestigation(body, keys, call), { status: 0 });
  assert.deepEqual(await submitInvestigation(body, keys, call), { job_id: 'a' });
  await assert.rejects(submitInvestigation(body, keys, call), { status: 400 });
  assert.deepEqual(await submitInvestigation(body, keys, call), { job_id: 'b' });

  assert.deepEqual(
    sent.map((s) => [s.path, s.method]),
    Array(4).fill(['/investigate', 'POST']),
  );
  assert.equal(sent[1].key, sent[0].key, 'the retry after a lost answer keeps its key');
  assert.notEqual(sent[2].key, sent[1].key, 'a new submit after an answer gets a new key');
  assert.notEqual(sent[3].key, sent[2].key, 'an answered error frees the key too');
});
