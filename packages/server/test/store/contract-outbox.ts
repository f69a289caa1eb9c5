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

/** The outbox: exactly-once queueing, leases, retries and giving up. */
export function outboxContract(open: OpenStore): void {
  storeTest(open, 'queued emails keep every field; a known dedupe key is skipped', async (store, { clock }) => {
    await store.enqueueEmails([draft('a', 'problem', ['x@example.org', 'y@example.org']), draft('a'), draft('b')]);
    clock.advance(10);
    await store.enqueueEmails([draft('b'), draft('c')]);
    const list = await store.listOutbox(10);
    assert.deepEqual(
      list.map((e) => e.dedupeKey),
      ['c', 'b', 'a'],
      'newest first',
    );
    const a = list[2];
    assert.ok(a);
    assert.deepEqual(
      { ...a, id: 0 },
      {
        id: 0,
        dedupeKey: 'a',
        kind: 'problem',
        to: ['x@example.org', 'y@example.org'],
        subject: 'subject a',
        text: 'text a',
        html: '<p>a</p>',
        status: 'pending',
        attempts: 0,
        created_at: clock.t - 10,
        next_attempt_at: clock.t - 10,
        sent_at: null,
        last_error: null,
      },
    );
    assert.deepEqual(
      (await store.listOutbox(2)).map((e) => e.dedupeKey),
      ['c', 'b'],
    );
    await store.enqueueEmails([]);
  });

  storeTest(open, 'a claimed email is not claimed again before its lease ends, and is after', async (store, ctx) => {
    await store.enqueueEmails([draft('a'), draft('b'), draft('c')]);
    const t = ctx.clock.t;
    assert.deepEqual(await store.claimOutbox(t - 1, 10, 1000), [], 'not due before next_attempt_at');
    const first = await store.claimOutbox(t, 2, 1000);
    assert.deepEqual(
      first.map((e) => e.dedupeKey),
      ['a', 'b'],
    );
    const other = await ctx.another();
    assert.deepEqual(
      (await other.claimOutbox(t + 500, 10, 1000)).map((e) => e.dedupeKey),
      ['c'],
    );
    assert.deepEqual(await store.claimOutbox(t + 1000, 10, 1000), []);
    assert.deepEqual(
      (await other.claimOutbox(t + 1001, 10, 1000)).map((e) => e.dedupeKey),
      ['a', 'b'],
      "a crashed sender's emails come back after the lease",
    );
  });

  storeTest(
    open,
    'concurrent claims from two instances never hand one job or email to two takers',
    async (store, ctx) => {
      const other = await ctx.another();
      await store.recordOccurrences(
        Array.from({ length: 30 }, (_, i) => occurrence({ key: key(100 + i) })),
        noPlan,
      );
      await store.enqueueEmails(Array.from({ length: 30 }, (_, i) => draft(`mail-${i}`)));
      const t = ctx.clock.t;
      const takers = Array.from({ length: 16 }, (_, i) => (i % 2 ? store : other));
      const jobs = (await Promise.all(takers.map((s) => s.claimBlameJobs(3, 60_000)))).flat();
      const mails = (await Promise.all(takers.map((s) => s.claimOutbox(t, 3, 60_000)))).flat();
      assert.equal(new Set(jobs.map((j) => j.id)).size, jobs.length, 'no job twice');
      assert.equal(new Set(mails.map((e) => e.id)).size, mails.length, 'no email twice');
      assert.ok(jobs.length >= 24 && mails.length >= 24, 'the takers did take work');
      const left = await store.claimBlameJobs(100, 60_000);
      assert.equal(jobs.length + left.length, 30);
      assert.equal(mails.length + (await other.claimOutbox(t, 100, 60_000)).length, 30);
    },
  );

  storeTest(
    open,
    'markSent and markFailed: retried when due, never again once sent or given up',
    async (store, ctx) => {
      await store.enqueueEmails([draft('sent'), draft('retry'), draft('give-up')]);
      const t = ctx.clock.t;
      const [sent, retry, giveUp] = await store.claimOutbox(t, 10, 60_000);
      assert.ok(sent && retry && giveUp);
      await store.markSent(sent.id, t + 5);
      await store.markFailed(retry.id, 'connection refused', t + 30_000, false);
      await store.markFailed(giveUp.id, '550 no such user', t + 30_000, true);
      const byKey = new Map((await store.listOutbox(10)).map((e) => [e.dedupeKey, e]));
      assert.deepEqual(
        [byKey.get('sent')?.status, byKey.get('sent')?.sent_at, byKey.get('sent')?.attempts],
        ['sent', t + 5, 1],
      );
      assert.deepEqual(
        [byKey.get('retry')?.status, byKey.get('retry')?.last_error, byKey.get('retry')?.next_attempt_at],
        ['pending', 'connection refused', t + 30_000],
      );
      assert.deepEqual([byKey.get('give-up')?.status, byKey.get('give-up')?.attempts], ['failed', 1]);
      assert.deepEqual(await store.claimOutbox(t + 29_999, 10, 60_000), [], 'not before its next attempt');
      const again = await store.claimOutbox(t + 30_000, 10, 60_000);
      assert.deepEqual(
        again.map((e) => [e.dedupeKey, e.attempts]),
        [['retry', 1]],
        'a failure ends the lease: due again at next_attempt_at',
      );
      await store.markSent(retry.id, t + 30_001);
      const done = (await store.listOutbox(10)).find((e) => e.dedupeKey === 'retry');
      assert.deepEqual([done?.status, done?.attempts, done?.last_error], ['sent', 2, null]);
      assert.deepEqual(await store.claimOutbox(t + 10_000_000, 10, 60_000), []);
    },
  );

  storeTest(open, 'one email per dedupe key when two instances queue it at once', async (store, ctx) => {
    const other = await ctx.another();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).enqueueEmails([draft('same'), draft(`own-${i}`)])),
    );
    const list = await store.listOutbox(100);
    assert.equal(list.filter((e) => e.dedupeKey === 'same').length, 1);
    assert.equal(list.length, 11);
  });

  storeTest(open, 'two instances counting a blamed error past its threshold queue one email', async (store, ctx) => {
    const other = await ctx.another();
    await store.recordOccurrences([occurrence()], noPlan);
    const [job] = await store.claimBlameJobs(1, 1000);
    assert.ok(job);
    await store.completeBlame(job, blamed(), asIs, noPlan, null);
    const { plan } = thresholdPlanner(10);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).recordOccurrences([occurrence()], plan)),
    );
    assert.equal(
      results.reduce((n, r) => n + r.newEmails, 0),
      1,
    );
    const rec = await other.getError(WEEK, key());
    assert.deepEqual([rec?.count, rec?.email_sent, rec?.emails_sent], [41, true, 1]);
    assert.equal((await store.listOutbox(10)).length, 1);

    // A planner that ignores email_sent still cannot queue the same key twice.
    const stubborn = () => [draft('error:fixed-key')];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).recordOccurrences([occurrence()], stubborn)),
    );
    assert.equal((await store.listOutbox(10)).length, 2);
    assert.equal((await store.getError(WEEK, key()))?.emails_sent, 2);
  });
}
