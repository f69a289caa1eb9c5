/**
 * Costs on the app's path: `wrap` when nothing throws, `captureException` without locals
 * (every call, thinned ones included), and throw + capture with the locals of every app
 * frame; next to @sentry/node with comparable settings on the same error sites. Each SDK
 * runs in its own process against a local HTTP sink.
 *
 *   node packages/client/dist/bench/capture.js
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Benchmark output goes to stdout. */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Results of one SDK, in microseconds (wrap in nanoseconds). */
interface Result {
  wrapNs?: number;
  captureP50: number;
  captureP99: number;
  /** Everything a capture costs, work deferred to later ticks included (mean over the run). */
  captureMean: number;
  localsP50: number;
  localsP99: number;
}

const SITES = 20;

function percentile(samples: Float64Array, p: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function loadSites(file: string): Array<(n: number) => never> {
  const mod = require(file) as Record<string, (n: number) => never>;
  return Array.from({ length: SITES }, (_, i) => mod[`s${i}`]!);
}

function thrownAt(site: (n: number) => never, n: number): unknown {
  try {
    return site(n);
  } catch (err) {
    return err;
  }
}

/**
 * `captureException` on freshly thrown errors: µs per call, and the mean cost per call of
 * the whole run (an SDK may defer work to later ticks) over the same loop without it.
 */
async function timeCaptures(capture: (err: unknown) => void, sites: Array<(n: number) => never>, n: number) {
  const loop = async (samples: Float64Array | undefined) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const err = thrownAt(sites[i % SITES]!, i);
      if (samples !== undefined) {
        const t = process.hrtime.bigint();
        capture(err);
        samples[i] = Number(process.hrtime.bigint() - t) / 1000;
      }
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    // Let deferred work finish: it is part of the cost.
    await new Promise((r) => setTimeout(r, 50));
    return Number(process.hrtime.bigint() - started) / 1000;
  };
  const baseline = await loop(undefined);
  const samples = new Float64Array(n);
  const total = await loop(samples);
  return { samples, mean: (total - baseline) / n };
}

/** Throw, catch and capture, each throw paused for its locals: µs per error. */
async function timeThrows(capture: (err: unknown) => void, sites: Array<(n: number) => never>, n: number) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    capture(thrownAt(sites[i % SITES]!, i));
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
    await new Promise((r) => setImmediate(r));
  }
  return samples;
}

function wrapOverheadNs(wrap: <F extends (...a: never[]) => unknown>(f: F) => F): number {
  const add = (a: number, b: number): number => a + b;
  const wrapped = wrap(add);
  const n = 20_000_000;
  const time = (f: (a: number, b: number) => number) => {
    let acc = 0;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) acc = f(acc & 0xffff, i);
    return [Number(process.hrtime.bigint() - t) / n, acc] as const;
  };
  time(add);
  time(wrapped);
  const [bare] = time(add);
  const [inner] = time(wrapped);
  return inner - bare;
}

/** One measurement of one SDK, each in a fresh process (re-initialising an SDK is not what apps do). */
async function measure(kind: string, server: string, sitesFile: string): Promise<Partial<Result>> {
  const sites = loadSites(sitesFile);
  const [sdk, what] = kind.split('-');
  let capture: (err: unknown) => void;
  if (sdk === 'flawless') {
    const flawless = require('../src/index') as typeof import('../src/index');
    if (what === 'wrap') return { wrapNs: wrapOverheadNs(flawless.wrap) };
    flawless.init({ servers: [server], captureLocals: what === 'locals', localsRateLimit: 1e9 });
    capture = flawless.captureException;
  } else {
    const Sentry = require('@sentry/node') as typeof import('@sentry/node');
    // Sentry's default integrations, as an app runs it (without them it captures no locals).
    Sentry.init({
      dsn: `http://public@${server}/1`,
      includeLocalVariables: what === 'locals',
      integrations:
        what === 'locals'
          ? [Sentry.localVariablesIntegration({ captureAllExceptions: true, maxExceptionsPerSecond: 1e9 })]
          : undefined,
    });
    // Its debugger runs in a worker thread that needs a moment to start.
    await new Promise((r) => setTimeout(r, 1000));
    capture = (err) => Sentry.captureException(err);
  }
  if (what === 'locals') {
    const samples = await timeThrows(capture, sites, 1000);
    return { localsP50: percentile(samples, 0.5), localsP99: percentile(samples, 0.99) };
  }
  const { samples, mean } = await timeCaptures(capture, sites, 20_000);
  return { captureP50: percentile(samples, 0.5), captureP99: percentile(samples, 0.99), captureMean: mean };
}

async function compare(): Promise<void> {
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const server = `127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'flawless-bench-'));
  const sitesFile = join(dir, 'sites.js');
  const lines = Array.from(
    { length: SITES },
    (_, i) =>
      `exports.s${i} = function s${i}(n) { const twice = n * 2; const label = 'site ${i}'; const order = { n, twice, items: ['a', 'b'] }; throw new Error(label + ' ' + order.n); };`,
  );
  writeFileSync(sitesFile, `${lines.join('\n')}\n`);
  try {
    const run = (kind: string): Partial<Result> =>
      JSON.parse(
        execFileSync(process.execPath, [__filename, kind, server, sitesFile], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      ) as Partial<Result>;
    const ours = { ...run('flawless-wrap'), ...run('flawless-plain'), ...run('flawless-locals') } as Result;
    const theirs = { ...run('sentry-plain'), ...run('sentry-locals') } as Result;
    const f = (n: number) => n.toFixed(1).padStart(8);
    print(`                                          flawless   @sentry/node   ratio`);
    print(`wrap, nothing thrown (ns over a bare call) ${f(ours.wrapNs ?? 0)}`);
    for (const [label, key] of [
      ['captureException, no locals, p50 (µs)', 'captureP50'],
      ['captureException, no locals, p99 (µs)', 'captureP99'],
      ['  all its work, deferred too, mean (µs)', 'captureMean'],
      ['throw + capture with locals, p50 (µs)', 'localsP50'],
      ['throw + capture with locals, p99 (µs)', 'localsP99'],
    ] as const) {
      print(`${label.padEnd(42)}${f(ours[key])}   ${f(theirs[key])}   ${(theirs[key] / ours[key]).toFixed(1)}×`);
    }
  } finally {
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [kind, server, sitesFile] = process.argv.slice(2);
if (kind !== undefined) {
  void measure(kind, server!, sitesFile!).then((r) => {
    process.stdout.write(JSON.stringify(r));
    process.exit(0);
  });
} else {
  void compare();
}
