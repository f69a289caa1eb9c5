/**
 * Thrift endpoint benchmark: 8 connections each calling record_error, one call at a time
 * (as Flawless 0.4 clients do), for N seconds, against the Thrift server whose `submit`
 * appends each report to a real file and group-commits it with fsync, answering only
 * once the fsync covering it returned. The load runs in a worker thread (its own core).
 * Prints calls/s, latency, the count check and memory; writes bench-results/thrift.json.
 *   node packages/server/dist/bench/thrift-bench.js [seconds]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ErrorReport } from '@flawless/protocol';
import { createThriftServer } from '../src/ingest/thrift';
import { createGroupCommitter } from '../src/pipeline/group-commit';
import { RawClient, recordErrorCall, type WireRequest } from '../test/ingest/thrift-client';

const ROOT = join(__dirname, '../../../..');
const CONNECTIONS = 8;

interface LoadSpec {
  port: number;
  durationMs: number;
}

interface LoadResult {
  calls: number;
  errors: number;
  elapsedMs: number;
  /** Sorted, in ms. */
  latencies: number[];
}

/** A report like a Python service sends: site-packages paths, indented lines, locals. */
function sampleRequest(i: number): WireRequest {
  const file = `/srv/app/lib/python3.11/site-packages/app/module${i % 50}.py`;
  return {
    traceback: Array.from({ length: 6 }, (_, f) => ({
      filename: f < 5 ? `/srv/app/lib/python3.11/site-packages/app/layer${f}.py` : file,
      line_number: 10 + f * 7 + (i % 50),
      function_name: `handler_${f}`,
      text: `        result = step_${f}(request, context)\n`,
      frame_locals: {
        request: "<Request 'POST /checkout'>",
        context: "{'user_id': 42, 'cart': [1, 2, 3]}",
        f: String(f),
      },
    })),
    exception_message: "KeyError('items')",
    hostname: `web-${i % 8}`,
    additional_info: 'POST /checkout HTTP/1.1\nHost: shop.example\nContent-Type: application/json\n',
    error_count: 1,
    exception_type: 'builtins.KeyError',
  };
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const calls = Array.from({ length: 100 }, (_, i) => recordErrorCall(sampleRequest(i), 1));
  const result: LoadResult = { calls: 0, errors: 0, elapsedMs: 0, latencies: [] };
  const start = performance.now();
  const end = start + spec.durationMs;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const client = await RawClient.connect(spec.port);
      for (let n = c; performance.now() < end; n += CONNECTIONS) {
        const call = calls[n % calls.length]!;
        call.writeInt32BE(n | 0, 24); // the sequence id, after the header and 'record_error'
        const t0 = performance.now();
        const reply = await client.call(call);
        result.latencies.push(performance.now() - t0);
        if (reply.type === 2 && reply.seqid === (n | 0)) result.calls++;
        else result.errors++;
      }
      client.destroy();
    }),
  );
  result.elapsedMs = performance.now() - start;
  result.latencies.sort((a, b) => a - b);
  return result;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: spec });
    w.once('message', (r: LoadResult) => {
      void w.terminate();
      resolve(r);
    });
    w.once('error', reject);
  });
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? process.env['BENCH_SECONDS'] ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'flawless-thrift-bench-'));
  const file = await open(join(dir, 'counts.log'), 'a');
  let commits = 0;
  // A durable store in miniature: each commit appends its reports and fsyncs once.
  const committer = createGroupCommitter<ErrorReport>(async (reports) => {
    let text = '';
    for (const r of reports) text += `${r.hostname}\t${r.traceback.at(-1)?.filename}\t${r.error_count ?? 1}\n`;
    await file.write(text);
    await file.sync();
    commits++;
  });
  const server = createThriftServer({
    submit: (reports) => committer.add(reports),
    log: { debug() {}, warn: (o, m) => console.warn(m, o), error: (o, m) => console.error(m, o) },
  });
  const port = await server.listen(0, '127.0.0.1');
  try {
    await load({ port, durationMs: 1000 }); // warm-up
    const rssBefore = rssMb();
    const linesBefore = readFileSync(join(dir, 'counts.log'), 'utf8').split('\n').length - 1;
    const commitsBefore = commits;
    const r = await load({ port, durationMs: seconds * 1000 });
    await committer.drain();
    const stored = readFileSync(join(dir, 'counts.log'), 'utf8').split('\n').length - 1 - linesBefore;
    const results = {
      date: new Date().toISOString(),
      seconds,
      connections: CONNECTIONS,
      callsPerSec: (r.calls * 1000) / r.elapsedMs,
      calls: r.calls,
      errors: r.errors,
      stored,
      exact: stored === r.calls && r.errors === 0,
      p50: pct(r.latencies, 50),
      p99: pct(r.latencies, 99),
      reportsPerFsync: r.calls / Math.max(1, commits - commitsBefore),
      rssMb: { before: rssBefore, after: rssMb() },
    };
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results/thrift.json'), `${JSON.stringify(results, null, 2)}\n`);
    const f = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`thrift benchmark (${seconds} s, ${CONNECTIONS} connections, one call at a time each)`);
    console.log(
      `  record_error, answered after fsync: ${f(results.callsPerSec)} calls/s  (p50 ${results.p50.toFixed(2)} ms, p99 ${results.p99.toFixed(2)} ms, ${results.reportsPerFsync.toFixed(1)} reports per fsync)`,
    );
    console.log(
      `  counts: ${f(r.calls)} answered, ${f(stored)} stored, ${r.errors} errors -> ${results.exact ? 'exact' : 'MISMATCH'}`,
    );
    console.log(`  rss: ${results.rssMb.before.toFixed(0)} MB before, ${results.rssMb.after.toFixed(0)} MB after`);
    if (!results.exact) process.exitCode = 1;
  } finally {
    await server.close();
    await file.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) {
  void runLoad(workerData as LoadSpec).then((r) => parentPort!.postMessage(r));
} else if (!process.env['NODE_TEST_CONTEXT']) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
