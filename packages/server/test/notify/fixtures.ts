import type { ErrorReport } from '@flawless/protocol';
import type { NotifySettings } from '../../src/notify/settings';
import { type CodeRule, emptyRuleSet, type RuleSet } from '../../src/rules/types';
import type { ErrorRecord } from '../../src/store/types';

/** A report with three frames: a library frame, the caller, and the throwing line. */
export function makeReport(overrides: Partial<ErrorReport> = {}): ErrorReport {
  return {
    traceback: [
      {
        filename: 'src/server/app.ts',
        line_number: 10,
        function_name: 'handle',
        text: '  await placeOrder(req.body)\n',
        frame_locals: { req: 'IncomingMessage {}', zeta: '26', alpha: '1' },
      },
      {
        filename: 'node_modules/lib/index.js',
        line_number: 5,
        function_name: 'wrap',
        text: 'return fn()',
        frame_locals: { secretLibraryLocal: 'should not show' },
      },
      {
        filename: 'src/orders/checkout.ts',
        line_number: 42,
        function_name: 'placeOrder',
        text: 'const total = cart.items.reduce(sum, 0)',
        frame_locals: { cart: '{ items: undefined }', base: '0' },
      },
    ],
    exception_type: 'TypeError',
    exception_message: "Cannot read properties of undefined (reading 'reduce')",
    hostname: 'web-3',
    additional_info: 'POST /checkout HTTP/1.1\nHost: shop.example.com',
    ...overrides,
  };
}

/** A record blamed on alice, below the default threshold, last changed in 2024. */
export function makeRecord(overrides: Partial<ErrorRecord> = {}): ErrorRecord {
  return {
    week: '2024-03-03',
    key: {
      filename: 'src/orders/checkout.ts',
      line_number: 42,
      function_name: 'placeOrder',
      text: 'const total = cart.items.reduce(sum, 0)',
    },
    count: 1,
    first_seen: Date.UTC(2024, 2, 4, 9, 0, 0),
    last_seen: Date.UTC(2024, 2, 5, 10, 30, 15, 250),
    hostname: 'web-3',
    exception_type: 'TypeError',
    blame_state: 'done',
    author_email: 'alice@example.org',
    developer_email: 'alice@example.org',
    line_date: '2024-02-01T12:00:00+01:00',
    commit: '3f2a1c9d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
    blamed_revision: '3f2a1c9d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
    blame_note: null,
    email_sent: false,
    emails_sent: 0,
    alerted_count: 0,
    is_known_error: false,
    error_threshold: null,
    frames: [
      { index: 0, repoPath: 'src/server/app.ts', type: 'DEFAULT' },
      { index: 1, repoPath: 'node_modules/lib/index.js', type: 'IGNORED_FILEPATH' },
      { index: 2, repoPath: 'src/orders/checkout.ts', type: 'DEFAULT' },
    ],
    blamable_paths: ['src/server/app.ts', 'src/orders/checkout.ts'],
    last_report: makeReport(),
    ...overrides,
  };
}

export function makeSettings(overrides: Partial<NotifySettings> = {}): NotifySettings {
  return {
    threshold: 3,
    minimumDate: '1970-01-01',
    hostname: 'http://flawless.test:8080',
    emailDomainName: 'corp.test',
    ignoreVcsEmailDomain: false,
    defaultContact: 'ops@corp.test',
    from: 'error_report@corp.test',
    ...overrides,
  };
}

export function makeRules(overrides: Partial<RuleSet> = {}): RuleSet {
  return { ...emptyRuleSet(), ...overrides };
}

export function knownError(overrides: Partial<CodeRule> = {}): CodeRule {
  return {
    id: 1,
    kind: 'known_error',
    filename: 'src/orders/checkout.ts',
    function_name: 'placeOrder',
    code_fragment: null,
    min_alert_threshold: null,
    max_alert_threshold: null,
    alert_every_n_occurrences: null,
    email_recipients: [],
    email_header: null,
    ...overrides,
  };
}
