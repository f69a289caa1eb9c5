import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideEmail } from '../../src/notify/decide';
import type { CodeRule } from '../../src/rules/types';
import type { ErrorRecord } from '../../src/store/types';
import { knownError, makeRecord, makeSettings } from './fixtures';

const settings = makeSettings();

function decide(record: Partial<ErrorRecord>, previousCount = 0, rule: CodeRule | null = null, s = settings) {
  return decideEmail({ record: makeRecord(record), previousCount, knownError: rule, settings: s }).send;
}

/**
 * Replays counts one report at a time (each step is one change the store plans for),
 * keeping email_sent/emails_sent as the store would, and returns the counts that mailed.
 */
function replay(rule: CodeRule | null, counts: number[]): number[] {
  const mailed: number[] = [];
  let previous = 0;
  let emails = 0;
  for (const count of counts) {
    const send = decide({ count, email_sent: emails > 0, emails_sent: emails }, previous, rule);
    if (send) {
      mailed.push(count);
      emails++;
    }
    previous = count;
  }
  return mailed;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('unknown errors', () => {
  test('mail once the count reaches report_error_threshold', () => {
    assert.equal(decide({ count: 2 }, 1), false);
    assert.equal(decide({ count: 3 }, 2), true);
    assert.deepEqual(replay(null, range(1, 50)), [3]);
  });

  test("the report's error_threshold overrides the setting, both ways", () => {
    assert.equal(decide({ count: 1, error_threshold: 1 }), true);
    assert.equal(decide({ count: 3, error_threshold: 5 }, 2), false);
    assert.equal(decide({ count: 5, error_threshold: 5 }, 4), true);
  });

  test('a jump over the threshold mails once', () => {
    assert.deepEqual(replay(null, [1, 40, 90]), [40]);
  });

  test('lines last changed before the minimum date are not mailed', () => {
    const s = makeSettings({ minimumDate: '2024-02-01' });
    assert.equal(decide({ count: 5, line_date: '2024-01-31T23:59:59Z' }, 0, null, s), false);
    assert.equal(decide({ count: 5, line_date: '2024-02-01T00:00:00Z' }, 0, null, s), true);
    // The date is compared in UTC: 00:30 at +01:00 is still January 31st there.
    assert.equal(decide({ count: 5, line_date: '2024-02-01T00:30:00+01:00' }, 0, null, s), false);
  });

  test('already sent this week: no second email', () => {
    assert.equal(decide({ count: 10, email_sent: true, emails_sent: 1 }, 9), false);
  });

  test('records not blamed, or blamed on nobody, mail nobody', () => {
    assert.equal(decide({ count: 5, blame_state: 'pending' }), false);
    assert.equal(decide({ count: 5, blame_state: 'failed' }), false);
    assert.equal(decide({ count: 5, developer_email: null }), false);
  });

  test('the decision says why', () => {
    const d = decideEmail({ record: makeRecord({ count: 1 }), previousCount: 0, knownError: null, settings });
    assert.match(d.reason, /below the threshold 3/);
  });
});

describe('known errors', () => {
  test('with no alert rule a known error is only whitelisted: never mailed', () => {
    assert.deepEqual(replay(knownError(), range(1, 100)), []);
  });

  test('min_alert_threshold: the first email at the minimum', () => {
    const rule = knownError({ min_alert_threshold: 10 });
    assert.deepEqual(replay(rule, range(1, 60)), [10]);
    assert.deepEqual(replay(rule, [4, 25, 26]), [25]);
  });

  test('alert_every_n_occurrences at 10, 20, 30, counting one by one', () => {
    const rule = knownError({ alert_every_n_occurrences: 10 });
    assert.deepEqual(replay(rule, range(1, 35)), [10, 20, 30]);
  });

  test('alert_every_n_occurrences with jumps: one email per crossing, however far it jumps', () => {
    const rule = knownError({ alert_every_n_occurrences: 10 });
    // A blame finishing late sees 1..27 at once: one email, then 30 is crossed by 29→31.
    assert.deepEqual(replay(rule, [27, 29, 31, 39, 40, 65]), [27, 31, 40, 65]);
    assert.deepEqual(replay(rule, [3, 9, 12, 18]), [12]);
  });

  test('max_alert_threshold: silence above the maximum', () => {
    const rule = knownError({ alert_every_n_occurrences: 10, max_alert_threshold: 25 });
    assert.deepEqual(replay(rule, range(1, 60)), [10, 20]);
  });

  test('min and every-N together: nothing before the minimum, then every multiple', () => {
    const rule = knownError({ min_alert_threshold: 15, alert_every_n_occurrences: 10 });
    assert.deepEqual(replay(rule, range(1, 42)), [15, 20, 30, 40]);
  });

  test('only a maximum: mailed like an unknown error until it passes the maximum', () => {
    assert.deepEqual(replay(knownError({ max_alert_threshold: 100 }), range(1, 20)), [3]);
    assert.deepEqual(replay(knownError({ max_alert_threshold: 2 }), range(1, 20)), []);
  });

  test('known errors ignore the minimum date (they are configured on purpose)', () => {
    const s = makeSettings({ minimumDate: '2030-01-01' });
    const rule = knownError({ min_alert_threshold: 1 });
    assert.equal(decide({ count: 1 }, 0, rule, s), true);
  });
});
