import { readHeadCommit } from './head-file';
import { LoadingCache } from './loading-cache';
import { LruCache } from './lru';
import type { GitRun } from './run-git';

/**
 * A full object name. Only these can be fetched by themselves: a remote hands out commits by
 * their full id, never by an abbreviation, and a branch or tag name fetched without a local
 * ref to keep it would still not resolve.
 */
const FULL_OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
/** Revisions whose fetch was tried, kept so a bogus revision costs one fetch at most. */
const FETCHES_REMEMBERED = 10_000;

/** A revision name resolved to a commit, or why it could not be. */
export type Resolution =
  | { sha: string /** It arrived by a fetch made for it. */; fetched: boolean }
  | { sha: null; stderr: string /** A fetch of it from origin was tried and brought nothing. */; fetchTried: boolean };

export interface RevisionResolverOptions {
  /** The working tree (HEAD is read from its `.git` when it can be). */
  repoDir: string;
  /** Runs a local, read-only git command. */
  git: (args: string[]) => Promise<GitRun>;
  /** Runs `git fetch`; null when there is no origin to fetch from (no managed clone). */
  fetch: ((args: string[]) => Promise<GitRun>) | null;
  /** How long a resolution (HEAD, a branch) is trusted. */
  ttlMs: number;
}

/** Resolves revision names to commits, fetching a missing commit from origin once. */
export interface RevisionResolver {
  /** The commit `name` names; `name` must already have passed the revision-name check. */
  resolve(name: string): Promise<Resolution>;
  /** Resolves when every resolution running now has settled. */
  settled(): Promise<void>;
}

/**
 * Creates a {@link RevisionResolver}. Concurrent resolutions of one name share one git run; a
 * full object name git lacks is fetched from origin (when `fetch` is given) once per process
 * lifetime, whatever the fetch's outcome, and fetches run one at a time.
 */
export function createRevisionResolver(options: RevisionResolverOptions): RevisionResolver {
  const { repoDir, git, fetch } = options;
  const cache = new LoadingCache<Resolution>({ maxEntries: 1000, ttlMs: options.ttlMs });
  const fetchTried = new LruCache<string, true>(FETCHES_REMEMBERED);
  let fetching: Promise<unknown> = Promise.resolve();

  const revParse = (name: string) => git(['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);

  /** Fetches one commit by its full name, after any fetch already running. */
  function fetchOne(run: (args: string[]) => Promise<GitRun>, sha: string): Promise<unknown> {
    // --no-write-fetch-head: a `git pull` of the clone running meanwhile reads FETCH_HEAD.
    const next = fetching.then(() =>
      run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', sha]).catch(() => null),
    );
    fetching = next;
    return next;
  }

  async function load(name: string): Promise<Resolution> {
    if (name === 'HEAD') {
      const sha = await readHeadCommit(repoDir);
      if (sha) return { sha, fetched: false };
    }
    const run = await revParse(name);
    if (run.code === 0) return { sha: run.stdout.trim(), fetched: false };
    const key = name.toLowerCase();
    if (fetch === null || !FULL_OBJECT_NAME.test(name)) return { sha: null, stderr: run.stderr, fetchTried: false };
    if (fetchTried.get(key)) return { sha: null, stderr: run.stderr, fetchTried: true };
    fetchTried.set(key, true);
    await fetchOne(fetch, key);
    const again = await revParse(name);
    return again.code === 0
      ? { sha: again.stdout.trim(), fetched: true }
      : { sha: null, stderr: again.stderr, fetchTried: true };
  }

  return {
    resolve: (name) => cache.load(name, () => load(name)),
    settled: () => cache.settled(),
  };
}
