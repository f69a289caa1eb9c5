import assert from 'node:assert/strict';
import { emptyRuleSet } from '../../src/rules/types';
import type { Store } from '../../src/store/types';
import type { BlameOutcome } from '../../src/vcs/types';
import { asIs, blamed, key, LAST_WEEK, noPlan, type OpenStore, occurrence, storeTest, WEEK } from './contract-fixtures';

/** Blames the only pending job with a line last changed at `isoDate`. */
async function blameAt(store: Store, isoDate: string | null): Promise<void> {
  const [job] = await store.claimBlameJobs(1, 1000);
  assert.ok(job);
  const outcome: BlameOutcome =
    isoDate === null ? { ok: false, kind: 'git_failed', reason: 'git failed' } : blamed('bob@example.org', '', isoDate);
  await store.completeBlame(job, outcome, asIs, noPlan, null);
}

/** Reads for the leaderboard, drop counters and the rule lists. */
export function readsContract(open: OpenStore): void {
  storeTest(open, 'weeklyErrors: by count, known errors and old lines filtered on request', async (store) => {
    await store.recordOccurrences([occurrence({ key: key(1), count: 5 })], noPlan);
    await blameAt(store, '2023-06-01T00:00:00Z');
    await store.recordOccurrences([occurrence({ key: key(2), count: 9, known: true })], noPlan);
    await blameAt(store, '2024-02-01T00:00:00Z');
    await store.recordOccurrences([occurrence({ key: key(3), count: 7 })], noPlan);
    await blameAt(store, null);
    await store.recordOccurrences([occurrence({ key: key(4), count: 1 })], noPlan);
    await store.recordOccurrences([occurrence({ key: key(5), week: LAST_WEEK, count: 100 })], noPlan);

    const lines = async (includeKnownErrors: boolean, minimumDate: string | null) =>
      (await store.weeklyErrors({ week: WEEK, includeKnownErrors, minimumDate })).map((e) => e.key.line_number);
    assert.deepEqual(await lines(true, null), [2, 3, 1, 4]);
    assert.deepEqual(await lines(false, null), [3, 1, 4]);
    assert.deepEqual(await lines(true, '2024-01-01'), [2, 3, 4], 'unknown dates are kept');
    assert.deepEqual(await lines(false, '2023-06-01T00:00:00.000Z'), [3, 1, 4], 'the boundary is included');
    assert.deepEqual(await lines(false, '2023-06-01T00:00:00.001Z'), [3, 4]);
    assert.deepEqual(await store.weeklyErrors({ week: '2020-01-05', includeKnownErrors: true, minimumDate: null }), []);

    const [top] = await store.weeklyErrors({ week: WEEK, includeKnownErrors: true, minimumDate: null });
    const rec = await store.getError(WEEK, key(2));
    assert.ok(top && rec);
    const { frames: _f, blamable_paths: _b, last_report: _r, ...summary } = rec;
    assert.deepEqual(top, summary, 'a summary is the record without its bulky parts');
    assert.equal(top.line_date, '2024-02-01T00:00:00.000Z');
    assert.equal(top.is_known_error, true);
    assert.deepEqual(await store.weeks(), [WEEK, LAST_WEEK]);
  });

  storeTest(open, 'drops are counted per week and kind', async (store) => {
    assert.deepEqual(await store.dropCounts(WEEK), {});
    await store.recordDrops(WEEK, 'third_party', 3);
    await store.recordDrops(WEEK, 'third_party', 4);
    await store.recordDrops(WEEK, 'unassigned', 1);
    await store.recordDrops(LAST_WEEK, 'ignored_exception', 2);
    assert.deepEqual(await store.dropCounts(WEEK), { third_party: 7, unassigned: 1 });
    assert.deepEqual(await store.dropCounts(LAST_WEEK), { ignored_exception: 2 });
    assert.deepEqual(await store.weeks(), [], 'drops alone make no week of errors');
  });

  storeTest(
    open,
    'rules: add, update and delete by kind and id; every change moves the version',
    async (store, ctx) => {
      assert.deepEqual(await store.loadRules(), emptyRuleSet());
      const v0 = await store.rulesVersion();
      const watch = await store.addRule({
        kind: 'watch',
        rule: { email: 'w@example.org', filepath: 'src/', watch_all_errors: true },
      });
      const remap = await store.addRule({ kind: 'remap', rule: { from: 'bob', to: 'robert@example.org' } });
      const code = await store.addRule({
        kind: 'code',
        rule: {
          kind: 'known_error',
          filename: 'src/a.ts',
          function_name: null,
          code_fragment: 'reduce(',
          min_alert_threshold: 10,
          max_alert_threshold: null,
          alert_every_n_occurrences: 100,
          email_recipients: ['lead@example.org'],
          email_header: 'Known: see TICKET-1',
        },
      });
      const ignored = await store.addRule({ kind: 'ignored_exception', rule: { exception_type: 'AbortError' } });
      const disown = await store.addRule({
        kind: 'disown',
        // An id in the input is not stored: the store assigns ids.
        rule: { id: 999, filepath: 'vendor/', email: 'bob@example.org', designated_email: 'team@example.org' } as never,
      });
      assert.equal(new Set([watch, remap, code, ignored, disown]).size, 5);
      const v1 = await store.rulesVersion();
      assert.equal(v1, v0 + 5);
      const rules = await store.loadRules();
      assert.deepEqual(rules.watchers, [
        { id: watch, email: 'w@example.org', filepath: 'src/', watch_all_errors: true },
      ]);
      assert.deepEqual(rules.remaps, [{ id: remap, from: 'bob', to: 'robert@example.org' }]);
      assert.equal(rules.codeRules[0]?.id, code);
      assert.deepEqual(rules.codeRules[0]?.email_recipients, ['lead@example.org']);
      assert.deepEqual(rules.ignoredExceptions, [{ id: ignored, exception_type: 'AbortError' }]);
      assert.deepEqual(rules.disownerships, [
        { id: disown, filepath: 'vendor/', email: 'bob@example.org', designated_email: 'team@example.org' },
      ]);

      const newRemap = { kind: 'remap' as const, rule: { from: 'bob', to: 'bobby@example.org' } };
      assert.equal(await store.updateRule(watch, newRemap), false, 'wrong kind');
      assert.equal(await store.updateRule(remap + disown + 1000, newRemap), false, 'no such id');
      assert.equal(await store.deleteRule('watch', remap), false, 'wrong kind');
      assert.equal(await store.deleteRule('remap', 123_456), false, 'no such id');
      assert.equal(await store.rulesVersion(), v1, 'no change, same version');

      const other = await ctx.another();
      assert.equal(await other.updateRule(remap, newRemap), true);
      assert.equal(await store.rulesVersion(), v1 + 1, 'a change by another instance is seen');
      assert.deepEqual((await store.loadRules()).remaps, [{ id: remap, from: 'bob', to: 'bobby@example.org' }]);
      assert.equal(await store.deleteRule('watch', watch), true);
      assert.equal(await store.deleteRule('watch', watch), false, 'already gone');
      assert.equal(await other.rulesVersion(), v1 + 2);
      assert.deepEqual((await other.loadRules()).watchers, []);
    },
  );
}
