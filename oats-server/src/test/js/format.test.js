// The formatting helpers of dom.js, in Node: durations, numbers, sizes, status words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  argumentsText,
  duration,
  elapsed,
  isActive,
  isOneCommand,
  number,
  size,
  statusLabel,
} from '../../main/resources/public/assets/dom.js';

test('a duration reads in the largest units that matter', () => {
  assert.equal(duration(950), '950 ms');
  assert.equal(duration(12_400), '12 s');
  assert.equal(duration(185_000), '3 min 05 s');
  assert.equal(duration(3_720_000), '1 h 02 min');
  assert.equal(duration(-5), '0 ms');
  assert.equal(duration(null), '—');
  assert.equal(duration(Number.NaN), '—');
});

test('numbers are grouped, and a missing one is zero', () => {
  assert.equal(number(1150015), '1,150,015');
  assert.equal(number(undefined), '0');
});

test('a size is counted in UTF-8 bytes', () => {
  assert.equal(size('abc'), '3 B');
  assert.equal(size('ü'), '2 B');
  assert.equal(size('x'.repeat(1536)), '1.5 KB');
  assert.equal(size('x'.repeat(3 * 1024 * 1024)), '3.0 MB');
  assert.equal(size(null), '0 B');
});

test('a held call reads as waiting for your approval, and still counts as active', () => {
  assert.equal(statusLabel('waiting_for_approval'), 'Waiting for your approval');
  assert.equal(statusLabel('something_new'), 'something_new');
  assert.ok(isActive('waiting_for_approval'));
  assert.ok(!isActive('cancelled'));
});

test('elapsed runs to the end, or to now while running', () => {
  const started = { started_at: '2026-01-01T00:00:00Z', finished_at: '2026-01-01T00:01:00Z' };
  assert.equal(elapsed(started), 60_000);
  assert.equal(
    elapsed({ started_at: '2026-01-01T00:00:00Z' }, Date.parse('2026-01-01T00:00:05Z')),
    5000,
  );
  assert.equal(elapsed({}), null);
});

test('a held call reads as its command, or as every argument by name, never as escaped JSON', () => {
  assert.equal(argumentsText({ command: 'kubectl delete pod x' }), 'kubectl delete pod x');
  assert.equal(
    argumentsText({ code: "import shutil\nshutil.rmtree('/data')\n" }),
    "code:\n  import shutil\n  shutil.rmtree('/data')",
  );
  assert.equal(
    argumentsText({ working_directory: '/srv', command: 'rm -rf *', hosts: ['a'] }),
    'command: rm -rf *\nworking_directory: /srv\nhosts: ["a"]',
  );
  assert.equal(argumentsText({}), '(no arguments)');
  assert.ok(isOneCommand({ command: 'ls' }));
  assert.ok(!isOneCommand({ command: 'ls', working_directory: '/' }));
});
