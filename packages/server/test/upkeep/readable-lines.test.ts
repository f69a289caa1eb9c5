import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readableLine } from '../../src/upkeep/readable-lines';

test('a pino line reads as time, level, message and its fields', () => {
  const time = new Date(2025, 0, 2, 9, 5, 7).toISOString();
  const line = readableLine(
    JSON.stringify({ level: 40, time, pid: 1, hostname: 'h', msg: 'email delivery failed', to: ['a@b.c'], id: 7 }),
  );
  assert.equal(line, '09:05:07 WARN  email delivery failed to=["a@b.c"] id=7\n');
});

test('strings with blanks are quoted; an error shows its type, message and stack', () => {
  const line = readableLine(
    JSON.stringify({
      level: 50,
      time: new Date(2025, 0, 2, 23, 59, 0).toISOString(),
      msg: 'request failed',
      file: 'my file.ts',
      err: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at f (x.js:1:1)' },
    }),
  );
  assert.equal(line, '23:59:00 ERROR request failed file="my file.ts" err="TypeError: boom"\n    at f (x.js:1:1)\n');
});

test('text that is not JSON passes through unchanged', () => {
  assert.equal(readableLine('plain\n'), 'plain\n');
});
