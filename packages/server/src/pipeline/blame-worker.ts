import type { Logger } from 'pino';
import type { BlameJob, EmailDraft, EmailPlanner, Store } from '../store/types';
import { explainBlame } from '../triage/explain';
import type { BlameOutcome, VersionControl } from '../vcs/types';

/** Runs queued blames (a durable queue in the store) and records their results. */
export interface BlameWorker {
  start(): void;
  /** New jobs may be waiting: look now. */
  kick(): void;
  /** Resolves when no job is running or waiting (or after timeoutMs). */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface BlameWorkerOptions {
  store: Store;
  vcs: VersionControl;
  planner: EmailPlanner;
  resolveEmail: (authorEmail: string, path: string) => string;
  /** The note to default_contact when a line can't be blamed; null when nobody is to be told. */
  problemFor: (job: BlameJob, outcome: Extract<BlameOutcome, { ok: false }>) => EmailDraft | null;
  log: Logger;
  /** How many jobs to take at once (git blames beyond the limit wait in the VCS). */
  batchSize: number;
  onCompleted?: () => void;
  /** A crashed worker's jobs come back after this lease. */
  leaseMs?: number;
  pollMs?: number;
}

export function createBlameWorker(options: BlameWorkerOptions): BlameWorker {
  const { store, vcs, log } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  async function runJob(job: BlameJob): Promise<void> {
    const outcome = await vcs.blame({
      path: job.key.filename,
      lineNumber: job.key.line_number,
      text: job.key.text,
      revision: job.revision,
    });
    const problem = outcome.ok ? null : options.problemFor(job, outcome);
    if (outcome.ok) {
      log.info(
        {
          file: job.key.filename,
          line: job.key.line_number,
          author: outcome.result.authorEmail,
          commit: outcome.result.commit,
        },
        'blamed',
      );
    } else {
      log.warn(
        { file: job.key.filename, line: job.key.line_number, kind: outcome.kind, reason: outcome.reason },
        'blame failed',
      );
    }
    await store.completeBlame(job, await explained(job, outcome), options.resolveEmail, options.planner, problem);
  }

  /**
   * The outcome with its note (or reason) replaced by the record's one-line explanation, which
   * is what the store keeps as blame_note: the frames come from the record, the rest from blame.
   */
  async function explained(job: BlameJob, outcome: BlameOutcome): Promise<BlameOutcome> {
    const record = await store.getError(job.week, job.key);
    const note = explainBlame({
      path: job.key.filename,
      lineNumber: job.key.line_number,
      revision: job.revision,
      frames: record?.frames ?? [],
      outcome,
    });
    return outcome.ok ? { ok: true, result: { ...outcome.result, note } } : { ...outcome, reason: note };
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const jobs = await store.claimBlameJobs(options.batchSize, leaseMs);
        if (jobs.length === 0) break;
        const results = await Promise.allSettled(jobs.map(runJob));
        for (const r of results) if (r.status === 'rejected') log.error({ err: r.reason }, 'blame job failed');
        options.onCompleted?.();
      }
    } while (again && !stopped);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop()
      .catch((err: unknown) => log.error({ err }, 'blame worker failed'))
      .finally(() => {
        running = null;
      });
  }

  return {
    start() {
      stopped = false;
      kick();
      // Picks up jobs whose lease ran out (a crashed instance's) and any missed kick.
      timer = setInterval(kick, options.pollMs ?? 5000);
      timer.unref();
    },
    kick,
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (running && Date.now() < deadline) {
        await Promise.race([running, new Promise((r) => setTimeout(r, 50))]);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running;
    },
  };
}
