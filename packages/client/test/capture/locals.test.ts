/** Locals read through node:inspector in this process, reported to a real HTTP server. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import type { StackFrame } from '@flawless/protocol';
import * as flawless from '../../src/index';
import { CaptureServer } from '../helpers/capture-server';

let server: CaptureServer;
const warnings: string[] = [];

before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await flawless.close();
  await server.stop();
});

async function start(options: flawless.FlawlessOptions = {}): Promise<void> {
  await flawless.close();
  server.requests.length = 0;
  flawless.init({ servers: [server.address], onWarning: (w) => warnings.push(w), ...options });
}

async function reportedFrames(): Promise<StackFrame[]> {
  assert.equal(await flawless.flush(), true);
  const report = server.reports.at(-1);
  assert.ok(report);
  return report.traceback;
}

class Basket {
  owner = 'ada';
  sessionToken = 'tok-1';
  private readonly items: string[] = ['pear'];

  checkout(discount: number): number {
    const total = 41.5;
    const label = 'spring sale';
    const customer = { name: 'Ada', tags: ['vip'], password: 'inner' };
    const password = 'hunter2';
    if (discount > total) throw new RangeError(`discount ${discount} over ${total} for ${label}`);
    return total - discount + this.items.length + customer.tags.length + password.length;
  }
}

function placeOrder(discount: number): number {
  const orderId = 1234;
  return new Basket().checkout(discount) + orderId;
}

test('the locals of every app frame at the throw, printed and scrubbed, fields of this included', async () => {
  await start();
  try {
    placeOrder(100);
  } catch (err) {
    flawless.captureException(err);
  }
  const frames = await reportedFrames();
  const checkout = frames.at(-1)!;
  assert.equal(checkout.function_name, 'Basket.checkout');
  assert.deepEqual(checkout.frame_locals, {
    discount: '100',
    total: '41.5',
    label: "'spring sale'",
    customer: "{ name: 'Ada', tags: [ 'vip' ], password: **scrubbed** }",
    password: '**scrubbed**',
    'this.owner': "'ada'",
    'this.sessionToken': '**scrubbed**',
    'this.items': "[ 'pear' ]",
  });
  assert.deepEqual(frames.at(-2)!.frame_locals, { discount: '100', orderId: '1234' });
  assert.equal(
    frames.find((f) => f.filename.startsWith('node:'))?.frame_locals,
    undefined,
    'no locals for Node internals',
  );
});

test('a rethrown error keeps the locals of its first throw; nothing is attached to the error', async () => {
  await start();
  let caught: unknown;
  try {
    try {
      placeOrder(200);
    } catch (err) {
      const rethrownFrom = 'outer handler';
      void rethrownFrom;
      throw err;
    }
  } catch (err) {
    caught = err;
  }
  const keysBefore = Reflect.ownKeys(caught as object);
  flawless.captureException(caught);
  const frames = await reportedFrames();
  assert.equal(frames.at(-1)!.frame_locals?.['discount'], '200');
  assert.deepEqual(Reflect.ownKeys(caught as object), keysBefore);
  assert.equal(Object.getOwnPropertySymbols(caught).length, 0);
  const printed = inspect(caught, { showHidden: true });
  assert.ok(!printed.includes('pear') && !printed.includes('hunter2'), 'a logger printing the error shows no locals');
});

test('an async function throwing after an await; a thrown primitive goes out without locals', async () => {
  await start();
  async function fetchStock(sku: string): Promise<number> {
    const warehouse = 'north';
    await new Promise((r) => setImmediate(r));
    throw new Error(`no stock for ${sku} in ${warehouse}`);
  }
  await fetchStock('sku-9').catch((err: unknown) => flawless.captureException(err));
  const frames = await reportedFrames();
  assert.deepEqual(frames.at(-1)!.frame_locals, { sku: "'sku-9'", warehouse: "'north'" });
  try {
    const reason = 'primitive';
    throw reason;
  } catch (err) {
    flawless.captureException(err);
  }
  const primitive = await reportedFrames();
  assert.ok(primitive.every((f) => f.frame_locals === undefined));
});

test('a storm of caught errors suspends pausing; it resumes after the backoff', async () => {
  await start({ localsRateLimit: 5 });
  for (let i = 0; i < 1000; i++) {
    try {
      placeOrder(100 + i);
    } catch {
      // Caught by the app, never reported: the storm the rate limit is for.
    }
  }
  const stats = flawless.getStats()!.locals!;
  assert.ok(stats.pauses <= 6, `${stats.pauses} pauses`);
  assert.equal(stats.suspensions, 1);
  await new Promise((r) => setTimeout(r, 1100));
  try {
    placeOrder(999);
  } catch (err) {
    flawless.captureException(err);
  }
  const frames = await reportedFrames();
  assert.equal(frames.at(-1)!.frame_locals?.['discount'], '999');
});

test('captureLocals false, or FLAWLESS_CAPTURE_LOCALS=false: no debugger at all', async () => {
  await start({ captureLocals: false });
  assert.equal(flawless.getStats()!.locals, undefined);
  process.env['FLAWLESS_CAPTURE_LOCALS'] = 'false';
  try {
    await start();
    assert.equal(flawless.getStats()!.locals, undefined);
  } finally {
    delete process.env['FLAWLESS_CAPTURE_LOCALS'];
  }
  assert.deepEqual(warnings, []);
});
