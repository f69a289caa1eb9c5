import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectRecipients } from '../../src/notify/recipients';
import type { CodeRule, RuleSet } from '../../src/rules/types';
import type { ErrorRecord } from '../../src/store/types';
import { knownError, makeRecord, makeRules, makeSettings } from './fixtures';

const settings = makeSettings({ emailDomainName: 'corp.test' });
const collect = (rules: RuleSet, record: Partial<ErrorRecord> = {}, rule: CodeRule | null = null, s = settings) =>
  collectRecipients({ record: makeRecord(record), knownError: rule, rules, settings: s });

test('the developer alone by default', () => {
  assert.deepEqual(collect(makeRules()), { to: ['alice@example.org'], invalid: [], developer: 'alice@example.org' });
});

test('the developer is re-resolved from the author email, so a remap added after the blame applies', () => {
  const rules = makeRules({ remaps: [{ id: 1, from: 'alice@example.org', to: 'alice@corp.test' }] });
  assert.deepEqual(collect(rules).to, ['alice@corp.test']);
  const local = makeRules({ remaps: [{ id: 1, from: 'alice', to: 'a.smith@corp.test' }] });
  assert.deepEqual(collect(local).to, ['a.smith@corp.test']);
});

test('a bogus VCS domain and ignore_vcs_email_domain both give local@email_domain_name', () => {
  assert.deepEqual(collect(makeRules(), { author_email: 'alice@alices-mac' }).to, ['alice@corp.test']);
  const ignore = makeSettings({ emailDomainName: 'corp.test', ignoreVcsEmailDomain: true });
  assert.deepEqual(collect(makeRules(), {}, null, ignore).to, ['alice@corp.test']);
});

test('disownership of the blamed file and of its folder', () => {
  const file = makeRules({
    disownerships: [
      { id: 1, filepath: 'src/orders/checkout.ts', email: 'alice@example.org', designated_email: 'bob@corp.test' },
    ],
  });
  assert.deepEqual(collect(file).to, ['bob@corp.test']);
  const folder = makeRules({
    disownerships: [{ id: 1, filepath: 'src/orders', email: 'alice@example.org', designated_email: 'carol@corp.test' }],
  });
  assert.deepEqual(collect(folder).to, ['carol@corp.test']);
  const elsewhere = makeRules({
    disownerships: [{ id: 1, filepath: 'src/order', email: 'alice@example.org', designated_email: 'carol@corp.test' }],
  });
  assert.deepEqual(collect(elsewhere).to, ['alice@example.org']);
});

test('"only blamed" watchers hear about errors blamed in their file or folder only', () => {
  const rules = makeRules({
    watchers: [
      { id: 1, email: 'file@corp.test', filepath: 'src/orders/checkout.ts', watch_all_errors: false },
      { id: 2, email: 'folder@corp.test', filepath: 'src/orders/', watch_all_errors: false },
      { id: 3, email: 'root@corp.test', filepath: '', watch_all_errors: false },
      // app.ts has a blamable frame, but the error is not blamed there.
      { id: 4, email: 'caller@corp.test', filepath: 'src/server/app.ts', watch_all_errors: false },
      { id: 5, email: 'prefix@corp.test', filepath: 'src/ord', watch_all_errors: false },
    ],
  });
  assert.deepEqual(collect(rules).to, ['alice@example.org', 'file@corp.test', 'folder@corp.test', 'root@corp.test']);
});

test('"all errors" watchers hear about any blamable frame in their file or folder', () => {
  const rules = makeRules({
    watchers: [
      { id: 1, email: 'caller@corp.test', filepath: 'src/server', watch_all_errors: true },
      // A frame of the traceback, but not a blamable one.
      { id: 2, email: 'lib@corp.test', filepath: 'node_modules/lib', watch_all_errors: true },
      { id: 3, email: 'blamed@corp.test', filepath: 'src/orders/checkout.ts', watch_all_errors: true },
    ],
  });
  assert.deepEqual(collect(rules).to, ['alice@example.org', 'caller@corp.test', 'blamed@corp.test']);
});

test("a known error's extra recipients; duplicates (any case) collapse", () => {
  const rules = makeRules({
    watchers: [{ id: 1, email: 'Oncall@corp.test', filepath: 'src', watch_all_errors: false }],
  });
  const rule = knownError({ email_recipients: ['oncall@corp.test', 'payments@corp.test', 'ALICE@example.org'] });
  assert.deepEqual(collect(rules, {}, rule).to, ['alice@example.org', 'Oncall@corp.test', 'payments@corp.test']);
});

test('invalid addresses are dropped and returned separately', () => {
  const rules = makeRules({
    watchers: [
      { id: 1, email: 'not an address', filepath: 'src', watch_all_errors: false },
      { id: 2, email: 'ok@corp.test', filepath: 'src', watch_all_errors: false },
    ],
  });
  const r = collect(rules, { author_email: '49699333+dependabot@users.noreply.github.com' });
  assert.deepEqual(r.to, ['ok@corp.test']);
  assert.deepEqual(r.invalid, ['49699333+dependabot@users.noreply.github.com', 'not an address']);
  assert.equal(r.developer, '49699333+dependabot@users.noreply.github.com');
});
