/**
 * An app that throws and catches errors internally as fast as it can (never reporting
 * them), with and without the client capturing locals: how much slower does it get?
 * The limit is 2×. Each mode runs in its own process (the debugger is per process).
 *
 *   node packages/client/dist/bench/storm.js [seconds=5]
 */
import { execFileSync } from 'node:child_process';
import * as flawless from '../src/index';

/** Benchmark output goes to stdout. */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface Result {
  ops: number;
  seconds: number;
  pauses: number;
}

class ValidationError extends Error {}

function validate(order: { id: number; qty: number }): number {
  const limit = 10;
  if (order.qty > limit) throw new ValidationError(`qty ${order.qty} over ${limit}`);
  return order.qty;
}

/** One "request": a little real work, and one error thrown and caught. */
function handle(i: number): number {
  const order = { id: i, qty: 11 + (i % 3) };
  const body = JSON.stringify(order);
  try {
    return validate(order);
  } catch {
    return body.length;
  }
}

/** Handles requests for `seconds`, yielding to the event loop between batches as a server does. */
async function work(seconds: number, mode: string): Promise<Result> {
  if (mode !== 'bare') flawless.init({ servers: ['127.0.0.1:9'], captureLocals: mode === 'client' });
  let ops = 0;
  const started = process.hrtime.bigint();
  const end = started + BigInt(seconds * 1e9);
  while (process.hrtime.bigint() < end) {
    for (let k = 0; k < 1000; k++) handle(ops++);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { ops, seconds: elapsed, pauses: flawless.getStats()?.locals?.pauses ?? 0 };
}

const [mode, secondsArg] = process.argv.slice(2);
if (mode === 'bare' || mode === 'client' || mode === 'nolocals') {
  void work(Number(secondsArg), mode).then((result) => {
    print(JSON.stringify(result));
    process.exit(0);
  });
} else {
  compare(Number(mode ?? 5));
}

function compare(seconds: number): void {
  const run = (m: string): Result =>
    JSON.parse(execFileSync(process.execPath, [__filename, m, String(seconds)], { encoding: 'utf8' })) as Result;
  const bare = run('bare');
  const client = run('client');
  const rate = (r: Result) => r.ops / r.seconds;
  print(`bare:   ${Math.round(rate(bare)).toLocaleString()} errors thrown and caught per second`);
  print(
    `client: ${Math.round(rate(client)).toLocaleString()} per second with locals on (${client.pauses} debugger pauses)`,
  );
  print(`slowdown: ${(rate(bare) / rate(client)).toFixed(2)}× (limit 2×)`);
}
