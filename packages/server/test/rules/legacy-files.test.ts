import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readLegacyRules } from '../../src/rules/legacy-files';
import { emptyRuleSet } from '../../src/rules/types';
import { tempDir, writeFile } from '../config/helpers';

const json = (value: unknown) => JSON.stringify(value, null, 2);
const code = { function_name: null, code_fragment: null, email_recipients: [], email_header: null };
const noThresholds = { min_alert_threshold: null, max_alert_threshold: null, alert_every_n_occurrences: null };

describe('readLegacyRules', () => {
  it('reads every rule file, skipping the comment strings', () => {
    const dir = tempDir();
    writeFile(
      dir,
      'known_errors',
      json([
        ' Example of disabling all alerts for an error:',
        {
          max_alert_threshold: 0,
          function_name: 'example_func',
          code_fragment: 'raise flawless.BadExample()',
          filename: 'flawless/example.py',
        },
        {
          filename: 'app/pay.ts',
          min_alert_threshold: 10,
          alert_every_n_occurences: 100,
          email_recipients: ['pay@example.com', 'ops@example.com'],
          email_header: 'Payments are flaky',
        },
        { filename: 'app/new.ts', alert_every_n_occurrences: 5 },
        { filename: 'app/plain.ts', function_name: 'f' },
      ]),
    );
    writeFile(dir, 'building_blocks', json(['comment', { filename: 'lib/http.ts', function_name: 'request' }]));
    writeFile(dir, 'third_party_whitelist', json([{ filename: 'vendor/x.js', code_fragment: 'x()' }]));
    writeFile(dir, 'email_remapping', json([' remap', { remap: 'test@example.com', to: 'darth_vader@example.com' }]));
    writeFile(
      dir,
      'watched_files',
      json([
        { email: 'test@example.com', filepath: 'flawless/example.py', watch_all_errors: false },
        { email: 'lead@example.com', filepath: 'app/', watch_all_errors: true },
      ]),
    );
    writeFile(
      dir,
      'ignored_exceptions',
      json([{ exception_type: 'AbortError' }, { exceptions: ['EPIPE', 'ECONNRESET'] }]),
    );
    writeFile(dir, 'disownership', json([{ filepath: 'app/old/', email: 'a@x.com', designated_email: 'b@x.com' }]));

    const { rules, problems } = readLegacyRules(dir);
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, {
      codeRules: [
        {
          ...code,
          ...noThresholds,
          id: 0,
          kind: 'known_error',
          filename: 'flawless/example.py',
          function_name: 'example_func',
          code_fragment: 'raise flawless.BadExample()',
          max_alert_threshold: 0,
        },
        {
          ...code,
          id: 0,
          kind: 'known_error',
          filename: 'app/pay.ts',
          min_alert_threshold: 10,
          max_alert_threshold: null,
          alert_every_n_occurrences: 100,
          email_recipients: ['pay@example.com', 'ops@example.com'],
          email_header: 'Payments are flaky',
        },
        { ...code, ...noThresholds, id: 0, kind: 'known_error', filename: 'app/new.ts', alert_every_n_occurrences: 5 },
        { ...code, ...noThresholds, id: 0, kind: 'known_error', filename: 'app/plain.ts', function_name: 'f' },
        { ...code, ...noThresholds, id: 0, kind: 'building_block', filename: 'lib/http.ts', function_name: 'request' },
        { ...code, ...noThresholds, id: 0, kind: 'third_party', filename: 'vendor/x.js', code_fragment: 'x()' },
      ],
      watchers: [
        { id: 0, email: 'test@example.com', filepath: 'flawless/example.py', watch_all_errors: false },
        { id: 0, email: 'lead@example.com', filepath: 'app/', watch_all_errors: true },
      ],
      disownerships: [{ id: 0, filepath: 'app/old/', email: 'a@x.com', designated_email: 'b@x.com' }],
      remaps: [{ id: 0, from: 'test@example.com', to: 'darth_vader@example.com' }],
      ignoredExceptions: [
        { id: 0, exception_type: 'AbortError' },
        { id: 0, exception_type: 'EPIPE' },
        { id: 0, exception_type: 'ECONNRESET' },
      ],
    });
  });

  it('turns malformed files and entries into problems and keeps the rest', () => {
    const dir = tempDir();
    writeFile(dir, 'known_errors', '[ {"filename": "a.ts", "max_alert_threshold": 1 }, ');
    writeFile(dir, 'watched_files', json({ email: 'a@x.com' }));
    writeFile(
      dir,
      'building_blocks',
      json([
        { filename: 'lib/ok.ts' },
        { filename: 'lib/typo.ts', funtion_name: 'f' },
        { function_name: 'no_file' },
        42,
        { filename: 'lib/also-ok.ts' },
      ]),
    );
    writeFile(dir, 'email_remapping', json([{ remap: 'a', to: 7 }]));
    writeFile(dir, 'known_errors_unrelated', 'not read');

    const { rules, problems } = readLegacyRules(dir);
    assert.deepEqual(
      rules.codeRules.map((r) => r.filename),
      ['lib/ok.ts', 'lib/also-ok.ts'],
    );
    assert.deepEqual(rules.remaps, []);
    assert.deepEqual(rules.watchers, []);
    const expected = [
      [join(dir, 'known_errors'), /not valid JSON/],
      [join(dir, 'building_blocks'), /index 1: unknown field "funtion_name" \(did you mean function_name\?\)/],
      [join(dir, 'building_blocks'), /index 2: filename is required/],
      [join(dir, 'building_blocks'), /index 3: must be an object/],
      [join(dir, 'email_remapping'), /index 0: to must be a string/],
      [join(dir, 'watched_files'), /must be a JSON list/],
    ] as const;
    assert.equal(problems.length, expected.length, problems.join('\n'));
    expected.forEach(([path, pattern], i) => {
      assert.ok(problems[i]!.startsWith(`${path}: `), problems[i]);
      assert.match(problems[i]!, pattern);
    });
  });

  it('gives no rules and no problems for a directory without rule files, or none at all', () => {
    assert.deepEqual(readLegacyRules(tempDir()), { rules: emptyRuleSet(), problems: [] });
    assert.deepEqual(readLegacyRules(join(tempDir(), 'missing')), { rules: emptyRuleSet(), problems: [] });
  });
});
