#!/usr/bin/env node
// `npm run bench [-- name...]`: builds, then runs each benchmark in its own process, one
// after the other (they share two cores; running them together would measure the contention).
// Results are printed and written to bench-results/*.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benches = {
  ingest: 'packages/server/dist/bench/ingest-bench.js',
  blame: 'packages/server/dist/bench/blame-bench.js',
  thrift: 'packages/server/dist/bench/thrift-bench.js',
  web: 'packages/server/dist/bench/web-bench.js',
  'client-capture': 'packages/client/dist/bench/capture.js',
  'client-storm': 'packages/client/dist/bench/storm.js',
  'client-memory': 'packages/client/dist/bench/memory.js',
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const build = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = false;
for (const [name, file] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  if (!existsSync(join(root, file))) {
    console.log(`(${name}: not built yet, skipped)`);
    continue;
  }
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, [join(root, file)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
