/**
 * Leaderboard benchmark: a week with 10,000 distinct errors over 50 developers, stored
 * through the Store API, then the median and p95 time of GET / (the default page: the
 * whole week, the top rows of each developer) over 20 requests, measured as a client
 * sees it; then the same for `?show=all` (every row), for information.
 *   node packages/server/dist/bench/web-bench.js [errors] [developers]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildServer } from '../src/app';
import { defaultConfig } from '../src/config/definitions';
import { openSqliteStore } from '../src/store/sqlite';
import { weekOf } from '../src/week';
import { type SeedError, seedErrors } from '../test/web/seed';

const ERRORS = Number(process.argv[2] ?? 10_000);
const DEVELOPERS = Number(process.argv[3] ?? 50);
const REQUESTS = 20;
const TARGET_MS = 200;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? Number.NaN;
}

async function timeGets(url: string): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(url);
    await res.text();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: pct(times, 50), p95: pct(times, 95) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-web-bench-'));
  const config = { ...defaultConfig(), data_dir_path: dir, http_port: 0, port: 0, log_level: 'silent', repo_dir: dir };
  const store = openSqliteStore({ path: join(dir, 'flawless.sqlite') });
  const week = weekOf(Date.now(), config.timezone);
  const errors: SeedError[] = Array.from({ length: ERRORS }, (_, i) => ({
    week,
    filename: `src/module${i % 97}/service${i % 13}.ts`,
    line: 10 + (i % 400),
    fn: `handle${i % 31}`,
    text: `const result = await service${i}.process(request.body.items[${i % 7}], options);`,
    // A long tail, as real weeks have: a few errors with thousands of occurrences.
    count: 1 + Math.floor(50_000 / (1 + (i % 500))),
    developer: `developer${i % DEVELOPERS}@example.com`,
    lineDate: `2024-${String(1 + (i % 12)).padStart(2, '0')}-15`,
    known: i % 50 === 0,
  }));
  const t = performance.now();
  await seedErrors(store, errors);
  console.log(
    `seeded ${ERRORS} errors over ${DEVELOPERS} developers in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const server = buildServer(config, { store, log: pino({ level: 'silent' }) });
  const { httpUrl } = await server.listen();
  try {
    const first = await fetch(`${httpUrl}/`);
    const page = await first.text();
    const rows = page.split('<tr').length - 1;
    console.log(`page: ${first.status}, ${(page.length / 1024 / 1024).toFixed(1)} MiB, ${rows} table rows`);
    const { median, p95 } = await timeGets(`${httpUrl}/`);
    console.log(
      `GET / (${ERRORS} errors): median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${REQUESTS} requests (target < ${TARGET_MS} ms)`,
    );
    if (median > TARGET_MS) process.exitCode = 1;
    // For information: every row of the week on one page (the "show all" link).
    const all = await timeGets(`${httpUrl}/?show=all`);
    console.log(`GET /?show=all (every row): median ${all.median.toFixed(1)} ms, p95 ${all.p95.toFixed(1)} ms`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
