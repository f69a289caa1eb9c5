/** What the benchmarks share: a real repository, a real server process, measurements. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ErrorReport } from '@flawless/protocol';

export const ROOT = join(__dirname, '../../../..');

/** Resident memory of a process, MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The p-th percentile of sorted values. */
export function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : Number.NaN;
}

/** Source files holding every reported line, so blame finds real lines: repo path → content. */
export function sourcesFor(
  reports: ErrorReport[],
  toRepoPath: (filename: string) => string | null,
): Record<string, string> {
  const files: Record<string, string[]> = {};
  for (const r of reports) {
    for (const f of r.traceback) {
      const path = toRepoPath(f.filename);
      if (path === null || path.includes('node_modules/')) continue;
      const lines = files[path] ?? [];
      files[path] = lines;
      while (lines.length < f.line_number) lines.push('# filler');
      lines[f.line_number - 1] = f.text.replace(/\n$/, '');
    }
  }
  return Object.fromEntries(Object.entries(files).map(([p, lines]) => [p, `${lines.join('\n')}\n`]));
}

/** Starts a process and waits for `ready` on its stdout. */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

/** Stops a process with SIGTERM and waits for it. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

export interface FlawlessProcess {
  child: ChildProcess;
  httpPort: number;
  thriftPort: number;
  /** Sum of every count of the current week. */
  storedTotal(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `flawless start` as a user runs it, on a fresh data dir, blaming a fresh git repository
 * holding `files`. BENCH_CPU_PROF=<dir> writes a CPU profile of the server.
 */
export async function startFlawless(files: Record<string, string>): Promise<FlawlessProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flawless-bench-'));
  const repoDir = join(dataDir, 'repo');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repoDir, file)), { recursive: true });
    writeFileSync(join(repoDir, file), content);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd: repoDir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'sample app');
  const prof = process.env['BENCH_CPU_PROF'];
  const { child, match } = await startProcess(
    [
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
      join(ROOT, 'packages/server/dist/src/cli/main.js'),
      'start',
    ],
    {
      FLAWLESS_DATA_DIR_PATH: dataDir,
      FLAWLESS_HTTP_PORT: '0',
      FLAWLESS_PORT: '0',
      FLAWLESS_LOG_LEVEL: 'error',
      FLAWLESS_REPO_DIR: repoDir,
      // BENCH_SERVER_NODE_OPTIONS tries V8 settings on the server alone.
      ...(process.env['BENCH_SERVER_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_SERVER_NODE_OPTIONS'] } : {}),
    },
    /web UI:\s+http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*Thrift:\s+127\.0\.0\.1:(\d+)/,
  );
  const httpPort = Number(match[1]);
  return {
    child,
    httpPort,
    thriftPort: Number(match[2]),
    async storedTotal() {
      const res = await fetch(
        `http://127.0.0.1:${httpPort}/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1`,
      );
      const weekly = (await res.json()) as { errors: { count: number }[] };
      return weekly.errors.reduce((s, e) => s + e.count, 0);
    },
    async stop() {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes bench-results/<name>.json. */
export function saveResults(name: string, results: unknown): void {
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, `bench-results/${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}
