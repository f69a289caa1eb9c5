import { mkdir, readdir, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { naturalCompare } from './natural-sort';
import { firstLine, type GitCallEvent, type GitRun, runGit } from './run-git';
import { statelessRegExp } from './stateless-regexp';

/** What went wrong, for `default_contact`. */
export type RepoSyncErrorKind = 'clone_failed' | 'update_failed' | 'no_matching_branch';

export interface RepoSyncOptions {
  /** Where the clone lives (repo_dir). */
  repoDir: string;
  /** What to clone and fetch from (repo_url). */
  repoUrl: string;
  /** Release branches (repo_branch_pattern): work off the newest by natural sort; null: the clone's own branch. */
  branchPattern: RegExp | null;
  /** The git executable (git_cli_path). */
  gitPath: string;
  /** Told about every failure; the sync itself never throws. */
  onError: (kind: RepoSyncErrorKind, message: string) => void;
  /** Told about changes worth a log line (cloned, switched branch). */
  log?: (message: string) => void;
  /** Sees every git process start and end (metrics, tests). */
  onGitCall?: (event: GitCallEvent) => void;
}

export interface RepoSync {
  /** Clones repoUrl into repoDir when repoDir is not a repository yet. True when the repository is there. */
  ensureCloned(): Promise<boolean>;
  /** Fetches and moves to the newest matching branch (or pulls). True on success. One runs at a time. */
  update(): Promise<boolean>;
  /** Updates every `intervalMs` in the background; the timer does not keep the process alive. */
  start(intervalMs: number): void;
  /** Stops the periodic update and waits for a running one. */
  stop(): Promise<void>;
}

const NETWORK_TIMEOUT_MS = 10 * 60 * 1000;

class SyncFailure extends Error {
  constructor(
    readonly kind: RepoSyncErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Keeps a clone of repo_url in repo_dir (SPEC §4): cloned when missing, then either on the
 * newest release branch matching repo_branch_pattern (`release-10` after `release-9`), reset
 * to the remote's, or on its own branch with `git pull --rebase`.
 */
export function createRepoSync(options: RepoSyncOptions): RepoSync {
  const { repoUrl, branchPattern, gitPath, onGitCall } = options;
  const repoDir = resolve(options.repoDir);
  const log = options.log ?? (() => {});
  let running: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const git = async (args: string[], failure: RepoSyncErrorKind, cwd = repoDir): Promise<GitRun> => {
    const run = await runGit(gitPath, args, { cwd, onGitCall, timeoutMs: NETWORK_TIMEOUT_MS });
    if (run.code !== 0) throw new SyncFailure(failure, `git ${args[0]} failed: ${firstLine(run.stderr)}`);
    return run;
  };

  /** True when repoDir is the top of a working tree (not merely inside another repository). */
  async function isRepository(): Promise<boolean> {
    let real: string;
    try {
      real = await realpath(repoDir);
    } catch {
      return false;
    }
    const run = await runGit(gitPath, ['rev-parse', '--show-toplevel'], { cwd: repoDir, onGitCall });
    return run.code === 0 && (await realpath(run.stdout.trim()).catch(() => '')) === real;
  }

  async function clone(): Promise<void> {
    const existing = await readdir(repoDir).catch(() => null);
    if (existing !== null && existing.length > 0) {
      throw new SyncFailure('clone_failed', `${repoDir} is not empty and not a git repository; not cloning into it`);
    }
    await mkdir(dirname(repoDir), { recursive: true });
    await git(['clone', '--quiet', '--', repoUrl, repoDir], 'clone_failed', dirname(repoDir));
    log(`cloned the repository into ${repoDir}`);
  }

  async function switchToNewestBranch(pattern: RegExp): Promise<void> {
    await git(['fetch', '--quiet', '--prune', 'origin'], 'update_failed');
    const refs = await git(['for-each-ref', '--format=%(refname:strip=3)', 'refs/remotes/origin'], 'update_failed');
    const branches = refs.stdout
      .split('\n')
      // A name starting with '-' would read as an option to checkout.
      .filter((name) => name !== '' && name !== 'HEAD' && !name.startsWith('-') && pattern.test(name))
      .sort(naturalCompare);
    const newest = branches[branches.length - 1];
    if (newest === undefined) {
      throw new SyncFailure('no_matching_branch', `no branch of ${repoUrl} matches ${pattern}`);
    }
    const before = await currentBranch();
    await git(['checkout', '--quiet', '--force', '-B', newest, `refs/remotes/origin/${newest}`], 'update_failed');
    if (before !== newest) log(`now on branch ${newest}`);
  }

  async function currentBranch(): Promise<string> {
    const run = await runGit(gitPath, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repoDir, onGitCall });
    return run.stdout.trim();
  }

  async function pull(): Promise<void> {
    const run = await runGit(gitPath, ['pull', '--quiet', '--rebase'], {
      cwd: repoDir,
      onGitCall,
      timeoutMs: NETWORK_TIMEOUT_MS,
    });
    if (run.code === 0) return;
    // A rebase stopped on a conflict would leave the clone half-updated; go back to where it was.
    await runGit(gitPath, ['rebase', '--abort'], { cwd: repoDir, onGitCall });
    throw new SyncFailure('update_failed', `git pull --rebase failed: ${firstLine(run.stderr)}`);
  }

  async function sync(cloneOnly: boolean): Promise<boolean> {
    try {
      if (!(await isRepository())) {
        await clone();
      } else if (cloneOnly) {
        return true;
      } else if (!branchPattern) {
        await pull();
        return true;
      }
      if (branchPattern) await switchToNewestBranch(statelessRegExp(branchPattern));
      return true;
    } catch (error) {
      if (error instanceof SyncFailure) options.onError(error.kind, error.message);
      else options.onError('update_failed', error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  /** Runs one sync at a time; a call while one runs shares it. */
  function serialised(cloneOnly: boolean): Promise<boolean> {
    running ??= sync(cloneOnly).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    ensureCloned: () => serialised(true),
    update: () => serialised(false),
    start(intervalMs) {
      if (timer) return;
      const tick = (): void => {
        timer = setTimeout(() => {
          void serialised(false).then(() => {
            if (timer) tick();
          });
        }, intervalMs);
        timer.unref();
      };
      tick();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
