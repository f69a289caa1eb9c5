import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateLine, splitLines } from '../../src/vcs/line-locate';

const lines = splitLines('a();\r\n  b();\nc();\nb();\n');

test('splits on LF and CRLF, without a trailing empty line', () => {
  assert.deepEqual(lines, ['a();', '  b();', 'c();', 'b();']);
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('x'), ['x']);
});

test('keeps the asked line when it reads the same, whitespace aside', () => {
  assert.deepEqual(locateLine(lines, 2, 'b();'), { found: true, lineNumber: 2, movedFrom: null });
  assert.deepEqual(locateLine(lines, 1, ' a( ); '.replace('( )', '()')), {
    found: true,
    lineNumber: 1,
    movedFrom: null,
  });
});

test('finds the nearest occurrence when the line changed', () => {
  assert.deepEqual(locateLine(lines, 3, 'b();'), { found: true, lineNumber: 2, movedFrom: 3 });
  assert.deepEqual(locateLine(lines, 9, 'b();'), { found: true, lineNumber: 4, movedFrom: 9 });
  assert.deepEqual(locateLine(lines, 1, 'c();'), { found: true, lineNumber: 3, movedFrom: 1 });
});

test('text nowhere, or an empty text past the end, is not found', () => {
  assert.deepEqual(locateLine(lines, 1, 'd();'), { found: false, kind: 'text_not_found' });
  assert.deepEqual(locateLine(lines, 5, ''), { found: false, kind: 'no_such_line' });
  assert.deepEqual(locateLine(lines, 4, '  '), { found: true, lineNumber: 4, movedFrom: null });
});
