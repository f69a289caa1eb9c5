import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printValue } from '../../src/capture/serialize';

test('prints like util.inspect', () => {
  class Order {
    id = 7;
    items = ['a', 'b'];
  }
  const cases: Array<[unknown, string]> = [
    [42, '42'],
    [-0, '-0'],
    ['it\'s "x"', '`it\'s "x"`'],
    ['line\nbreak', "'line\\nbreak'"],
    [10n, '10n'],
    [undefined, 'undefined'],
    [null, 'null'],
    [Symbol('s'), 'Symbol(s)'],
    [{ a: 1, 'b-c': [1, { d: { e: 1 } }] }, "{ a: 1, 'b-c': [ 1, { d: [Object] } ] }"],
    [new Order(), "Order { id: 7, items: [ 'a', 'b' ] }"],
    [[], '[]'],
    [{}, '{}'],
    [new Map([['k', 1]]), "Map(1) { 'k' => 1 }"],
    [new Set([1, 2]), 'Set(2) { 1, 2 }'],
    [new Date(0), '1970-01-01T00:00:00.000Z'],
    [/x/g, '/x/g'],
    [new RangeError('too big'), '[RangeError: too big]'],
    [function named() {}, '[Function: named]'],
    [async () => {}, '[AsyncFunction (anonymous)]'],
    [Object.create(null), '[Object: null prototype] {}'],
    [Buffer.from([1, 2]), 'Buffer(2) [Uint8Array] [ 1, 2 ]'],
  ];
  for (const [value, printed] of cases) assert.equal(printValue(value), printed);
});

test('bounded: long values are cut, large collections shortened, cycles marked', () => {
  assert.equal(printValue('x'.repeat(1000)).length, 250);
  assert.ok(printValue('x'.repeat(1000)).endsWith('…'));
  assert.match(printValue(Array.from({ length: 30 }, (_, i) => i)), /\.\.\. 10 more items \]$/);
  const a: Record<string, unknown> = { n: 1 };
  a['self'] = a;
  assert.equal(printValue(a), '{ n: 1, self: [Circular] }');
  assert.equal(printValue({ big: 'y'.repeat(100) }, { maxLength: 20 }).length, 20);
});

test('never runs app code: getters, proxies, custom inspect', () => {
  let ran = false;
  const withGetter = {
    get secretish() {
      ran = true;
      return 1;
    },
    plain: 2,
  };
  assert.equal(printValue(withGetter), '{ secretish: [Getter], plain: 2 }');
  const proxy = new Proxy(
    { t: 1 },
    {
      get() {
        ran = true;
        return 0;
      },
      ownKeys() {
        ran = true;
        return [];
      },
    },
  );
  assert.equal(printValue(proxy), '{ t: 1 }');
  const custom = {
    [Symbol.for('nodejs.util.inspect.custom')]: () => {
      ran = true;
      return 'custom';
    },
    v: 1,
  };
  assert.equal(printValue(custom), '{ v: 1 }');
  assert.equal(ran, false);
});

test('scrubs matching property names at any depth', () => {
  const user = { name: 'ada', password: 'hunter2', nested: { apiKey: 'k', ok: 1 } };
  const printed = printValue(user, { scrubPattern: /password|key/i });
  assert.equal(printed, "{ name: 'ada', password: **scrubbed**, nested: { apiKey: **scrubbed**, ok: 1 } }");
  assert.equal(printValue(new Map([['token', 't']]), { scrubPattern: /token/ }), "Map(1) { 'token' => **scrubbed** }");
});
