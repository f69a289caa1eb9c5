/** The caches of source text and source maps stay within their byte budgets. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SourceMapResolver } from '../../src/capture/source-map';
import { SourceText } from '../../src/capture/source-text';
import { tempDir, writeFiles } from '../helpers/paths';

const tmp = tempDir();
after(() => tmp.cleanup());

test('source text: files past the byte budget are forgotten, lines still read right', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`f${i}.ts`] = `${'x'.repeat(500)}\nline two of ${i}\n`;
  writeFiles(tmp.dir, files);
  const text = new SourceText(100, 2000);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 20; i++) {
      assert.equal(text.line(join(tmp.dir, `f${i}.ts`), 2), `line two of ${i}`);
      assert.ok(text.cachedBytes <= 2000, `${text.cachedBytes} bytes cached`);
    }
  }
  assert.ok(text.cachedBytes > 1000, 'it still caches what fits');
});

/** A compiled file whose inline map sends every line to `src/a.ts` line 3, with the map's size padded by `pad`. */
function compiled(name: string, pad: number): string {
  const map = {
    version: 3,
    sources: ['src/a.ts'],
    sourcesContent: [`// ${'p'.repeat(pad)}\n\nconst a = 1;\n`],
    names: [],
    mappings: 'AAEA',
  };
  const data = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${name}\n//# sourceMappingURL=data:application/json;base64,${data}\n`;
}

test('source maps: maps past the byte budget are forgotten, positions still mapped', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`dist/m${i}.js`] = compiled(`exports.m${i} = 1;`, 1000);
  writeFiles(tmp.dir, files);
  const maps = new SourceMapResolver(500, 5000);
  for (let i = 0; i < 20; i++) {
    const file = join(tmp.dir, `dist/m${i}.js`);
    assert.deepEqual(maps.map(file, 1, 1), { file: join(tmp.dir, 'dist/src/a.ts'), line: 3, column: 1 });
    assert.match(maps.embeddedSource(file, join(tmp.dir, 'dist/src/a.ts')) ?? '', /const a = 1;/);
    assert.ok(maps.cachedBytes <= 5000, `${maps.cachedBytes} bytes cached`);
  }
  assert.ok(maps.cachedBytes > 1000, 'it still caches what fits');
});
