import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidEmail, resolveDeveloperEmail } from '../../src/notify/address';
import { pathCoverage, pathCovers } from '../../src/notify/path-prefix';
import { makeRules, makeSettings } from './fixtures';

const settings = makeSettings({ emailDomainName: 'corp.test' });
const resolve = (email: string, path = 'src/a/b.ts', rules = makeRules(), s = settings) =>
  resolveDeveloperEmail(email, path, rules, s);

describe('resolveDeveloperEmail', () => {
  test('a good VCS address is kept', () => {
    assert.equal(resolve('alice@example.org'), 'alice@example.org');
  });

  test('remap by full address wins over remap by local part', () => {
    const rules = makeRules({
      remaps: [
        { id: 1, from: 'alice', to: 'alice.local@corp.test' },
        { id: 2, from: 'Alice@Laptop.Example.org', to: 'alice.full@corp.test' },
      ],
    });
    assert.equal(resolve('alice@laptop.example.org', 'x.ts', rules), 'alice.full@corp.test');
    assert.equal(resolve('alice@other.example.org', 'x.ts', rules), 'alice.local@corp.test');
    assert.equal(resolve('bob@other.example.org', 'x.ts', rules), 'bob@other.example.org');
  });

  test('a remap target without a domain gets email_domain_name', () => {
    const rules = makeRules({ remaps: [{ id: 1, from: 'al', to: 'alice' }] });
    assert.equal(resolve('al@home', 'x.ts', rules), 'alice@corp.test');
  });

  test('a bogus VCS domain (no dot) or none at all → local@email_domain_name', () => {
    assert.equal(resolve('bob@bobs-laptop'), 'bob@corp.test');
    assert.equal(resolve('bob'), 'bob@corp.test');
    assert.equal(resolve(''), '');
  });

  test('ignore_vcs_email_domain replaces every domain', () => {
    const s = makeSettings({ emailDomainName: 'corp.test', ignoreVcsEmailDomain: true });
    assert.equal(resolve('carol@gmail.com', 'x.ts', makeRules(), s), 'carol@corp.test');
  });

  test('disownership of a file and of a folder; the most specific path wins', () => {
    const rules = makeRules({
      disownerships: [
        { id: 1, filepath: 'src/legacy', email: 'dave@corp.test', designated_email: 'team@corp.test' },
        { id: 2, filepath: 'src/legacy/billing.ts', email: 'dave@corp.test', designated_email: 'billing@corp.test' },
        { id: 3, filepath: 'src/legacy', email: 'erin@corp.test', designated_email: 'other@corp.test' },
      ],
    });
    assert.equal(resolve('dave@corp.test', 'src/legacy/billing.ts', rules), 'billing@corp.test');
    assert.equal(resolve('dave@corp.test', 'src/legacy/deep/x.ts', rules), 'team@corp.test');
    // Segment boundaries: src/legacyish is not inside src/legacy.
    assert.equal(resolve('dave@corp.test', 'src/legacyish/x.ts', rules), 'dave@corp.test');
    // Disownership applies after the domain fix, and to the address git reported.
    assert.equal(resolve('dave@daves-box', 'src/legacy/x.ts', rules), 'team@corp.test');
  });
});

describe('isValidEmail', () => {
  test('accepts ordinary addresses', () => {
    for (const a of ['alice@example.org', 'first.last+tag@mail.corp.test', "o'brien@example.co.uk"]) {
      assert.equal(isValidEmail(a), true, a);
    }
  });

  test('rejects broken and undeliverable addresses', () => {
    for (const a of [
      '',
      'alice',
      'alice@localhost',
      'al ice@example.org',
      'alice@example..org',
      'alice@.example.org',
      'a@b@example.org',
      '@example.org',
      'alice@example.org\r\nBcc: x@evil.test',
      '<alice@example.org>',
      '12345+alice@users.noreply.github.com',
      'alice@users.noreply.github.com',
    ]) {
      assert.equal(isValidEmail(a), false, JSON.stringify(a));
    }
  });
});

describe('path prefixes', () => {
  test('cover whole segments only', () => {
    assert.equal(pathCovers('src/a', 'src/a/b.ts'), true);
    assert.equal(pathCovers('src/a/', 'src/a/b.ts'), true);
    assert.equal(pathCovers('./src/a', 'src/a/b.ts'), true);
    assert.equal(pathCovers('src/a', 'src/ab.ts'), false);
    assert.equal(pathCovers('src/a/b.ts', 'src/a/b.ts'), true);
    assert.equal(pathCovers('src/a/b.ts', 'src/a/b.tsx'), false);
  });

  test("'' and '/' cover everything, least specifically", () => {
    assert.equal(pathCoverage('', 'x/y.ts'), 0);
    assert.equal(pathCoverage('/', 'x/y.ts'), 0);
    assert.ok(pathCoverage('x', 'x/y.ts') > 0);
  });
});
