import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLimiter } from '../../src/vcs/limiter';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('runs at most the cap at once and starts waiters in FIFO order', async () => {
  const limiter = createLimiter(2);
  const gates = Array.from({ length: 5 }, deferred);
  const started: number[] = [];
  const runs = gates.map((gate, i) =>
    limiter.run(async () => {
      started.push(i);
      await gate.promise;
      return i;
    }),
  );
  const settled = Promise.allSettled(runs);
  await tick();
  assert.deepEqual(started, [0, 1]);
  assert.equal(limiter.active, 2);
  assert.equal(limiter.waiting, 3);

  gates[1]?.resolve();
  await tick();
  assert.deepEqual(started, [0, 1, 2]);
  gates[0]?.reject(new Error('task 0 failed'));
  await tick();
  assert.deepEqual(started, [0, 1, 2, 3]);
  for (const gate of gates) gate.resolve();

  assert.deepEqual(
    (await settled).map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
    ['task 0 failed', 1, 2, 3, 4],
  );
  assert.equal(limiter.active, 0);
  assert.equal(limiter.waiting, 0);
});

test('a task that throws synchronously releases its slot', async () => {
  const limiter = createLimiter(1);
  await assert.rejects(
    limiter.run(() => {
      throw new Error('sync');
    }),
    /sync/,
  );
  assert.equal(await limiter.run(async () => 'next'), 'next');
});

test('none is dropped under load', async () => {
  const limiter = createLimiter(3);
  let running = 0;
  let most = 0;
  const results = await Promise.all(
    Array.from({ length: 500 }, (_, i) =>
      limiter.run(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        return i;
      }),
    ),
  );
  assert.equal(results.length, 500);
  assert.deepEqual(results, [...results.keys()]);
  assert.equal(most, 3);
});

test('refuses a cap below one', () => {
  assert.throws(() => createLimiter(0), RangeError);
});
