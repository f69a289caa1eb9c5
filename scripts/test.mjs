#!/usr/bin/env node
// `npm test`: installs what the tests need, builds, and runs every test file.
// Usage: npm test [-- <substring filter of test file paths>...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`test: ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

// 1. npm packages: install when node_modules is missing or older than the lockfile.
const marker = join(root, 'node_modules/.package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs) {
  run('npm', ['install', '--no-audit', '--no-fund']);
}

// 2. Debian packages some tests drive for real (installed only when missing).
const debianNeeds = [
  // [command that proves it is there, package]
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/thrift', 'thrift-compiler'],
  ['/usr/lib/python3/dist-packages/thrift', 'python3-thrift'],
  ['/usr/lib/postgresql', 'postgresql'],
];
const missing = debianNeeds.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
if (missing.length > 0 && process.getuid?.() === 0 && !process.env.FLAWLESS_SKIP_APT) {
  console.log(`test: installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0)
    console.warn('test: apt-get failed; the tests that need these will say so');
}

// 3. Build (tests are compiled with the sources, so this also type-checks them).
run(join(root, 'node_modules/.bin/tsc'), ['-b']);

// 4. Run the compiled test files.
function findTests(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) findTests(p, out);
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = ['protocol', 'client', 'server']
  .map((p) => join(root, 'packages', p, 'dist/test'))
  .filter((d) => existsSync(d))
  .flatMap((d) => findTests(d))
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('test: no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, FLAWLESS_TEST: '1' },
});
process.exit(r.status ?? 1);
