import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as flawless from '../../src/index';
import { CaptureServer } from '../helpers/capture-server';

let server: CaptureServer;
before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await flawless.close();
  await server.stop();
});

async function start(): Promise<void> {
  await flawless.close();
  server.requests.length = 0;
  flawless.init({ servers: [server.address], captureLocals: false });
}

async function sent(): Promise<string[]> {
  assert.equal(await flawless.flush(), true);
  return server.reports.map((r) => r.exception_message);
}

test('wrap keeps this, arguments, the result, name and length', async () => {
  await start();
  const target = {
    base: 10,
    add(a: number, b: number): number {
      return this.base + a + b;
    },
  };
  const add = flawless.wrap(target.add);
  assert.equal(add.name, 'add');
  assert.equal(add.length, 2);
  assert.equal(add.call(target, 1, 2), 13);
  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
  }
  const WrappedPoint = flawless.wrap(Point as unknown as (...a: never[]) => unknown) as unknown as typeof Point;
  const p = new WrappedPoint(1, 2);
  assert.ok(p instanceof Point);
  assert.deepEqual([p.x, p.y], [1, 2]);
  assert.deepEqual(await sent(), []);
});

test('sync throw and async rejection are reported and rethrown; reraise false returns undefined', async () => {
  await start();
  const sync = flawless.wrap((n: number): number => {
    throw new Error(`sync ${n}`);
  });
  assert.throws(() => sync(1), /sync 1/);
  const async = flawless.wrap(async (n: number): Promise<number> => {
    await null;
    throw new Error(`async ${n}`);
  });
  await assert.rejects(async(2), /async 2/);
  const quiet = flawless.wrap(
    (): number => {
      throw new Error('quiet');
    },
    { reraise: false, errorThreshold: 1 },
  );
  assert.equal(quiet(), undefined);
  const quietAsync = flawless.wrap(() => Promise.reject(new Error('quiet async')), { reraise: false });
  assert.equal(await quietAsync(), undefined);
  assert.deepEqual(await sent(), ['sync 1', 'async 2', 'quiet', 'quiet async']);
  assert.equal(server.reports[2]?.error_threshold, 1);
});

test('wrap before init reports once init ran; wrapping twice reports once', async () => {
  await flawless.close();
  const early = flawless.wrap(() => {
    throw new Error('early');
  });
  assert.equal(flawless.wrap(early), early);
  await start();
  assert.throws(early);
  assert.deepEqual(await sent(), ['early']);
});

test('wrapClass wraps methods, accessors and statics in place', async () => {
  await start();
  class Cart {
    static make(): Cart {
      throw new Error('static');
    }
    items = [1];
    count(): number {
      return this.items.length;
    }
    get broken(): number {
      throw new Error('getter');
    }
    async pay(): Promise<void> {
      throw new Error('pay');
    }
  }
  assert.equal(flawless.wrapClass(Cart), Cart);
  const cart = new Cart();
  assert.equal(cart.count(), 1);
  assert.equal(Cart.prototype.count.name, 'count');
  assert.throws(() => cart.broken);
  await assert.rejects(cart.pay());
  assert.throws(() => Cart.make());
  assert.deepEqual(await sent(), ['getter', 'pay', 'static']);
});

test('standard decorators on a class and on a method', async () => {
  await start();
  @flawless.capture()
  class Checkout {
    total = 3;
    pay(): number {
      throw new Error(`class-decorated ${this.total}`);
    }
  }
  class Refund {
    amount = 5;
    @flawless.capture({ errorThreshold: 2 })
    issue(): number {
      throw new Error(`method-decorated ${this.amount}`);
    }
    untouched(): number {
      throw new Error('not wrapped');
    }
  }
  assert.throws(() => new Checkout().pay());
  assert.throws(() => new Refund().issue());
  assert.throws(() => new Refund().untouched());
  assert.deepEqual(await sent(), ['class-decorated 3', 'method-decorated 5']);
  assert.equal(server.reports[1]?.error_threshold, 2);
});
