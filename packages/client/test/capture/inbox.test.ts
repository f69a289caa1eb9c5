import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Inbox } from '../../src/capture/inbox';

function recorder(maxDeferred?: number) {
  const seen: Array<[unknown, string, boolean]> = [];
  const errors: unknown[] = [];
  const inbox = new Inbox<string>(
    (thrown, options, deferred) => {
      if (options === 'boom') throw new Error('processing failed');
      seen.push([thrown, options, deferred]);
    },
    (err) => errors.push(err),
    maxDeferred,
  );
  return { inbox, seen, errors };
}

test('an Error is processed once the synchronous code is done, in capture order', async () => {
  const { inbox, seen } = recorder();
  const a = new Error('a');
  const b = new Error('b');
  inbox.add(a, 'first');
  inbox.add(b, 'second');
  assert.deepEqual(seen, [], 'nothing done during the calls');
  await Promise.resolve();
  assert.deepEqual(seen, [
    [a, 'first', true],
    [b, 'second', true],
  ]);
});

test('values that are not Errors are processed at once (the capture call has their stack), after those waiting', () => {
  const { inbox, seen } = recorder();
  const err = new Error('waits');
  inbox.add(err, 'deferred');
  inbox.add('a string', 'now');
  assert.deepEqual(seen, [
    [err, 'deferred', true],
    ['a string', 'now', false],
  ]);
});

test('with Error.stackTraceLimit at 0 an Error has no frames to read later: processed at once', () => {
  const { inbox, seen } = recorder();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    inbox.add(new Error('x'), 'now');
  } finally {
    Error.stackTraceLimit = limit;
  }
  assert.equal(seen[0]?.[2], false);
});

test('a flood (more than maxDeferred in one stretch) is processed as it comes; order and count kept', async () => {
  const { inbox, seen } = recorder(4);
  const errors = Array.from({ length: 10 }, (_, i) => new Error(String(i)));
  for (const [i, err] of errors.entries()) inbox.add(err, String(i));
  assert.equal(seen.length, 10, 'the first 4 waited, then everything went at once');
  assert.deepEqual(
    seen.map(([, o]) => o),
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  );
  assert.deepEqual(
    seen.map(([, , d]) => d),
    [true, true, true, true, false, false, false, false, false, false],
  );
  await Promise.resolve();
  // The next task may defer again.
  inbox.add(new Error('later'), 'later');
  assert.equal(seen.length, 10);
  inbox.drain();
  assert.equal(seen.length, 11);
});

test('a failing capture is reported and does not stop the others', async () => {
  const { inbox, seen, errors } = recorder();
  inbox.add(new Error('a'), 'boom');
  inbox.add(new Error('b'), 'fine');
  await Promise.resolve();
  assert.equal(errors.length, 1);
  assert.equal(seen.length, 1);
});
