/**
 * Ingest benchmark: our server against a bare node:http baseline, same bodies, same
 * machine, same run. Prints a table and writes bench-results/ingest.json.
 *   node packages/server/dist/bench/ingest-bench.js [seconds]
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pct, rssMb, saveResults, startFlawless, startProcess, stopProcess } from './harness';
import type { LoadResult, LoadSpec } from './load';
import { sampleReports, sampleSources } from './sample';

const seconds = Number(process.argv[2] ?? process.env['BENCH_SECONDS'] ?? 10);

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
  await stopProcess(base.child);

  // 2. Flawless, started as a user would, blaming a real repository that holds the
  // reported lines (so records are blamed and emails decided, as in use).
  const srv = await startFlawless(sampleSources());
  const port = srv.httpPort;
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
  const stored = await srv.storedTotal();
  await srv.stop();

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
  saveResults('ingest', results);
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
