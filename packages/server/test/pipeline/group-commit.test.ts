import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGroupCommitter } from '../../src/pipeline/group-commit';

test('requests that arrive together share one commit', async () => {
  const commits: number[][] = [];
  const g = createGroupCommitter<number>(async (items) => {
    commits.push(items);
  });
  await Promise.all([g.add([1]), g.add([2, 3]), g.add([4])]);
  assert.deepEqual(commits, [[1, 2, 3, 4]]);
});

test('a bad member fails alone: its neighbours in the shared commit are committed on their own', async () => {
  const committed: number[] = [];
  const g = createGroupCommitter<number>(async (items) => {
    if (items.includes(13)) throw new Error('poison');
    committed.push(...items);
  });
  const results = await Promise.allSettled([g.add([1]), g.add([13]), g.add([2, 3]), g.add([4])]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
  );
  assert.deepEqual(committed.sort(), [1, 2, 3, 4]);
  assert.match(String((results[1] as PromiseRejectedResult).reason), /poison/);
});

test('a lone failing commit rejects its caller once, and the committer keeps working', async () => {
  let calls = 0;
  const g = createGroupCommitter<number>(async (items) => {
    calls++;
    if (items[0] === 0) throw new Error('bad');
  });
  await assert.rejects(g.add([0]), /bad/);
  assert.equal(calls, 1);
  await g.add([1]);
  await g.drain();
});
