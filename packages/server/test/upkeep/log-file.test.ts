import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { localDay, openDailyLogFile, rotatedFiles } from '../../src/upkeep/log-file';
import { createLogger } from '../../src/upkeep/logger';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-log-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const day = (iso: string) => new Date(`${iso}T12:00:00`);

test('a log file left from an earlier day is rotated on open, and only log_days_to_keep rotated files stay', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.log');
  for (const d of ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04']) writeFileSync(`${file}.${d}`, `${d}\n`);
  writeFileSync(join(dir, 'other.log.2025-01-01'), 'not ours\n');
  writeFileSync(file, 'from the 5th\n');
  utimesSync(file, day('2025-01-05'), day('2025-01-05'));

  const log = openDailyLogFile({ file, keep: 3, now: () => day('2025-01-07') });
  log.stream.write('on the 7th\n');
  log.close();
  await once(log.stream, 'close');

  assert.deepEqual(
    rotatedFiles(file).map((f) => basename(f)),
    ['flawless.log.2025-01-05', 'flawless.log.2025-01-04', 'flawless.log.2025-01-03'],
  );
  assert.equal(readFileSync(`${file}.2025-01-05`, 'utf8'), 'from the 5th\n');
  assert.equal(readFileSync(file, 'utf8'), 'on the 7th\n');
  assert.ok(readdirSync(dir).includes('other.log.2025-01-01'), 'files of other names are left alone');
});

test('at midnight the day’s lines move to file.YYYY-MM-DD and new lines go to the file itself', async () => {
  const dir = tempDir();
  const file = join(dir, 'logs', 'flawless.log');
  let now = day('2025-03-10');
  const log = openDailyLogFile({ file, keep: 2, now: () => now });
  log.stream.write('monday\n');
  log.rotateIfDue();
  log.stream.write('still monday\n');
  for (const [next, line] of [
    ['2025-03-11', 'tuesday\n'],
    ['2025-03-12', 'wednesday\n'],
    ['2025-03-13', null],
  ] as const) {
    now = day(next);
    log.rotateIfDue();
    if (line) log.stream.write(line);
  }
  log.close();
  await once(log.stream, 'close');

  assert.equal(readFileSync(`${file}.2025-03-12`, 'utf8'), 'wednesday\n');
  assert.equal(readFileSync(`${file}.2025-03-11`, 'utf8'), 'tuesday\n');
  assert.deepEqual(
    rotatedFiles(file).map((f) => basename(f)),
    ['flawless.log.2025-03-12', 'flawless.log.2025-03-11'],
    'monday was pruned: two are kept',
  );
  assert.equal(readFileSync(file, 'utf8'), '');
  assert.equal(localDay(day('2025-03-13')), '2025-03-13');
});

test('the logger writes pino JSON lines at log_level and masks secret fields logged by mistake', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.log');
  const setup = createLogger({ log_level: 'warn', log_file: file, log_days_to_keep: 3 });
  setup.log.info('not at warn level');
  setup.log.warn({ config: { smtp_password: 'pw-1', admin_password: 'pw-2' }, password: 'pw-3' }, 'careless');
  setup.close();
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /not at warn level/);
  const line = JSON.parse(text.trim()) as Record<string, unknown>;
  assert.equal(line['msg'], 'careless');
  assert.equal(line['level'], 40);
  assert.deepEqual(line['config'], { smtp_password: '********', admin_password: '********' });
  assert.equal(line['password'], '********');
  assert.match(setup.target, /flawless\.log \(level warn, rotated daily, 3 kept\)/);
});
