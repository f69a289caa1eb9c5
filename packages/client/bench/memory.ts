/**
 * Client memory under a flood of distinct errors: 1,000,000 captures, each its own
 * signature, against a server that accepts them. The RSS growth must stay under 50 MB.
 *
 *   node packages/client/dist/bench/memory.js [captures=1000000]
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Benchmark output goes to stdout. */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function flood(server: string, captures: number): Promise<void> {
  const flawless = require('../src/index') as typeof import('../src/index');
  // FLAWLESS_SERVERS= (none): the same loop with a client that does nothing, for comparison.
  flawless.init({ servers: process.env['BENCH_BARE'] ? [] : [server], captureLocals: !process.env['BENCH_NOLOCALS'] });
  const gc = (globalThis as { gc?: () => void }).gc!;
  // Warm up: what every app pays once (modules, source text, the debugger).
  for (let i = 0; i < 1000; i++) capture(flawless, i);
  await flawless.flush();
  gc();
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeapTotal = before.heapTotal;
  const started = Date.now();
  for (let i = 1000; i < captures + 1000; i++) {
    capture(flawless, i);
    if (i % 1000 === 0) {
      await new Promise((r) => setImmediate(r));
      const now = process.memoryUsage();
      peak = Math.max(peak, now.rss);
      peakHeapTotal = Math.max(peakHeapTotal, now.heapTotal);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  await flawless.flush(30_000);
  gc();
  const after = process.memoryUsage();
  const stats = flawless.getStats()!;
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  print(
    JSON.stringify({
      captures,
      seconds,
      growthMB: mb(after.rss - before.rss),
      peakGrowthMB: mb(peak - before.rss),
      heapGrowthMB: mb(after.heapUsed - before.heapUsed),
      heapTotalBeforeMB: mb(before.heapTotal),
      heapTotalAfterMB: mb(after.heapTotal),
      heapTotalPeakMB: mb(peakHeapTotal),
      externalGrowthMB: mb(after.external - before.external),
      sent: stats.transport.sent,
      dropped: stats.transport.dropped,
      requests: stats.transport.requests,
      lost: stats.lostOccurrences,
    }),
  );
}

class FloodError extends Error {}

/** A distinct error each time: its own type name, so its own signature. */
function capture(flawless: typeof import('../src/index'), i: number): void {
  try {
    const err = new FloodError(`flood ${i}`);
    err.name = `FloodError${i}`;
    throw err;
  } catch (err) {
    flawless.captureException(err);
  }
}

const [mode, server, count] = process.argv.slice(2);
if (mode === 'child') {
  void flood(server!, Number(count)).then(() => process.exit(0));
} else {
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  sink.listen(0, '127.0.0.1', () => {
    const address = `127.0.0.1:${(sink.address() as AddressInfo).port}`;
    // Asynchronous: the sink in this process must keep answering while the child runs.
    execFile(
      process.execPath,
      [
        '--expose-gc',
        ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean),
        __filename,
        'child',
        address,
        mode ?? '1000000',
      ],
      (err, out) => {
        sink.close();
        if (err) throw err;
        report(out);
      },
    );
  });
}

function report(out: string): void {
  {
    const r = JSON.parse(out) as { captures: number; seconds: number; growthMB: number; peakGrowthMB: number };
    print(`${r.captures.toLocaleString()} distinct errors in ${r.seconds.toFixed(1)} s`);
    print(out.trim());
    print(`RSS growth after: ${r.growthMB.toFixed(1)} MB, at peak: ${r.peakGrowthMB.toFixed(1)} MB (limit 50 MB)`);
  }
}
