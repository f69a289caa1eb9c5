/**
 * Ingest benchmark: our server against a bare node:http baseline, same bodies, same
 * machine, same run. Prints a table and writes bench-results/ingest.json.
 *   node packages/server/dist/bench/ingest-bench.js [seconds]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult, LoadSpec } from './load';
import { sampleReports, sampleSources } from './sample';

const seconds = Number(process.argv[2] ?? process.env['BENCH_SECONDS'] ?? 10);
const ROOT = join(__dirname, '../../../..');

function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(join(__dirname, 'load.js'), { workerData: spec });
    w.once('message', (r: LoadResult) => {
      void w.terminate();
      resolve(r);
    });
    w.once('error', reject);
  });
}

function startProcess(
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

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : Number.NaN;
}

async function stop(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

async function main(): Promise<void> {
  const durationMs = seconds * 1000;
  const reports = sampleReports(500);
  const singles = reports.map((r) => JSON.stringify(r));
  const batches = Array.from({ length: 20 }, (_, b) =>
    JSON.stringify(sampleReports(100).map((r, i) => ({ ...r, hostname: `b${b}-${i}` }))),
  );
  const avgBytes = Math.round(singles.reduce((s, b) => s + b.length, 0) / singles.length);

  // 1. Baseline: bare node:http, parse + 202.
  const base = await startProcess([join(__dirname, 'baseline-server.js')], {}, /listening (\d+)/);
  const basePort = Number(base.match[1]);
  await load({ port: basePort, path: '/', bodies: singles, connections: 32, durationMs: 1000 }); // warm-up
  const baseline = await load({ port: basePort, path: '/', bodies: singles, connections: 32, durationMs });
  await stop(base.child);

  // 2. Flawless, started as a user would, on a fresh data dir, blaming a real repository
  // that holds the reported lines (so records are blamed and emails decided, as in use).
  const dataDir = mkdtempSync(join(tmpdir(), 'flawless-bench-'));
  const repoDir = join(dataDir, 'repo');
  for (const [file, content] of Object.entries(sampleSources())) {
    mkdirSync(dirname(join(repoDir, file)), { recursive: true });
    writeFileSync(join(repoDir, file), content);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd: repoDir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'sample app');
  const srv = await startProcess(
    [
      // BENCH_CPU_PROF=<dir> writes a CPU profile of the server, for finding where time goes.
      ...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : []),
      join(ROOT, 'packages/server/dist/src/cli/main.js'),
      'start',
    ],
    {
      FLAWLESS_DATA_DIR_PATH: dataDir,
      FLAWLESS_HTTP_PORT: '0',
      FLAWLESS_PORT: '0',
      FLAWLESS_LOG_LEVEL: 'error',
      FLAWLESS_REPO_DIR: repoDir,
    },
    /web UI:\s+http:\/\/127\.0\.0\.1:(\d+)\//,
  );
  const port = Number(srv.match[1]);
  let maxRss = 0;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, rssMb(srv.child.pid!));
  }, 100);

  const path = '/api/v1/errors';
  const warm = await load({ port, path, bodies: singles, connections: 32, durationMs: 1000 });
  // BENCH_ONLY=single|batch|paced runs one phase (the others run for 0 s).
  const only = process.env['BENCH_ONLY'];
  const ms = (phase: string) => (only && only !== phase ? 0 : durationMs);
  const rssAfter: Record<string, number> = { idle: rssMb(srv.child.pid!) };
  const single = await load({ port, path, bodies: singles, connections: 32, durationMs: ms('single') });
  rssAfter['single'] = maxRss;
  const batched = await load({ port, path, bodies: batches, connections: 8, durationMs: ms('batch') });
  rssAfter['batch'] = maxRss;
  const paced = await load({ port, path, bodies: singles, connections: 16, durationMs: ms('paced'), ratePerSec: 1000 });
  rssAfter['paced'] = maxRss;
  clearInterval(sampler);

  const accepted = (r: LoadResult, per: number) => (r.statuses['202'] ?? 0) * per;
  const weekly = (await (
    await fetch(`http://127.0.0.1:${port}/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1`)
  ).json()) as { errors: { count: number }[] };
  const stored = weekly.errors.reduce((s, e) => s + e.count, 0);
  await stop(srv.child);
  rmSync(dataDir, { recursive: true, force: true });

  const rate = (r: LoadResult, per = 1) => (accepted(r, per) / r.elapsedMs) * 1000;
  const results = {
    date: new Date().toISOString(),
    seconds,
    reportBytes: avgBytes,
    baseline: { reportsPerSec: rate(baseline, 1) },
    single: {
      reportsPerSec: rate(single),
      p50: pct(single.latencies, 50),
      p99: pct(single.latencies, 99),
      statuses: single.statuses,
    },
    batch100: { reportsPerSec: rate(batched, 100), p99: pct(batched.latencies, 99), statuses: batched.statuses },
    paced1000: {
      reportsPerSec: rate(paced),
      p50: pct(paced.latencies, 50),
      p99: pct(paced.latencies, 99),
      statuses: paced.statuses,
    },
    singleVsBaseline: rate(single) / rate(baseline, 1),
    maxRssMb: maxRss,
    peakRssMbAfterPhase: rssAfter,
    acknowledged: accepted(warm, 1) + accepted(single, 1) + accepted(batched, 100) + accepted(paced, 1),
    stored,
  };
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/ingest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`ingest benchmark (${seconds} s per run, ~${avgBytes} B reports, 50 distinct lines)`);
  console.log(`  bare node:http parse+202 baseline: ${f(results.baseline.reportsPerSec)} reports/s`);
  console.log(
    `  flawless, one report per request:  ${f(results.single.reportsPerSec)} reports/s  (${(results.singleVsBaseline * 100).toFixed(1)}% of baseline; p50 ${results.single.p50.toFixed(2)} ms, p99 ${results.single.p99.toFixed(2)} ms)`,
  );
  console.log(
    `  flawless, batches of 100:          ${f(results.batch100.reportsPerSec)} reports/s  (p99 ${results.batch100.p99.toFixed(2)} ms per batch)`,
  );
  console.log(
    `  flawless at 1,000 reports/s:       p50 ${results.paced1000.p50.toFixed(2)} ms, p99 ${results.paced1000.p99.toFixed(2)} ms`,
  );
  const phases = Object.entries(rssAfter)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');
  console.log(
    `  server peak RSS:                   ${results.maxRssMb.toFixed(0)} MB (peak so far after each phase, MB: ${phases})`,
  );
  const exact = results.acknowledged === stored ? 'exact' : 'MISMATCH';
  console.log(`  counts: ${f(results.acknowledged)} acknowledged with 202, ${f(stored)} stored (${exact})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
