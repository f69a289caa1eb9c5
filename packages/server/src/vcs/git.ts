import { realpath } from 'node:fs/promises';
import { type IgnoreRevsList, readIgnoreRevs } from './ignore-revs';
import { createLimiter } from './limiter';
import { collapseWhitespace, locateLine, splitLines } from './line-locate';
import { LoadingCache } from './loading-cache';
import { type BlamedLine, parseLinePorcelain } from './porcelain';
import { confinePath } from './repo-path';
import { createRevisionResolver } from './revisions';
import { firstLine, type GitCallEvent, type GitRun, runGit } from './run-git';
import { statelessRegExp } from './stateless-regexp';
import type { BlameOutcome, BlameRequest, VersionControl } from './types';

/** Authors skipped by default: bots such as `dependabot[bot]`. */
export const DEFAULT_IGNORE_AUTHORS = /\[bot\]/;

/** A revision name a report may carry; anything else is never passed to git. */
export const REVISION_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * Lines blamed around the asked one. Blaming only the asked line would hide code moved from
 * another file (`-C`) whenever that line alone is too short for git's copy-detection score
 * (40 alphanumeric characters); with context, git sees the moved block as a whole.
 */
const CONTEXT_LINES = 12;
/** Most bot commits skipped for one line. */
const MAX_SKIPPED_AUTHORS = 5;
/** How long a path's confinement check is trusted. */
const CONFINE_TTL_MS = 1000;
/** How long a name → commit resolution (HEAD, a branch) is trusted. */
const REVISION_TTL_MS = 1000;
/** How long the ignore-revs file's contents are trusted. */
const IGNORE_REVS_TTL_MS = 1000;
/** A fetch of one missing commit may take this long. */
const FETCH_TIMEOUT_MS = 5 * 60 * 1000;

export interface GitVersionControlOptions {
  /** The repository's working tree; report paths are relative to it. */
  repoDir: string;
  /** The git executable (git_cli_path). */
  gitPath: string;
  /** Most git processes at once for blame (max_concurrent_git_blames); the rest wait. */
  maxConcurrent: number;
  /** blame_ignore_revs_file, relative to repoDir or absolute; null: the repository's `.git-blame-ignore-revs` if any. */
  ignoreRevsFile: string | null;
  /** Skip commits whose author `name <email>` matches; default {@link DEFAULT_IGNORE_AUTHORS}, null skips none. */
  ignoreAuthors?: RegExp | null;
  /**
   * Fetch a report's revision from `origin` when the repository lacks it (a managed clone,
   * repo_url set): once per revision, full commit names only. Default false.
   */
  fetchMissing?: boolean;
  /** Blame results kept; default 10,000. */
  cacheSize?: number;
  /** Sees every git process start and end (metrics, tests). */
  onGitCall?: (event: GitCallEvent) => void;
}

class GitFailure extends Error {}

/** What a blame looks past: the ignore-revs file (once needed) and commits by ignored authors. */
interface Noise {
  revsFile: string | null;
  skip: string[];
}

const short = (sha: string): string => sha.slice(0, 7);
const fail = (kind: Exclude<BlameOutcome, { ok: true }>['kind'], reason: string): BlameOutcome => ({
  ok: false,
  kind,
  reason,
});
const quoted = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);

/**
 * Blame through the git command line (SPEC §8): no shell, paths confined to the repository,
 * the reported revision when git knows it (fetched once from origin with `fetchMissing`, else
 * HEAD), the line found again by its text when it
 * moved, bot and ignored-revision commits skipped, results cached per (commit, path, line, text)
 * with identical concurrent requests sharing one git run, and at most `maxConcurrent` git
 * processes at once.
 */
export function createGitVersionControl(options: GitVersionControlOptions): VersionControl {
  const { repoDir, gitPath, onGitCall } = options;
  const authors = options.ignoreAuthors === undefined ? DEFAULT_IGNORE_AUTHORS : options.ignoreAuthors;
  const ignoreAuthors = authors === null ? null : statelessRegExp(authors);
  const limiter = createLimiter(options.maxConcurrent);
  const results = new LoadingCache<BlameOutcome>({ maxEntries: options.cacheSize ?? 10_000 });
  const files = new LoadingCache<string | null>({ maxEntries: 64 });
  const ignoreLists = new LoadingCache<IgnoreRevsList | null>({ maxEntries: 1, ttlMs: IGNORE_REVS_TTL_MS });

  const git = (args: string[]): Promise<GitRun> =>
    limiter.run(() => runGit(gitPath, args, { cwd: repoDir, onGitCall }));
  // A fetch waits on the network, not the CPU: it does not take a blame slot.
  const fetch = options.fetchMissing
    ? (args: string[]) => runGit(gitPath, args, { cwd: repoDir, onGitCall, timeoutMs: FETCH_TIMEOUT_MS })
    : null;
  const revisions = createRevisionResolver({ repoDir, git, fetch, ttlMs: REVISION_TTL_MS });

  const readFileAt = (sha: string, path: string): Promise<string | null> =>
    files.load(`${sha}:${path}`, async () => {
      // `./` makes the path relative to repoDir, as it is for `git blame -- path`.
      const run = await git(['cat-file', 'blob', `${sha}:./${path}`]);
      return run.code === 0 ? run.stdout : null;
    });

  const ignoreRevs = (): Promise<IgnoreRevsList | null> =>
    ignoreLists.load('list', () => readIgnoreRevs(repoDir, options.ignoreRevsFile));

  /**
   * Blames the window around a line; git clamps the window's end to the file's length. The
   * ignore-revs file is passed only once a listed commit was met; `skip` holds bot commits.
   */
  function blameWindow(sha: string, path: string, lineNumber: number, noise: Noise): Promise<GitRun> {
    const from = Math.max(1, lineNumber - CONTEXT_LINES);
    const to = lineNumber + CONTEXT_LINES;
    const args = ['blame', '--line-porcelain', '--no-textconv', '-w', '-M', '-C', '-L', `${from},${to}`];
    if (noise.revsFile !== null) args.push('--ignore-revs-file', noise.revsFile);
    for (const commit of noise.skip) args.push('--ignore-rev', commit);
    args.push(sha, '--', path);
    return git(args);
  }

  async function blameLine(sha: string, path: string, lineNumber: number, noise: Noise): Promise<BlamedLine> {
    const run = await blameWindow(sha, path, lineNumber, noise);
    if (run.code !== 0) throw new GitFailure(`git blame failed: ${firstLine(run.stderr)}`);
    const line = parseLinePorcelain(run.stdout).find((entry) => entry.finalLine === lineNumber);
    if (!line) throw new GitFailure(`git blame gave no answer for ${path}:${lineNumber} at ${short(sha)}`);
    return line;
  }

  /**
   * Blames the reported line when it still reads like the report's text — one git process,
   * the common case. Otherwise (moved line, changed line, line past the end) `null`, and the
   * caller reads the file to find where the text went.
   */
  async function blameIfUnmoved(
    sha: string,
    path: string,
    lineNumber: number,
    text: string,
  ): Promise<BlamedLine | null> {
    const run = await blameWindow(sha, path, lineNumber, { revsFile: null, skip: [] });
    if (run.code !== 0) return null;
    const line = parseLinePorcelain(run.stdout).find((entry) => entry.finalLine === lineNumber);
    if (!line) return null;
    const wanted = collapseWhitespace(text);
    return wanted === '' || collapseWhitespace(line.text) === wanted ? line : null;
  }

  /**
   * Blames the line (given the first answer, when there is one), then again past each noise
   * commit: one listed in the ignore-revs file, or one by an ignored author. The first blame
   * runs without the ignore-revs file — a line no listed commit touched gets the same answer
   * either way — so a listed commit shows itself, is named in the notes, and costs one more
   * blame only for the lines it touched.
   */
  async function blameSkippingNoise(sha: string, path: string, lineNumber: number, first: BlamedLine | null) {
    const notes: string[] = [];
    const noise: Noise = { revsFile: null, skip: [] };
    const listed = await ignoreRevs();
    let line: BlamedLine = first ?? (await blameLine(sha, path, lineNumber, noise));
    for (;;) {
      const kind = listed?.revisions.has(line.commit) ? 'listed' : isIgnoredAuthor(line) ? 'bot' : null;
      if (kind === null) break;
      const what =
        kind === 'listed'
          ? `commit ${short(line.commit)} (${line.authorName}) listed in ${listed?.shown}`
          : `bot commit ${short(line.commit)} (${line.authorName})`;
      // git keeps a line on an ignored commit when no earlier version of it exists.
      if ((kind === 'listed' && noise.revsFile !== null) || noise.skip.includes(line.commit)) {
        notes.push(`${what} wrote the line; no earlier author`);
        break;
      }
      if (kind === 'bot' && noise.skip.length === MAX_SKIPPED_AUTHORS) {
        notes.push(`gave up after skipping ${noise.skip.length} bot commits`);
        break;
      }
      if (kind === 'listed') noise.revsFile = listed?.file ?? null;
      else noise.skip.push(line.commit);
      const earlier = await blameLine(sha, path, lineNumber, noise);
      if (earlier.commit === line.commit) {
        notes.push(`${what} wrote the line; no earlier author`);
        break;
      }
      notes.push(`skipped ${what}`);
      line = earlier;
    }
    return { line, notes };
  }

  function isIgnoredAuthor(line: BlamedLine): boolean {
    return ignoreAuthors?.test(`${line.authorName} <${line.authorEmail}>`) ?? false;
  }

  async function blameAt(sha: string, path: string, lineNumber: number, text: string): Promise<BlameOutcome> {
    const unmoved = await blameIfUnmoved(sha, path, lineNumber, text);
    if (unmoved) {
      const { line, notes } = await blameSkippingNoise(sha, path, lineNumber, unmoved);
      return blamed(line, sha, lineNumber, path, notes);
    }
    const content = await readFileAt(sha, path);
    if (content === null) return fail('no_such_line', `${path} does not exist at ${short(sha)}`);
    const lines = splitLines(content);
    const where = locateLine(lines, lineNumber, text);
    if (!where.found) {
      return where.kind === 'no_such_line'
        ? fail('no_such_line', `${path} has ${lines.length} lines at ${short(sha)}, not ${lineNumber}`)
        : fail(
            'text_not_found',
            `line moved or changed since the report: ${quoted(collapseWhitespace(text))} is nowhere in ${path} at ${short(sha)}`,
          );
    }
    const { line, notes } = await blameSkippingNoise(sha, path, where.lineNumber, null);
    if (where.movedFrom !== null) notes.unshift(`line moved from ${where.movedFrom} to ${where.lineNumber}`);
    return blamed(line, sha, where.lineNumber, path, notes);
  }

  // The confinement check costs file-system calls; a cached blame must not, so its answer
  // is kept briefly per requested path (symlinks could change, but not every second).
  const confined = new LoadingCache<{ root: string | null; path: string | null }>({
    maxEntries: 10_000,
    ttlMs: CONFINE_TTL_MS,
  });

  async function blameRequest(request: BlameRequest): Promise<BlameOutcome> {
    const { lineNumber, text } = request;
    if (!Number.isInteger(lineNumber) || lineNumber < 1)
      return fail('no_such_line', `${lineNumber} is not a line number`);
    const where = await confined.load(request.path, async () => {
      const root = await realpath(repoDir).catch(() => null);
      return { root, path: root === null ? null : await confinePath(root, request.path) };
    });
    if (where.root === null) return fail('no_repository', `repository directory ${repoDir} does not exist`);
    const path = where.path;
    if (path === null) return fail('path_outside', `${quoted(request.path)} is not a path inside the repository`);

    const asked = request.revision;
    const known = asked && REVISION_NAME.test(asked) ? await revisions.resolve(asked) : null;
    let sha = known?.sha ?? null;
    let revisionNote = known?.sha && known.fetched ? `fetched revision ${short(known.sha)} from origin` : '';
    if (sha === null) {
      const head = await revisions.resolve('HEAD');
      if (head.sha === null) {
        return fail(
          'no_repository',
          `no commit at HEAD in ${repoDir}: ${firstLine(head.stderr) || 'empty repository'}`,
        );
      }
      sha = head.sha;
      const fetched = known?.sha === null && known.fetchTried ? ', nor on origin' : '';
      if (asked) revisionNote = `revision ${quoted(asked)} is not in the repository${fetched}, so HEAD was blamed`;
    }

    const key = [sha, path, lineNumber, collapseWhitespace(text)].join('\0');
    const outcome = await results.load(
      key,
      () => blameAt(sha, path, lineNumber, text),
      (o) => o.ok || o.kind !== 'git_failed',
    );
    return withNote(outcome, revisionNote);
  }

  return {
    async blame(request) {
      try {
        return await blameRequest(request);
      } catch (error) {
        return fail('git_failed', error instanceof Error ? error.message : String(error));
      }
    },
    async close() {
      await Promise.all([results.settled(), files.settled(), revisions.settled(), ignoreLists.settled()]);
    },
  };
}

function blamed(line: BlamedLine, sha: string, lineNumber: number, path: string, notes: string[]): BlameOutcome {
  if (line.filename !== '' && line.filename !== path) notes.push(`moved or copied from ${line.filename}`);
  return {
    ok: true,
    result: {
      authorEmail: line.authorEmail,
      authorName: line.authorName,
      authorTime: line.authorTime,
      commit: line.commit,
      revision: sha,
      lineNumber,
      note: notes.join('; '),
    },
  };
}

function withNote(outcome: BlameOutcome, note: string): BlameOutcome {
  if (note === '') return outcome;
  if (!outcome.ok) return { ...outcome, reason: `${outcome.reason} (${note})` };
  const combined = outcome.result.note === '' ? note : `${note}; ${outcome.result.note}`;
  return { ok: true, result: { ...outcome.result, note: combined } };
}
