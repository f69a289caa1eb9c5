import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorKeyId } from '@flawless/protocol';
import { defaultConfig } from '../../src/config/definitions';
import { notifySettingsFrom, planEmails } from '../../src/notify/plan';
import type { RuleSet } from '../../src/rules/types';
import type { ErrorRecord } from '../../src/store/types';
import { makeRecord, makeReport, makeRules, makeSettings } from './fixtures';

const settings = makeSettings();
const plan = (record: Partial<ErrorRecord>, rules: RuleSet = makeRules(), s = settings, previousCount = 0) =>
  planEmails({ record: makeRecord(record), previousCount, report: makeReport(), knownError: null, rules, settings: s });
const keyId = errorKeyId(makeRecord().key);

test('below the threshold: nothing', () => {
  assert.deepEqual(plan({ count: 2 }), []);
});

test('at the threshold: one developer email with a stable dedupe key', () => {
  const drafts = plan({ count: 3 });
  assert.equal(drafts.length, 1);
  const [email] = drafts;
  assert.equal(email?.kind, 'error');
  assert.deepEqual(email?.to, ['alice@example.org']);
  assert.equal(email?.subject, 'Error on web-3 in src/orders/checkout.ts');
  assert.equal(email?.dedupeKey, `error:2024-03-03:${keyId}:1`);
  // Two instances planning the same change agree on the key.
  assert.equal(plan({ count: 3 })[0]?.dedupeKey, email?.dedupeKey);
  assert.equal(plan({ count: 4 })[0]?.dedupeKey, email?.dedupeKey);
});

test('an invalid watcher is dropped and default_contact hears of it', () => {
  const rules = makeRules({ watchers: [{ id: 1, email: 'bad address', filepath: 'src', watch_all_errors: false }] });
  const [email, note] = plan({ count: 3 }, rules);
  assert.deepEqual(email?.to, ['alice@example.org']);
  assert.equal(note?.kind, 'problem');
  assert.deepEqual(note?.to, ['ops@corp.test']);
  assert.equal(note?.subject, 'Flawless: invalid email address');
  assert.equal(note?.dedupeKey, `problem:invalid:2024-03-03:${keyId}`);
  assert.ok(note?.text.includes('bad address'));
  assert.ok(note?.text.includes('The email went to: alice@example.org.'));
});

test('nobody valid left: no developer email, and the note says it was not sent', () => {
  const drafts = plan({ count: 3, author_email: '1234+alice@users.noreply.github.com' });
  assert.deepEqual(
    drafts.map((d) => d.kind),
    ['problem'],
  );
  assert.ok(drafts[0]?.text.includes('1234+alice@users.noreply.github.com'));
  assert.ok(drafts[0]?.text.includes('Nobody valid remains to receive it'));
});

test('no default_contact: invalid addresses are dropped silently', () => {
  const drafts = plan({ count: 3, author_email: 'x y@z' }, makeRules(), makeSettings({ defaultContact: null }));
  assert.deepEqual(drafts, []);
});

test('notifySettingsFrom reads the config; From defaults to error_report@<email_domain_name>', () => {
  const config = { ...defaultConfig(), email_domain_name: 'shop.test', default_contact: 'ops@shop.test' };
  assert.deepEqual(notifySettingsFrom(config), {
    threshold: 3,
    minimumDate: '1970-01-01',
    hostname: 'http://localhost:8080',
    emailDomainName: 'shop.test',
    ignoreVcsEmailDomain: false,
    defaultContact: 'ops@shop.test',
    from: 'error_report@shop.test',
  });
  assert.equal(notifySettingsFrom({ ...config, smtp_from: 'flawless@shop.test' }).from, 'flawless@shop.test');
});
