import assert from 'node:assert/strict';
import {
  asIs,
  blameAll,
  blamed,
  draft,
  key,
  LAST_WEEK,
  noPlan,
  type OpenStore,
  occurrence,
  storeTest,
  WEEK,
} from './contract-fixtures';

const T0 = Date.UTC(2024, 2, 5, 12, 0, 0);

/** Counting: records, per-batch merge, report_id dedupe, last_report, concurrency. */
export function countsContract(open: OpenStore): void {
  storeTest(open, 'a first occurrence creates a pending record and one blame job', async (store) => {
    assert.equal(await store.getError(WEEK, key()), null);
    const o = occurrence({ count: 2, at: T0, hostname: 'web-9', threshold: 5, revision: 'abc123' });
    assert.deepEqual(await store.recordOccurrences([o], noPlan), { duplicates: 0, newBlameJobs: 1, newEmails: 0 });
    assert.deepEqual(await store.getError(WEEK, key()), {
      week: WEEK,
      key: key(),
      count: 2,
      first_seen: T0,
      last_seen: T0,
      hostname: 'web-9',
      exception_type: 'TypeError',
      blame_state: 'pending',
      author_email: null,
      developer_email: null,
      line_date: null,
      commit: null,
      blamed_revision: null,
      blame_note: null,
      email_sent: false,
      emails_sent: 0,
      alerted_count: 0,
      is_known_error: false,
      error_threshold: 5,
      frames: o.frames,
      blamable_paths: o.blamablePaths,
      last_report: o.report,
    });
    const [job, ...more] = await store.claimBlameJobs(10, 1000);
    assert.deepEqual(more, []);
    assert.equal(job?.week, WEEK);
    assert.deepEqual(job?.key, key());
    assert.equal(job?.revision, 'abc123');
  });

  storeTest(open, 'a batch is merged per (week, key); later batches add to it', async (store) => {
    const r = await store.recordOccurrences(
      [
        occurrence({ count: 1, at: T0 + 50 }),
        occurrence({ key: key(8), count: 4, at: T0 }),
        occurrence({ count: 2, at: T0 - 100 }),
        occurrence({ count: 3, at: T0 + 10, hostname: 'web-2', message: 'last of the batch' }),
        occurrence({ week: LAST_WEEK, count: 1, at: T0 }),
      ],
      noPlan,
    );
    assert.deepEqual(r, { duplicates: 0, newBlameJobs: 3, newEmails: 0 });
    const a = await store.getError(WEEK, key());
    assert.equal(a?.count, 6);
    assert.equal(a?.first_seen, T0 - 100);
    assert.equal(a?.last_seen, T0 + 50);
    assert.equal(a?.hostname, 'web-2', 'the last report of the batch wins');
    assert.equal(a?.last_report.exception_message, 'last of the batch');
    assert.equal((await store.getError(WEEK, key(8)))?.count, 4);
    assert.equal((await store.getError(LAST_WEEK, key()))?.count, 1);

    await store.recordOccurrences(
      [occurrence({ count: 5, at: T0 - 1000, hostname: 'web-3', exceptionType: 'RangeError', known: true })],
      noPlan,
    );
    const b = await store.getError(WEEK, key());
    assert.equal(b?.count, 11);
    assert.equal(b?.first_seen, T0 - 100, 'first_seen is the first sighting');
    assert.equal(b?.last_seen, T0 + 50, 'an older occurrence does not move last_seen back');
    assert.equal(b?.hostname, 'web-3');
    assert.equal(b?.exception_type, 'RangeError');
    assert.equal(b?.is_known_error, true);
    assert.deepEqual(await store.weeks(), [WEEK, LAST_WEEK]);
  });

  storeTest(open, "error_threshold: a report's own threshold is kept until another one replaces it", async (store) => {
    await store.recordOccurrences([occurrence({ threshold: 10 })], noPlan);
    await store.recordOccurrences([occurrence()], noPlan);
    assert.equal((await store.getError(WEEK, key()))?.error_threshold, 10);
    await store.recordOccurrences([occurrence({ threshold: 2 })], noPlan);
    assert.equal((await store.getError(WEEK, key()))?.error_threshold, 2);
  });

  storeTest(open, 'a report_id counts once, within a batch, across batches and instances', async (store, ctx) => {
    const batch = [
      occurrence({ reportId: 'r1' }),
      occurrence({ reportId: 'r1' }),
      occurrence({ reportId: 'r2', count: 3 }),
      occurrence(),
      occurrence(),
    ];
    assert.deepEqual(await store.recordOccurrences(batch, noPlan), { duplicates: 1, newBlameJobs: 1, newEmails: 0 });
    assert.equal((await store.getError(WEEK, key()))?.count, 6);

    const again = await store.recordOccurrences([occurrence({ reportId: 'r2', count: 3 }), occurrence()], noPlan);
    assert.equal(again.duplicates, 1);
    const other = await ctx.another();
    const fromOther = await other.recordOccurrences(
      [occurrence({ reportId: 'r1' }), occurrence({ reportId: 'r3' })],
      noPlan,
    );
    assert.equal(fromOther.duplicates, 1);
    // An id seen in another week is still a duplicate: retries cross midnight on Sunday too.
    assert.equal(
      (await store.recordOccurrences([occurrence({ week: LAST_WEEK, reportId: 'r3' })], noPlan)).duplicates,
      1,
    );
    assert.equal((await store.getError(WEEK, key()))?.count, 8);
    assert.equal(await store.getError(LAST_WEEK, key()), null);
  });

  storeTest(open, 'last_report is rewritten at most once a second per blamed error', async (store, { clock }) => {
    const first = occurrence({ message: 'first' });
    await store.recordOccurrences([first], noPlan);
    await blameAll(store);
    clock.advance(1000);
    await store.recordOccurrences([occurrence({ message: 'first after the blame' })], noPlan);
    clock.advance(500);
    await store.recordOccurrences([occurrence({ message: 'too soon', hostname: 'web-2' })], noPlan);
    let rec = await store.getError(WEEK, key());
    assert.equal(rec?.count, 3);
    assert.equal(rec?.hostname, 'web-2', 'the counters row is always current');
    assert.equal(rec?.last_report.exception_message, 'first after the blame');
    // Another error is not held back by this one's write.
    await store.recordOccurrences([occurrence({ key: key(9), message: 'other line' })], noPlan);
    assert.equal((await store.getError(WEEK, key(9)))?.last_report.exception_message, 'other line');
    clock.advance(500);
    await store.recordOccurrences([occurrence({ message: 'a second later' })], noPlan);
    rec = await store.getError(WEEK, key());
    assert.equal(rec?.count, 4);
    assert.equal(rec?.last_report.exception_message, 'a second later');
  });

  storeTest(open, 'while its blame is pending, every report of an error is kept', async (store, { clock }) => {
    // The email a finished blame makes due is built from the stored report: it must be the latest.
    await store.recordOccurrences([occurrence({ message: 'first' })], noPlan);
    clock.advance(100);
    await store.recordOccurrences([occurrence({ message: 'second' })], noPlan);
    clock.advance(100);
    await store.recordOccurrences([occurrence({ message: 'third' })], noPlan);
    const rec = await store.getError(WEEK, key());
    assert.equal(rec?.count, 3);
    assert.equal(rec?.last_report.exception_message, 'third');
  });

  storeTest(open, 'concurrent batches on one key, from two instances, add up exactly', async (store, ctx) => {
    const other = await ctx.another();
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      const s = i % 2 ? store : other;
      calls.push(
        s.recordOccurrences([occurrence({ count: 1 }), occurrence({ key: key(20 + (i % 3)), count: 2 })], noPlan),
      );
      calls.push(s.recordOccurrences([occurrence({ count: 3 })], noPlan));
    }
    const results = (await Promise.all(calls)) as { newBlameJobs: number }[];
    assert.equal(
      results.reduce((n, r) => n + r.newBlameJobs, 0),
      4,
      'one blame job per new record',
    );
    assert.equal((await store.getError(WEEK, key()))?.count, 120);
    for (const line of [20, 21, 22]) assert.equal((await other.getError(WEEK, key(line)))?.count, 20);
    assert.equal((await store.claimBlameJobs(100, 1000)).length, 4);
  });

  storeTest(
    open,
    'text round-trips exactly: NUL, emoji, quotes, backslashes, a 64 KiB line',
    async (store, { clock }) => {
      const odd = key(3, `a\u0000b \uE000 "q" \\n 'x' 😀 ${'z'.repeat(65_536)}`);
      const strange = { ...odd, filename: 'src/\u0000weird path/ü.ts', function_name: '\uE0000' };
      const o = occurrence({ key: strange, hostname: 'host\u0000name', exceptionType: 'Err\\or\u0000' });
      await store.recordOccurrences([o], noPlan);
      const rec = await store.getError(WEEK, strange);
      assert.deepEqual(rec?.key, strange);
      assert.equal(rec?.hostname, 'host\u0000name');
      assert.equal(rec?.exception_type, 'Err\\or\u0000');
      assert.deepEqual(rec?.last_report, o.report);
      assert.equal(await store.getError(WEEK, odd), null, 'a key differing in one field is another error');
      const [job] = await store.claimBlameJobs(1, 1000);
      assert.ok(job);
      assert.deepEqual(job.key, strange);
      const message = { subject: 'Error on host\u0000name', text: 'a\u0000b \uE000', html: '<p>\u0000</p>' };
      await store.completeBlame(
        job,
        blamed('b\u0000b@example.org', 'note \u0000'),
        asIs,
        () => [{ ...draft('error:\u0000'), ...message }],
        null,
      );
      const blamedRec = await store.getError(WEEK, strange);
      assert.equal(blamedRec?.author_email, 'b\u0000b@example.org');
      assert.equal(blamedRec?.blame_note, 'note \u0000');
      const [entry] = await store.claimOutbox(clock.t, 10, 1000);
      assert.deepEqual(
        { dedupeKey: entry?.dedupeKey, subject: entry?.subject, text: entry?.text, html: entry?.html },
        { dedupeKey: 'error:\u0000', ...message },
      );
      await store.markFailed(entry?.id ?? 0, 'smtp said \u0000', 0, true);
      assert.equal((await store.listOutbox(1))[0]?.last_error, 'smtp said \u0000');
      const [summary] = await store.weeklyErrors({ week: WEEK, includeKnownErrors: true, minimumDate: null });
      assert.deepEqual(summary?.key, strange);
    },
  );
}
