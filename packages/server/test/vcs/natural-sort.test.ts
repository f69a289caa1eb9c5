import assert from 'node:assert/strict';
import { test } from 'node:test';
import { naturalCompare } from '../../src/vcs/natural-sort';

test('orders digit runs by value', () => {
  const names = [
    'release-10',
    'release-9',
    'release-1',
    'release-10.2',
    'release-10.10',
    'release-100000000000000000001',
  ];
  assert.deepEqual(names.sort(naturalCompare), [
    'release-1',
    'release-9',
    'release-10',
    'release-10.2',
    'release-10.10',
    'release-100000000000000000001',
  ]);
  assert.ok(naturalCompare('b', 'a') > 0);
  assert.equal(naturalCompare('x2', 'x2'), 0);
});
