/**
 * Blame benchmark: our first (uncached) blame against the plain `git blame --porcelain
 * -L n,+1` command on the same lines of the same repository, and a cached blame.
 *   node packages/server/dist/bench/blame-bench.js
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGitVersionControl } from '../src/vcs/git';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../..');

/** A repository with history: one 400-line file changed by 60 commits of 6 authors. */
function makeRepo(): { dir: string; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'flawless-blame-bench-'));
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...env } });
  git(['init', '-q']);
  const lines = Array.from({ length: 400 }, (_, i) => `  const value${i} = compute(${i}, options.factor * ${i});`);
  mkdirSync(join(dir, 'src'));
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let c = 0; c < 60; c++) {
    if (c > 0)
      for (let k = 0; k < 8; k++) {
        const i = rand(lines.length);
        lines[i] = `  const value${i} = compute(${i}, options.factor * ${c + 1}); // rev ${c}`;
      }
    writeFileSync(join(dir, 'src/orders.ts'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, `src/other${c % 10}.ts`), `export const x${c} = ${c};\n`);
    const who = `dev${c % 6}`;
    const date = new Date(Date.UTC(2024, 0, 1 + c)).toISOString();
    git(['add', '-A']);
    git(['-c', `user.name=${who}`, '-c', `user.email=${who}@example.com`, 'commit', '-q', '-m', `change ${c}`], {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
  }
  return { dir, lines };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { dir, lines } = makeRepo();
  const picks = Array.from({ length: 40 }, (_, i) => 5 + i * 9);
  // Warm the OS cache and git's object store reading first.
  await run('git', ['blame', '--porcelain', '-L', '1,+1', '--', 'src/orders.ts'], { cwd: dir });

  const plain: number[] = [];
  const ours: number[] = [];
  // Interleave the two so drift on a noisy machine hits both alike.
  for (const n of picks) {
    let t = performance.now();
    await run('git', ['blame', '--porcelain', '-L', `${n},+1`, '--', 'src/orders.ts'], { cwd: dir });
    plain.push(performance.now() - t);
    const vcs = createGitVersionControl({ repoDir: dir, gitPath: 'git', maxConcurrent: 10, ignoreRevsFile: null });
    t = performance.now();
    const outcome = await vcs.blame({ path: 'src/orders.ts', lineNumber: n, text: lines[n - 1]!, revision: null });
    ours.push(performance.now() - t);
    if (!outcome.ok) throw new Error(`blame failed: ${outcome.reason}`);
  }

  const vcs = createGitVersionControl({ repoDir: dir, gitPath: 'git', maxConcurrent: 10, ignoreRevsFile: null });
  const req = { path: 'src/orders.ts', lineNumber: 50, text: lines[49]!, revision: null };
  await vcs.blame(req);
  const N = 10_000;
  const t = performance.now();
  for (let i = 0; i < N; i++) await vcs.blame(req);
  const cachedMs = (performance.now() - t) / N;
  rmSync(dir, { recursive: true, force: true });

  const results = {
    date: new Date().toISOString(),
    plainGitBlameMedianMs: median(plain),
    firstBlameMedianMs: median(ours),
    ratio: median(ours) / median(plain),
    cachedBlameMs: cachedMs,
  };
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/blame.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('blame benchmark (400-line file, 60 commits, 40 lines; medians)');
  console.log(`  plain git blame --porcelain -L n,+1: ${results.plainGitBlameMedianMs.toFixed(2)} ms`);
  console.log(
    `  flawless first blame:               ${results.firstBlameMedianMs.toFixed(2)} ms (${results.ratio.toFixed(2)}x plain)`,
  );
  console.log(`  flawless cached blame:              ${(results.cachedBlameMs * 1000).toFixed(1)} µs`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
