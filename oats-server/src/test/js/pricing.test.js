import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cost, money, priceOf } from '../../main/resources/public/assets/pricing.js';

test('a known model is priced per million tokens, each kind at its own rate', () => {
  const tokens = {
    input_tokens: 120_000,
    output_tokens: 30_000,
    cache_read_tokens: 1_000_000,
    cache_write_tokens: 0,
  };
  // $3 in, $15 out, $0.30 cache read: 0.36 + 0.45 + 0.30
  assert.equal(money(cost('anthropic/claude-sonnet-4-5', tokens)), '$1.11');
  assert.equal(cost('anthropic/claude-sonnet-4-5', { cache_write_tokens: 1_000_000 }), 3.75);
});

test('a dated snapshot is priced as its model; an unknown model has no price', () => {
  assert.deepEqual(
    priceOf('anthropic/claude-sonnet-4-5-20250929'),
    priceOf('anthropic/claude-sonnet-4-5'),
  );
  assert.deepEqual(priceOf('OpenAI/GPT-4.1'), priceOf('openai/gpt-4.1'));
  assert.equal(priceOf('ollama/llama3'), null);
  assert.equal(cost('ollama/llama3', { input_tokens: 5 }), null);
  assert.equal(cost(null, { input_tokens: 5 }), null);
});

test('money rounds to cents and says when it is under one', () => {
  assert.equal(money(0), '$0.00');
  assert.equal(money(0.004), 'under $0.01');
  assert.equal(money(12.3), '$12.30');
  assert.equal(money(null), '');
});
