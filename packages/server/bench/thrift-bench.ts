/**
 * Thrift endpoint benchmark: 8 connections each calling record_error, one call at a time
 * (as Flawless 0.4 clients do), for N seconds, against the real server (`flawless start`
 * in its own process, SQLite, a real repository to blame in), each call answered only once
 * its count is stored. The load runs in a worker thread (its own core). Prints calls/s,
 * latency, the count check and memory; writes bench-results/thrift.json.
 *   node packages/server/dist/bench/thrift-bench.js [seconds]
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ErrorReport } from '@flawless/protocol';
import { toRepoPath } from '../src/triage/paths';
import { RawClient, recordErrorCall, type WireRequest } from '../test/ingest/thrift-client';
import { pct, rssMb, saveResults, sourcesFor, startFlawless } from './harness';

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
  const samples = Array.from({ length: 100 }, (_, i) => sampleRequest(i));
  const srv = await startFlawless(
    sourcesFor(samples as unknown as ErrorReport[], (f) => toRepoPath(f, ['site-packages'])),
  );
  let maxRss = 0;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, rssMb(srv.child.pid!));
  }, 100);
  try {
    const warm = await load({ port: srv.thriftPort, durationMs: 1000 });
    const r = await load({ port: srv.thriftPort, durationMs: seconds * 1000 });
    clearInterval(sampler);
    const stored = await srv.storedTotal();
    const answered = warm.calls + r.calls;
    const results = {
      date: new Date().toISOString(),
      seconds,
      connections: CONNECTIONS,
      callsPerSec: (r.calls * 1000) / r.elapsedMs,
      calls: r.calls,
      errors: r.errors + warm.errors,
      answeredInclWarmup: answered,
      stored,
      exact: stored === answered && r.errors + warm.errors === 0,
      p50: pct(r.latencies, 50),
      p99: pct(r.latencies, 99),
      maxRssMb: maxRss,
    };
    saveResults('thrift', results);
    const f = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`thrift benchmark (${seconds} s, ${CONNECTIONS} connections, one call at a time each, real server)`);
    console.log(
      `  record_error, answered once stored:  ${f(results.callsPerSec)} calls/s  (p50 ${results.p50.toFixed(2)} ms, p99 ${results.p99.toFixed(2)} ms)`,
    );
    console.log(
      `  counts: ${f(answered)} answered (incl. warm-up), ${f(stored)} stored, ${results.errors} errors -> ${results.exact ? 'exact' : 'MISMATCH'}`,
    );
    console.log(`  server peak RSS: ${maxRss.toFixed(0)} MB`);
    if (!results.exact) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await srv.stop();
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
