import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Pending, Thinner } from '../../src/dedupe/thinning';

test('first 10, then powers of two, each report standing for the occurrences since the last', () => {
  const thinner = new Thinner<string>({ now: () => 0 });
  const sent: Array<[number, number]> = [];
  for (let i = 1; i <= 300; i++) {
    const d = thinner.record('sig');
    if (d.send) {
      sent.push([i, d.count]);
      thinner.setTemplate('sig', 'report');
    }
  }
  assert.deepEqual(
    sent.map(([i]) => i),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 32, 64, 128, 256],
  );
  assert.deepEqual(
    sent.slice(9).map(([, c]) => c),
    [1, 6, 16, 32, 64, 128],
  );
  const pending = thinner.takePending();
  assert.deepEqual(pending, [{ signature: 'sig', count: 44, template: 'report' }]);
  assert.equal(sent.reduce((n, [, c]) => n + c, 0) + 44, 300);
  assert.deepEqual(thinner.takePending(), []);
});

test('at least every 10 minutes while occurrences are unsent', () => {
  let now = 0;
  const thinner = new Thinner<string>({ now: () => now });
  for (let i = 0; i < 12; i++) thinner.record('s');
  thinner.setTemplate('s', 't');
  now = 9 * 60_000;
  assert.equal(thinner.record('s').send, false);
  assert.deepEqual(thinner.takePending(10 * 60_000), []);
  now = 10 * 60_000 + 1;
  assert.deepEqual(thinner.takePending(10 * 60_000), [{ signature: 's', count: 3, template: 't' }]);
  now = 21 * 60_000;
  assert.deepEqual(thinner.record('s'), { send: true, count: 1 });
});

test('a forgotten signature hands over its unsent count; a restore to it is counted lost', () => {
  const evicted: Array<Pending<string>> = [];
  const thinner = new Thinner<string>({ maxSignatures: 2, onEvict: (p) => evicted.push(p), now: () => 0 });
  for (let i = 0; i < 12; i++) {
    if (thinner.record('a').send) thinner.setTemplate('a', 'A');
  }
  thinner.record('b');
  thinner.record('c');
  assert.deepEqual(evicted, [{ signature: 'a', count: 2, template: 'A' }]);
  assert.equal(thinner.restore('a', 5), false);
  assert.equal(thinner.lost, 5);
  thinner.setTemplate('c', 'C');
  assert.equal(thinner.restore('c', 3), true);
  assert.deepEqual(thinner.takePending(), [{ signature: 'c', count: 3, template: 'C' }]);
});
