import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after } from 'node:test';
import { type Author, TestRepo } from '../helpers/git-repo';

export const carol: Author = { name: 'Carol', email: 'carol@localhost' };
export const dave: Author = { name: 'Dave', email: 'dave@example.org' };
export const erin: Author = { name: 'Erin', email: 'erin@example.org' };
export const alice: Author = { name: 'Alice', email: 'alice@example.org' };

/** Line 2 of src/checkout.js on each branch: each release changed it. */
export const CHECKOUT_LINE: Record<string, string> = {
  main: 'return cart.total;',
  'release-9': 'return cart.total.amount;',
  'release-10': 'return cart.total.amount.value;',
};

const checkout = (line2: string, line3 = '}') => `function checkout(cart) {\n  ${line2}\n${line3}\n`;

/**
 * A bare repository (the "remote" of repo_url) with `main` (Alice, 2010), `release-9`
 * (Dave, 2019) and `release-10` (Carol, whose VCS domain is bogus, 2024); release-10
 * sorts after release-9 only by natural sort.
 */
export class ReleaseRepo {
  readonly work = new TestRepo('flawless-release-');
  readonly bare: string;

  constructor(dir: string) {
    after(() => this.work.remove());
    this.bare = join(dir, 'origin.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', this.bare]);
    this.work.commit(alice, '2010-06-01T12:00:00Z', {
      'src/checkout.js': checkout(CHECKOUT_LINE['main']!),
      'src/legacy.js': 'legacyCall();\n',
      'lib/vendor.js': 'vendorCall();\n',
    });
    this.push('main');
    this.branch('release-9', 'main', dave, '2019-03-01T12:00:00Z', checkout(CHECKOUT_LINE['release-9']!));
    this.branch('release-10', 'release-9', carol, '2024-03-01T12:00:00Z', checkout(CHECKOUT_LINE['release-10']!));
  }

  /** Cuts `name` from `from`, commits src/checkout.js as `author`, and pushes it. */
  branch(name: string, from: string, author: Author, date: string, content: string): void {
    this.work.git(['checkout', '-q', '-b', name, from]);
    this.work.commit(author, date, { 'src/checkout.js': content }, `${name}: checkout`);
    this.push(name);
  }

  /** release-11 from release-10: Erin changes line 3. */
  pushRelease11(): void {
    this.branch(
      'release-11',
      'release-10',
      erin,
      '2025-01-10T12:00:00Z',
      checkout(CHECKOUT_LINE['release-10']!, '} // audited'),
    );
  }

  private push(name: string): void {
    this.work.git(['push', '-q', this.bare, name]);
  }
}
