import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLinePorcelain, unquoteCPath } from '../../src/vcs/porcelain';

const SHA = 'a'.repeat(40);

test('reads each line of --line-porcelain output', () => {
  const output = [
    `${SHA} 3 5 1`,
    'author Alice Liddell',
    'author-mail <alice@example.com>',
    'author-time 1609459200',
    'author-tz +0000',
    'summary first',
    'boundary',
    'filename "src/caf\\303\\251.ts"',
    '\treturn total;',
    '',
  ].join('\n');
  assert.deepEqual(parseLinePorcelain(output), [
    {
      commit: SHA,
      originalLine: 3,
      finalLine: 5,
      authorName: 'Alice Liddell',
      authorEmail: 'alice@example.com',
      authorTime: 1609459200,
      filename: 'src/café.ts',
      text: 'return total;',
    },
  ]);
});

test('undoes C quoting of file names', () => {
  assert.equal(unquoteCPath('plain.ts'), 'plain.ts');
  assert.equal(unquoteCPath('"tab\\there \\"q\\" \\\\"'), 'tab\there "q" \\');
});
