import { execFile } from 'node:child_process';

/** What one git process did. */
export interface GitRun {
  /** Exit code; non-zero is not an exception, callers decide what it means. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Seen when a git process starts and when it ends; for metrics and tests. */
export interface GitCallEvent {
  phase: 'start' | 'end';
  /** The arguments after the git executable, e.g. `['blame', '--line-porcelain', ...]`. */
  args: readonly string[];
}

export interface RunGitOptions {
  cwd: string;
  /** Kill git after this long. Default 120 s. */
  timeoutMs?: number;
  /** Most stdout bytes accepted. Default 64 MiB. */
  maxBuffer?: number;
  onGitCall?: ((event: GitCallEvent) => void) | undefined;
}

// Inherited variables that would point git at another repository or inject config
// (a server started from a git hook has several of these set).
const DROPPED_ENV =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|PREFIX|CONFIG|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|REPLACE_REF_BASE|GRAFT_FILE|SHALLOW_FILE|QUARANTINE_PATH|EXEC_PATH)$/;

/**
 * The environment git runs with: the server's own, minus variables that redirect git, plus
 * settings that make its output deterministic (C locale, no system config, no pager or prompt).
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!DROPPED_ENV.test(name)) env[name] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    LC_ALL: 'C',
    LANG: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    // Read-only commands must not take the index lock that a concurrent `git pull` needs.
    GIT_OPTIONAL_LOCKS: '0',
  };
}

/**
 * Runs `git <args>` without a shell. Resolves with the exit code and output whatever the exit
 * code; rejects only when git could not run or finish (missing executable, timeout, huge output).
 */
export function runGit(gitPath: string, args: readonly string[], options: RunGitOptions): Promise<GitRun> {
  const { onGitCall } = options;
  onGitCall?.({ phase: 'start', args });
  return new Promise<GitRun>((resolve, reject) => {
    execFile(
      gitPath,
      args,
      {
        cwd: options.cwd,
        env: gitEnv(),
        encoding: 'utf8',
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 120_000,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        onGitCall?.({ phase: 'end', args });
        if (!error) return resolve({ code: 0, stdout, stderr });
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'number' && !error.killed) return resolve({ code, stdout, stderr });
        reject(new Error(describeFailure(gitPath, args, error), { cause: error }));
      },
    );
  });
}

function describeFailure(gitPath: string, args: readonly string[], error: Error & { code?: unknown }): string {
  const what = `git ${args[0] ?? ''}`.trim();
  if (error.code === 'ENOENT') return `cannot run git (${gitPath}): not found, or the working directory is missing`;
  if ((error as { killed?: boolean }).killed) return `${what} was stopped: it took too long`;
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `${what} printed more than allowed`;
  return `${what} failed: ${error.message}`;
}

/** The first line of git's complaint, for a human-readable reason. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
