import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { APP, CART_BY_ALICE, CART_BY_BOB, CHECKOUT, REPORTER } from './sample-app';

export interface SampleAuthor {
  name: string;
  email: string;
  /** When the author's commit is dated. */
  date: string;
}

export const ALICE: SampleAuthor = { name: 'Alice Adams', email: 'alice@example.com', date: '2024-03-04T10:00:00Z' };
export const BOB: SampleAuthor = { name: 'Bob Brown', email: 'bob@example.com', date: '2024-05-14T15:30:00Z' };

function commit(dir: string, gitPath: string, author: SampleAuthor, files: Record<string, string>, message: string) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: author.date,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: author.date,
  };
  const git = (args: string[]) => execFileSync(gitPath, args, { cwd: dir, env, stdio: 'ignore' });
  git(['add', '-A']);
  git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message]);
}

/**
 * Creates the demo's git repository in `dir`: Alice writes the shop in March, Bob adds
 * coupons to the cart in May — the line that fails is Bob's.
 */
export function createSampleRepo(dir: string, gitPath = 'git'): void {
  mkdirSync(dir, { recursive: true });
  execFileSync(gitPath, ['init', '-q', '-b', 'main'], { cwd: dir, stdio: 'ignore' });
  commit(
    dir,
    gitPath,
    ALICE,
    { 'shop/cart.js': CART_BY_ALICE, 'shop/checkout.js': CHECKOUT, 'app.js': APP, 'report.js': REPORTER },
    'Shop: cart, checkout, and error reports',
  );
  commit(dir, gitPath, BOB, { 'shop/cart.js': CART_BY_BOB }, 'Apply coupons to the cart total');
}
