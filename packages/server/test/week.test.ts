import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shiftWeek, weekOf, weekStartEpochSeconds } from '../src/week';

test('a week starts on Sunday 00:00 in the server time zone', () => {
  // Saturday 2024-03-09 23:59:59 UTC and Sunday 2024-03-10 00:00:00 UTC.
  assert.equal(weekOf(Date.UTC(2024, 2, 9, 23, 59, 59), 'UTC'), '2024-03-03');
  assert.equal(weekOf(Date.UTC(2024, 2, 10, 0, 0, 0), 'UTC'), '2024-03-10');
  // 23:30 UTC on Saturday is already Sunday 00:30 in Berlin (UTC+1 in March).
  assert.equal(weekOf(Date.UTC(2024, 2, 9, 23, 30), 'Europe/Berlin'), '2024-03-10');
  // And still Saturday in New York.
  assert.equal(weekOf(Date.UTC(2024, 2, 10, 3, 0), 'America/New_York'), '2024-03-03');
});

test('the integer timestamp of a week start maps back to that week, across DST changes', () => {
  for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney']) {
    for (const week of ['2024-03-10', '2024-03-31', '2024-10-27', '2024-11-03', '2025-01-05']) {
      const ts = weekStartEpochSeconds(week, zone);
      assert.equal(weekOf(ts * 1000, zone), week, `${zone} ${week}`);
      assert.equal(weekOf(ts * 1000 - 1000, zone), shiftWeek(week, -1), `${zone} ${week}: a second earlier`);
    }
  }
});

test('shiftWeek moves by whole weeks across months and years', () => {
  assert.equal(shiftWeek('2024-12-29', 1), '2025-01-05');
  assert.equal(shiftWeek('2024-03-03', -1), '2024-02-25');
});
