import assert from 'node:assert/strict';
import {
  asIs,
  blamed,
  draft,
  key,
  noPlan,
  type OpenStore,
  occurrence,
  storeTest,
  thresholdPlanner,
  WEEK,
} from './contract-fixtures';

/** Blame jobs: leases, completion, and the planner calls around a blame. */
export function blameContract(open: OpenStore): void {
  storeTest(open, 'blame jobs are leased: not taken again before the lease ends, taken after', async (store, ctx) => {
    for (const line of [1, 2, 3]) await store.recordOccurrences([occurrence({ key: key(line) })], noPlan);
    const first = await store.claimBlameJobs(2, 1000);
    assert.deepEqual(
      first.map((j) => [j.key.line_number, j.attempts]),
      [
        [1, 1],
        [2, 1],
      ],
    );
    assert.ok((first[0]?.id ?? 0) < (first[1]?.id ?? 0), 'oldest first');
    const rest = await store.claimBlameJobs(10, 5000);
    assert.deepEqual(
      rest.map((j) => j.key.line_number),
      [3],
    );
    const other = await ctx.another();
    assert.deepEqual(await other.claimBlameJobs(10, 1000), [], 'another instance does not take leased jobs');
    ctx.clock.advance(1000);
    assert.deepEqual(await other.claimBlameJobs(10, 1000), [], 'the lease runs to its last millisecond');
    ctx.clock.advance(1);
    const retaken = await other.claimBlameJobs(10, 60_000);
    assert.deepEqual(
      retaken.map((j) => [j.key.line_number, j.attempts]),
      [
        [1, 2],
        [2, 2],
      ],
      "a crashed taker's jobs come back after the lease",
    );
    ctx.clock.advance(4000);
    assert.deepEqual(
      (await store.claimBlameJobs(10, 1000)).map((j) => j.key.line_number),
      [3],
    );
  });

  storeTest(
    open,
    'completeBlame stores the blame, plans with alerted_count, and removes the job',
    async (store, ctx) => {
      await store.recordOccurrences([occurrence({ count: 4 })], noPlan);
      const [job] = await store.claimBlameJobs(10, 1000);
      assert.ok(job);
      const { plan, calls } = thresholdPlanner(3);
      const resolved: string[][] = [];
      const resolve = (email: string, path: string) => {
        resolved.push([email, path]);
        return 'robert@example.org';
      };
      await store.completeBlame(job, blamed('bob@example.org'), resolve, plan, null);
      assert.deepEqual(resolved, [['bob@example.org', 'src/a.ts']]);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.previousCount, 0);
      assert.equal(calls[0]?.record.blame_state, 'done');
      assert.equal(calls[0]?.record.developer_email, 'robert@example.org');
      assert.equal(calls[0]?.record.count, 4);
      assert.deepEqual(calls[0]?.report, occurrence({ count: 4 }).report);
      const rec = await store.getError(WEEK, key());
      assert.deepEqual(
        [rec?.blame_state, rec?.author_email, rec?.developer_email, rec?.line_date],
        ['done', 'bob@example.org', 'robert@example.org', '2024-01-15T09:30:00.000Z'],
      );
      assert.equal(rec?.commit, 'c0ffee0000000000000000000000000000000000');
      assert.equal(rec?.blamed_revision, 'abc1230000000000000000000000000000000000');
      assert.equal(rec?.blame_note, null, 'an empty note is stored as none');
      assert.deepEqual([rec?.email_sent, rec?.emails_sent, rec?.alerted_count], [true, 1, 4]);
      const outbox = await store.listOutbox(10);
      assert.deepEqual(
        outbox.map((e) => [e.dedupeKey, e.kind, e.status]),
        [[`error:${WEEK}:${JSON.stringify(Object.values(key()))}:1`, 'error', 'pending']],
      );
      ctx.clock.advance(10_000);
      assert.deepEqual(await store.claimBlameJobs(10, 1000), [], 'the job is gone');

      // Completing again (a job taken twice after a lease ran out) plans from the alerted count.
      await store.recordOccurrences([occurrence({ count: 2 })], plan);
      await store.completeBlame(job, blamed('bob@example.org', 'line moved'), asIs, plan, null);
      assert.equal(calls.at(-1)?.previousCount, 4);
      assert.equal(calls.at(-1)?.record.count, 6);
      assert.equal((await store.getError(WEEK, key()))?.blame_note, 'line moved');
      assert.equal((await store.listOutbox(10)).length, 1);
    },
  );

  storeTest(open, 'a failed blame marks the record failed and queues its problem email once', async (store) => {
    await store.recordOccurrences([occurrence()], noPlan);
    const [job] = await store.claimBlameJobs(10, 1000);
    assert.ok(job);
    const { plan, calls } = thresholdPlanner(1);
    const failure = { ok: false as const, kind: 'text_not_found' as const, reason: 'line moved or changed' };
    const problem = draft('problem:blame:1', 'problem', ['oncall@example.org']);
    await store.completeBlame(job, failure, asIs, plan, problem);
    await store.completeBlame(job, failure, asIs, plan, problem);
    assert.equal(calls.length, 0, 'nobody to plan for');
    const rec = await store.getError(WEEK, key());
    assert.deepEqual([rec?.blame_state, rec?.blame_note, rec?.email_sent], ['failed', 'line moved or changed', false]);
    assert.deepEqual(
      (await store.listOutbox(10)).map((e) => [e.dedupeKey, e.kind, e.to]),
      [['problem:blame:1', 'problem', ['oncall@example.org']]],
    );
    await store.recordOccurrences([occurrence({ count: 5 })], plan);
    assert.equal(calls.length, 0, 'a failed record is not planned');
    assert.equal((await store.getError(WEEK, key()))?.count, 6);
  });

  storeTest(open, 'completing a job whose record does not exist changes nothing', async (store) => {
    const { plan, calls } = thresholdPlanner(1);
    const job = { id: 424242, week: WEEK, key: key(99), revision: null, attempts: 1 };
    await store.completeBlame(job, blamed(), asIs, plan, draft('problem:x', 'problem'));
    assert.equal(calls.length, 0);
    assert.deepEqual(await store.listOutbox(10), []);
    assert.equal(await store.getError(WEEK, key(99)), null);
  });

  storeTest(open, 'after blame, each batch is planned with the count before it', async (store) => {
    const { plan, calls } = thresholdPlanner(3);
    assert.equal((await store.recordOccurrences([occurrence()], plan)).newBlameJobs, 1);
    assert.equal(calls.length, 0, 'a new record waits for its blame');
    await store.recordOccurrences([occurrence()], plan);
    assert.equal(calls.length, 0, 'a pending record is not planned');
    const [job] = await store.claimBlameJobs(1, 1000);
    assert.ok(job);
    await store.completeBlame(job, blamed(), asIs, plan, null);
    assert.deepEqual(
      calls.map((c) => [c.previousCount, c.record.count]),
      [[0, 2]],
    );

    const r = await store.recordOccurrences(
      [occurrence(), occurrence({ key: key(30) }), occurrence({ count: 2 })],
      plan,
    );
    assert.deepEqual(r, { duplicates: 0, newBlameJobs: 1, newEmails: 1 });
    assert.deepEqual(
      calls.map((c) => [c.previousCount, c.record.count, c.record.email_sent]),
      [
        [0, 2, false],
        [2, 5, false],
      ],
      'one call for the merged batch; the new line 30 is not planned',
    );
    assert.equal(calls[1]?.record.developer_email, 'bob@example.org');
    assert.deepEqual(calls[1]?.record.frames, occurrence().frames);
    const rec = await store.getError(WEEK, key());
    assert.deepEqual([rec?.email_sent, rec?.emails_sent, rec?.alerted_count], [true, 1, 5]);

    assert.deepEqual(await store.recordOccurrences([occurrence()], plan), {
      duplicates: 0,
      newBlameJobs: 0,
      newEmails: 0,
    });
    assert.deepEqual(
      [calls.at(-1)?.previousCount, calls.at(-1)?.record.email_sent, calls.at(-1)?.record.alerted_count],
      [5, true, 5],
    );
  });

  storeTest(open, "a 'problem' draft does not count as the record's email", async (store) => {
    await store.recordOccurrences([occurrence()], noPlan);
    const [job] = await store.claimBlameJobs(1, 1000);
    assert.ok(job);
    await store.completeBlame(job, blamed(), asIs, noPlan, null);
    const plan = () => [draft('problem:invalid', 'problem', ['oncall@example.org'])];
    assert.equal((await store.recordOccurrences([occurrence()], plan)).newEmails, 1);
    assert.equal((await store.recordOccurrences([occurrence()], plan)).newEmails, 0, 'same dedupe key');
    const rec = await store.getError(WEEK, key());
    assert.deepEqual([rec?.email_sent, rec?.emails_sent, rec?.alerted_count], [false, 0, 0]);
  });
}
