import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/capture/rate-limit';

test('suspends past the limit, resumes after a backoff that grows during a storm and resets after', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const events: string[] = [];
  const limiter = new RateLimiter({
    perSecond: 3,
    onSuspend: () => events.push(`off@${Date.now()}`),
    onResume: () => events.push(`on@${Date.now()}`),
  });
  const storm = () => {
    for (let i = 0; i < 10; i++) limiter.hit();
  };
  assert.equal(
    [1, 2, 3].every(() => limiter.hit()),
    true,
  );
  assert.equal(limiter.hit(), false);
  assert.equal(limiter.suspended, true);
  t.mock.timers.tick(1000);
  storm(); // right after resuming: the same storm
  t.mock.timers.tick(2000);
  storm();
  t.mock.timers.tick(4000);
  assert.deepEqual(events, ['off@0', 'on@1000', 'off@1000', 'on@3000', 'off@3000', 'on@7000']);
  // Calm for a while: the next storm starts over at the base backoff.
  t.mock.timers.tick(60_000);
  storm();
  t.mock.timers.tick(1000);
  assert.deepEqual(events.slice(-2), ['off@67000', 'on@68000']);
  // A new window lets hits through again.
  assert.equal(limiter.hit(), true);
  limiter.dispose();
});
