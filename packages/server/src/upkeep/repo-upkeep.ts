/**
 * Keeps the managed clone of repo_url (SPEC §4): cloned into repo_dir when missing, then
 * updated every five minutes, in the background — ingest never waits for git. Failures are
 * logged every time and mailed to default_contact once per kind of failure, until the
 * repository works again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { maskUrlCredentials } from '../config/mask';
import { renderProblemEmail } from '../notify/render';
import type { NotifySettings } from '../notify/settings';
import type { EmailDraft } from '../store/types';
import { createRepoSync, type RepoSyncErrorKind } from '../vcs/repo-sync';
import { type FailureMemory, openFailureMemory } from './failure-memory';

/** How long stopping waits for a git command in flight. */
const STOP_WAIT_MS = 2_000;
/** Time between updates of the managed clone. */
export const REPO_UPDATE_INTERVAL_MS = 5 * 60_000;
/** First retry of a clone that failed at start-up; doubled up to the update interval. */
export const FIRST_CLONE_RETRY_MS = 30_000;

export interface RepoUpkeepOptions {
  repoUrl: string;
  repoDir: string;
  /** repo_branch_pattern, as text; null: stay on the clone's branch and pull. */
  branchPattern: string | null;
  gitPath: string;
  /** Default {@link REPO_UPDATE_INTERVAL_MS}. */
  intervalMs?: number;
  /** Where ongoing failures are remembered across restarts (under data_dir_path). */
  stateDir: string;
  log: Logger;
  /** Hostname, From and default_contact for the note. */
  settings: NotifySettings;
  /** Queues a note to default_contact durably. */
  enqueue: (draft: EmailDraft) => Promise<void>;
  now?: () => number;
}

export interface RepoUpkeep {
  /**
   * Clones or updates now, in the background, then every interval. `onReady` runs once,
   * as soon as repo_dir holds the repository (at once when it already does).
   */
  start(onReady: () => void): void;
  /** Runs one update now and waits for it; true on success. */
  updateNow(): Promise<boolean>;
  /** Stops the timer and waits (briefly) for a running update. */
  stop(): Promise<void>;
}

/** Masks the credentials of every URL in a text (git repeats the remote's URL in its complaints). */
export function maskCredentialsIn(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => maskUrlCredentials(url, true));
}

const WHAT: Record<RepoSyncErrorKind, (pattern: string | null) => string> = {
  clone_failed: () => 'cannot clone the repository',
  update_failed: () => 'cannot update the repository',
  no_matching_branch: (pattern) => `finds no branch matching ${pattern ?? '(none)'}`,
};

const CONSEQUENCE: Record<RepoSyncErrorKind, string> = {
  clone_failed: 'Until it can, reports are counted but nobody is blamed or emailed; they wait for the clone.',
  update_failed: 'Until it can, errors are blamed against the code the clone last had.',
  no_matching_branch: 'Until one appears, errors are blamed against the branch the clone is on.',
};

interface SyncFailure {
  kind: RepoSyncErrorKind;
  message: string;
}

/** Builds the repository upkeep; nothing runs before `start`. */
export function createRepoUpkeep(options: RepoUpkeepOptions): RepoUpkeep {
  const { repoDir, branchPattern, log, settings } = options;
  const intervalMs = options.intervalMs ?? REPO_UPDATE_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const shownUrl = maskUrlCredentials(options.repoUrl, true);
  const minutes = Math.max(1, Math.round(intervalMs / 60_000));
  const every = minutes === 1 ? 'minute' : `${minutes} minutes`;
  const memory: FailureMemory = openFailureMemory(join(options.stateDir, 'repo-upkeep.json'));
  let failure: SyncFailure | null = null;
  const lastFailure = (): SyncFailure | null => failure;
  const sync = createRepoSync({
    repoDir,
    repoUrl: options.repoUrl,
    branchPattern: branchPattern === null ? null : new RegExp(branchPattern),
    gitPath: options.gitPath,
    onError: (kind, message) => {
      failure = { kind, message: maskCredentialsIn(message) };
    },
    log: (message) => log.info({ repoDir }, maskCredentialsIn(message)),
  });

  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let ready = false;
  let onReady: () => void = () => {};
  let cloneRetries = 0;
  let running: Promise<boolean> | null = null;

  const isCloned = (): boolean => existsSync(join(repoDir, '.git'));

  function markReady(): void {
    if (ready || !isCloned()) return;
    ready = true;
    onReady();
  }

  async function tell(kind: RepoSyncErrorKind, message: string, since: number): Promise<void> {
    if (!settings.defaultContact) return;
    const note = renderProblemEmail({
      subject: `Flawless ${WHAT[kind](branchPattern)}`,
      lines: [
        `Flawless ${WHAT[kind](branchPattern)} ${shownUrl} (in ${repoDir}).`,
        `git said: ${message}`,
        CONSEQUENCE[kind],
        `Flawless tries again every ${every}. You hear about this kind of failure again only after the repository has worked in between.`,
      ],
      settings,
    });
    await options.enqueue({
      ...note,
      to: [settings.defaultContact],
      dedupeKey: `problem:repo:${kind}:${since}`,
      kind: 'problem',
    });
  }

  async function round(): Promise<boolean> {
    failure = null;
    const began = now();
    const ok = await sync.update();
    if (ok) {
      log.debug({ repoDir, ms: now() - began }, 'repository up to date');
      const recovered = safely(() => memory.clear(), []);
      if (recovered.length > 0) log.info({ repoDir, recovered }, 'repository works again');
      markReady();
      return true;
    }
    const { kind, message } = lastFailure() ?? { kind: 'update_failed' as const, message: 'unknown failure' };
    log.error({ repoDir, repo: shownUrl, kind }, `repository upkeep failed: ${message}`);
    const at = now();
    // An already failing kind keeps its first date, so its dedupe key (and email) stays the same.
    if (safely(() => memory.begin(kind, at), true)) {
      await tell(kind, message, memory.since(kind) ?? at).catch((err: unknown) =>
        log.error({ err }, 'cannot queue the repository failure note'),
      );
    }
    markReady();
    return false;
  }

  /** One round at a time; a caller arriving during one shares it. */
  function shared(): Promise<boolean> {
    running ??= round().finally(() => {
      running = null;
    });
    return running;
  }

  function safely<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      log.warn({ err }, 'cannot record the repository upkeep state');
      return fallback;
    }
  }

  function schedule(ok: boolean): void {
    if (stopped) return;
    // A clone that never worked is retried sooner: the blame waits for it.
    const delay = ready || ok ? intervalMs : Math.min(intervalMs, FIRST_CLONE_RETRY_MS * 2 ** cloneRetries++);
    timer = setTimeout(() => {
      timer = null;
      void shared().then(schedule);
    }, delay);
    timer.unref();
  }

  return {
    start(callback) {
      onReady = callback;
      stopped = false;
      markReady();
      void shared().then(schedule);
    },
    updateNow: () => shared(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      // A clone over a slow network may take minutes; shutting down does not wait for it.
      // git goes on alone and a half-made clone is cleaned up by git itself.
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((r) => (waited = setTimeout(r, STOP_WAIT_MS)))]);
      clearTimeout(waited);
    },
  };
}
