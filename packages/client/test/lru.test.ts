import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lru } from '../src/lru';

test('the least recently used entry goes first; a get refreshes it', () => {
  const evicted: string[] = [];
  const lru = new Lru<string, number>(2, (key) => evicted.push(key));
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1);
  lru.set('c', 3);
  assert.deepEqual(evicted, ['b']);
  assert.deepEqual(
    [...lru.entries()],
    [
      ['a', 1],
      ['c', 3],
    ],
  );
  lru.set('a', 4);
  lru.set('d', 5);
  assert.deepEqual(evicted, ['b', 'c']);
  assert.equal(lru.has('c'), false);
  assert.equal(lru.delete('a'), true);
  assert.deepEqual([...lru.entries()], [['d', 5]]);
});

test('bounded by weight too: the oldest go until the total fits; a too heavy entry is kept alone', () => {
  const evicted: string[] = [];
  const lru = new Lru<string, string>(100, (key) => evicted.push(key), { max: 10, of: (_k, v) => v.length });
  lru.set('a', 'xxxx');
  lru.set('b', 'xxxx');
  assert.equal(lru.weight, 8);
  lru.set('c', 'xxxx');
  assert.deepEqual(evicted, ['a']);
  assert.equal(lru.weight, 8);
  lru.set('b', 'x');
  assert.equal(lru.weight, 5, 'a replaced value is weighed again');
  lru.set('huge', 'x'.repeat(11));
  assert.deepEqual(
    [...lru.entries()].map(([k]) => k),
    ['huge'],
  );
  assert.deepEqual(evicted, ['a', 'c', 'b']);
  assert.equal(lru.weight, 11);
  lru.set('e', 'x');
  assert.deepEqual(evicted, ['a', 'c', 'b', 'huge']);
  assert.equal(lru.weight, 1);
});

test('under churn (far more deletions than entries) nothing is lost and the order holds', () => {
  const lru = new Lru<string, number>(100);
  for (let i = 0; i < 10_000; i++) {
    lru.set(`k${i}`, i);
    // Keep k0 alive throughout.
    assert.equal(lru.get('k0'), 0);
  }
  assert.equal(lru.size, 100);
  const keys = [...lru.entries()].map(([k]) => k);
  assert.deepEqual(keys.slice(0, 2), ['k9901', 'k9902']);
  assert.equal(keys.at(-1), 'k0');
  for (let i = 9901; i < 10_000; i++) assert.equal(lru.get(`k${i}`), i);
});
