/**
 * Real TypeScript compiled by the repository's tsc (external maps, inline maps, a
 * sourceRoot, embedded sources), loaded here and made to throw.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildTraceback, type FrameContext } from '../../src/capture/frames';
import { SourceMapResolver } from '../../src/capture/source-map';
import { SourceText } from '../../src/capture/source-text';
import { parseStack } from '../../src/capture/stack-parser';
import { TSC, tempDir, writeFiles } from '../helpers/paths';

// biome-ignore lint/suspicious/noTemplateCurlyInString: the TypeScript line itself, as text
const THROW_TEXT = '    throw new Error(`order ${order.id} is empty`);';

const ORDERS = `export interface Order {
  id: number;
  items: string[];
}

/** Pads the type information so that compiled and source lines differ. */
type Total = number;

export function total(order: Order): Total {
  const count: number = order.items.length;
  if (count === 0) {
    throw new Error(\`order \${order.id} is empty\`);
  }
  return count;
}

export function checkout(order: Order): Total {
  return total(order);
}
`;

const THROW_LINE = 12;
const CALL_LINE = 18;

const tmp = tempDir();
const ctx = (): FrameContext => ({ root: tmp.dir, sourceMaps: new SourceMapResolver(), sourceText: new SourceText() });

before(() => {
  writeFiles(tmp.dir, { 'src/orders.ts': ORDERS });
  const common = ['--target', 'ES2022', '--module', 'commonjs', '--rootDir', 'src', 'src/orders.ts'];
  execFileSync(TSC, ['--outDir', 'dist', '--sourceMap', ...common], { cwd: tmp.dir });
  execFileSync(TSC, ['--outDir', 'inline', '--inlineSourceMap', '--inlineSources', ...common], { cwd: tmp.dir });
  execFileSync(TSC, ['--outDir', 'rooted', '--sourceMap', ...common], { cwd: tmp.dir });
  // A map whose sources are relative to a sourceRoot rather than to the map.
  const mapFile = join(tmp.dir, 'rooted/orders.js.map');
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  writeFileSync(mapFile, JSON.stringify({ ...map, sourceRoot: '../src', sources: ['orders.ts'] }));
});
after(() => tmp.cleanup());

function throwFrom(dir: string): string {
  const { checkout } = require(join(tmp.dir, dir, 'orders.js')) as {
    checkout(o: { id: number; items: string[] }): number;
  };
  try {
    checkout({ id: 7, items: [] });
  } catch (err) {
    return (err as Error).stack!;
  }
  throw new Error('did not throw');
}

for (const dir of ['dist', 'inline', 'rooted']) {
  test(`${dir}: frames land on the TypeScript lines, repo-relative, with their text`, () => {
    const traceback = buildTraceback(parseStack(throwFrom(dir)), ctx());
    const last = traceback.at(-1)!;
    const caller = traceback.at(-2)!;
    assert.deepEqual(last, {
      filename: 'src/orders.ts',
      line_number: THROW_LINE,
      function_name: 'total',
      text: THROW_TEXT,
    });
    assert.deepEqual(caller, {
      filename: 'src/orders.ts',
      line_number: CALL_LINE,
      function_name: 'checkout',
      text: '  return total(order);',
    });
    // Outermost first: this test file's frame comes before the fixture's.
    const here = traceback.findIndex((f) => f.function_name === 'throwFrom');
    assert.ok(here >= 0 && here < traceback.length - 2);
    assert.match(traceback[here]!.filename, /^\//, 'a file outside the root stays absolute');
  });
}

test('without the source on disk the text comes from the map, and a missing map leaves the JS', () => {
  const stackInline = throwFrom('inline');
  const stackDist = throwFrom('dist');
  rmSync(join(tmp.dir, 'src'), { recursive: true });
  assert.equal(buildTraceback(parseStack(stackInline), ctx()).at(-1)!.text, THROW_TEXT);
  const fromExternal = buildTraceback(parseStack(stackDist), ctx()).at(-1)!;
  assert.equal(fromExternal.filename, 'src/orders.ts');
  assert.equal(fromExternal.text, '', 'no source and no embedded copy: no text rather than a wrong one');
  rmSync(join(tmp.dir, 'dist/orders.js.map'));
  const unmapped = buildTraceback(parseStack(stackDist), ctx()).at(-1)!;
  assert.equal(unmapped.filename, 'dist/orders.js');
  assert.match(unmapped.text, /throw new Error/);
});

test('node internals keep their name and get no text; a frameless stack gets a placeholder', () => {
  const traceback = buildTraceback(
    parseStack('Error: x\n    at Module._compile (node:internal/modules/cjs/loader:1:2)'),
    ctx(),
  );
  assert.deepEqual(traceback, [
    { filename: 'node:internal/modules/cjs/loader', line_number: 1, function_name: 'Module._compile', text: '' },
  ]);
  assert.equal(buildTraceback([], ctx()).length, 1);
});
