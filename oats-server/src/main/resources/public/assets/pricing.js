// What a model's tokens cost, in US dollars, for the models whose price OATS knows. The prices
// are the providers' list prices per million tokens (input, output, cache read, cache write) as
// published in 2025; a model not listed here shows tokens only. To add one, add a line: the key
// is the model as the server names it ("provider/model"); a dated snapshot such as
// claude-sonnet-4-5-20250929 is priced as the model it snapshots.

const PER_MILLION = {
  'anthropic/claude-opus-4-1': [15, 75, 1.5, 18.75],
  'anthropic/claude-opus-4': [15, 75, 1.5, 18.75],
  'anthropic/claude-sonnet-4-5': [3, 15, 0.3, 3.75],
  'anthropic/claude-sonnet-4': [3, 15, 0.3, 3.75],
  'anthropic/claude-3-7-sonnet': [3, 15, 0.3, 3.75],
  'anthropic/claude-haiku-4-5': [1, 5, 0.1, 1.25],
  'anthropic/claude-3-5-haiku': [0.8, 4, 0.08, 1],
  'openai/gpt-5': [1.25, 10, 0.125, 0],
  'openai/gpt-5-mini': [0.25, 2, 0.025, 0],
  'openai/gpt-4.1': [2, 8, 0.5, 0],
  'openai/gpt-4.1-mini': [0.4, 1.6, 0.1, 0],
  'openai/gpt-4.1-nano': [0.1, 0.4, 0.025, 0],
  'openai/gpt-4o': [2.5, 10, 1.25, 0],
  'openai/gpt-4o-mini': [0.15, 0.6, 0.075, 0],
  'openai/o3': [2, 8, 0.5, 0],
  'openai/o4-mini': [1.1, 4.4, 0.275, 0],
};

/** The price row of a model, or null when OATS does not know it. */
export function priceOf(model) {
  if (!model) return null;
  const name = String(model).toLowerCase();
  if (PER_MILLION[name]) return PER_MILLION[name];
  const undated = name.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
  return PER_MILLION[undated] ?? null;
}

/** The cost in dollars of these tokens on this model, or null when its price is not known. */
export function cost(model, tokens) {
  const price = priceOf(model);
  if (!price || !tokens) return null;
  const counts = [
    tokens.input_tokens,
    tokens.output_tokens,
    tokens.cache_read_tokens,
    tokens.cache_write_tokens,
  ];
  return counts.reduce((sum, n, i) => sum + ((n ?? 0) * price[i]) / 1e6, 0);
}

/** $0.42, $12.30, or "under $0.01" for amounts that round to nothing. */
export function money(dollars) {
  if (dollars == null || Number.isNaN(dollars)) return '';
  if (dollars > 0 && dollars < 0.01) return 'under $0.01';
  return `$${dollars.toFixed(2)}`;
}
