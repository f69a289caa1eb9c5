import assert from 'node:assert/strict';
import { test } from 'node:test';
import { framesText, MAX_LINE_LENGTH, parseFrameLine, parseStack } from '../../src/capture/stack-parser';

test('the frame shapes V8 prints', () => {
  const cases: Array<[string, ReturnType<typeof parseFrameLine>]> = [
    [
      '    at placeOrder (/app/dist/orders.js:17:11)',
      { functionName: 'placeOrder', file: '/app/dist/orders.js', line: 17, column: 11 },
    ],
    ['    at /app/dist/main.js:3:9', { functionName: '<anonymous>', file: '/app/dist/main.js', line: 3, column: 9 }],
    [
      '    at async handle (/app/dist/h.js:5:3)',
      { functionName: 'handle', file: '/app/dist/h.js', line: 5, column: 3 },
    ],
    ['    at new Shop (/app/shop.js:2:13)', { functionName: 'new Shop', file: '/app/shop.js', line: 2, column: 13 }],
    [
      '    at Object.<anonymous> (/app/x.js:1:7)',
      { functionName: 'Object.<anonymous>', file: '/app/x.js', line: 1, column: 7 },
    ],
    [
      '    at Shop.buy [as purchase] (/app/s.js:4:5)',
      { functionName: 'Shop.buy', file: '/app/s.js', line: 4, column: 5 },
    ],
    [
      '    at Module._compile (node:internal/modules/cjs/loader:1256:14)',
      { functionName: 'Module._compile', file: 'node:internal/modules/cjs/loader', line: 1256, column: 14 },
    ],
    [
      '    at file:///app/esm%20dir/m.mjs:4:9',
      { functionName: '<anonymous>', file: '/app/esm dir/m.mjs', line: 4, column: 9 },
    ],
    ['    at run (file:///app/m.mjs:8:1)', { functionName: 'run', file: '/app/m.mjs', line: 8, column: 1 }],
    ['    at Promise.all (index 0)', { functionName: 'Promise.all', file: '<native>', line: 0, column: 0 }],
    ['    at new Promise (<anonymous>)', { functionName: 'new Promise', file: '<anonymous>', line: 0, column: 0 }],
    ['    at fn (/dir (copy)/a.js:1:2)', { functionName: 'fn', file: '/dir (copy)/a.js', line: 1, column: 2 }],
    ['    at C:\\app\\x.js:1:2', { functionName: '<anonymous>', file: 'C:\\app\\x.js', line: 1, column: 2 }],
  ];
  for (const [line, frame] of cases) assert.deepEqual(parseFrameLine(line), frame, line);
});

test('an eval frame is placed at the line that called eval', () => {
  const frame = parseFrameLine('    at eval (eval at compile (/app/t.js:10:5), <anonymous>:1:7)');
  assert.deepEqual(frame, { functionName: 'eval', file: '/app/t.js', line: 10, column: 5 });
  const nested = parseFrameLine(
    '    at eval (eval at inner (eval at outer (/app/t.js:3:1), <anonymous>:1:1), <anonymous>:2:2)',
  );
  assert.equal(nested?.file, '/app/t.js');
  assert.equal(nested?.line, 3);
});

test('a real stack: the message is skipped, frames innermost first', () => {
  function inner(): never {
    throw new TypeError('bad\n    multi-line message');
  }
  let stack = '';
  try {
    inner();
  } catch (err) {
    stack = (err as Error).stack!;
  }
  const frames = parseStack(stack);
  assert.equal(frames[0]?.functionName, 'inner');
  assert.equal(frames[0]?.file, __filename);
  assert.ok(frames.length >= 2);
  assert.ok(framesText(stack).startsWith('    at inner'));
});

test('too long lines are skipped and the frame count is capped', () => {
  const long = `    at ${'x'.repeat(MAX_LINE_LENGTH)} (/a.js:1:1)`;
  const stack = ['Error: x', long, ...Array.from({ length: 150 }, (_, i) => `    at f${i} (/a.js:${i + 1}:1)`)].join(
    '\n',
  );
  const frames = parseStack(stack);
  assert.equal(frames.length, 100);
  assert.equal(frames[0]?.functionName, 'f0');
  assert.deepEqual(parseStack('Error: no frames'), []);
});
