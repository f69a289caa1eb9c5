import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorReport, StackFrame } from '@flawless/protocol';
import { emptyRuleSet, type RuleSet } from '../../src/rules/types';
import { compileSettings, describeFrames, triage } from '../../src/triage/attribute';
import { compileRules } from '../../src/triage/match';
import type { TriageResult } from '../../src/triage/types';
import { codeRule as rule, ruleSet } from './fixtures';

const DEFAULT_SETTINGS = compileSettings({
  report_runtime_package_directory_names: ['site-packages'],
  only_blame_filepaths_matching: ['^(?!.*node_modules/)(?!.*\\.egg).*$'],
});

function f(filename: string, line_number: number, function_name: string, text: string): StackFrame {
  return { filename, line_number, function_name, text };
}

function report(traceback: StackFrame[], exception_type = 'TypeError'): ErrorReport {
  return { traceback, exception_type, exception_message: 'boom', hostname: 'web-1' };
}

function run(frames: StackFrame[], partial: Partial<RuleSet> = {}, settings = DEFAULT_SETTINGS): TriageResult {
  return triage(report(frames), compileRules(ruleSet(partial)), settings);
}

function blamed(result: TriageResult) {
  assert.equal(result.outcome, 'blamed', describeFrames(result.frames));
  if (result.outcome !== 'blamed') throw new Error('unreachable');
  return result;
}

const types = (result: TriageResult) => result.frames.map((fr) => fr.type);

describe('triage', () => {
  test('the last DEFAULT frame is blamed, its key uses the repo path and trimmed text', () => {
    const r = blamed(
      run([
        f('src/server.ts', 10, 'handle', 'route(req)'),
        f('src/orders/checkout.ts', 42, 'placeOrder', '  x.reduce()  '),
      ]),
    );
    assert.deepEqual(r.key, {
      filename: 'src/orders/checkout.ts',
      line_number: 42,
      function_name: 'placeOrder',
      text: 'x.reduce()',
    });
    assert.equal(r.blamedIndex, 1);
    assert.equal(r.knownError, null);
    assert.deepEqual(r.blamablePaths, ['src/server.ts', 'src/orders/checkout.ts']);
    assert.deepEqual(types(r), ['DEFAULT', 'DEFAULT']);
  });

  test('absolute paths are cut; frames outside the repository are BAD_FILEPATH', () => {
    const r = blamed(
      run([
        f('/srv/venv/lib/python3.11/site-packages/app/views.py', 7, 'view', 'do()'),
        f('/usr/lib/python3.11/json/decoder.py', 337, 'decode', 'obj, end = self.raw_decode(s)'),
      ]),
    );
    assert.deepEqual(types(r), ['DEFAULT', 'BAD_FILEPATH']);
    assert.equal(r.key.filename, 'app/views.py');
    assert.deepEqual(r.frames[1], { index: 1, repoPath: null, type: 'BAD_FILEPATH' });
  });

  test('the default pattern ignores node_modules and eggs', () => {
    const r = blamed(
      run([
        f('src/a.ts', 1, 'main', 'go()'),
        f('node_modules/express/lib/router.js', 2, 'handle', 'fn()'),
        f('/v/site-packages/thing.egg/mod.py', 3, 'g', 'h()'),
      ]),
    );
    assert.deepEqual(types(r), ['DEFAULT', 'IGNORED_FILEPATH', 'IGNORED_FILEPATH']);
    assert.equal(r.blamedIndex, 0);
  });

  test('no patterns: every path may be blamed', () => {
    const settings = compileSettings({ report_runtime_package_directory_names: [], only_blame_filepaths_matching: [] });
    const r = blamed(run([f('node_modules/x/index.js', 2, 'g', 'h()')], {}, settings));
    assert.equal(r.key.filename, 'node_modules/x/index.js');
  });

  test('a third-party frame drops the whole report', () => {
    const result = run(
      [f('src/a.ts', 1, 'main', 'go()'), f('vendor/sdk.js', 5, 'call', 'req.send()'), f('src/b.ts', 3, 'x', 'y()')],
      { codeRules: [rule('third_party', 'vendor/sdk.js', 'call')] },
    );
    assert.equal(result.outcome, 'dropped');
    assert.equal(result.outcome === 'dropped' && result.reason, 'third_party');
    assert.deepEqual(types(result), ['DEFAULT', 'THIRDPARTY_WHITELIST']);
  });

  test('third-party is checked before the blame patterns', () => {
    const result = run([f('node_modules/sdk/index.js', 5, 'call', 'req.send()')], {
      codeRules: [rule('third_party', 'node_modules/sdk/index.js')],
    });
    assert.equal(result.outcome, 'dropped');
  });

  test('a building block is skipped so its caller is blamed', () => {
    const r = blamed(
      run(
        [f('src/service.ts', 20, 'load', 'fetchJson(url)'), f('src/lib/http.ts', 8, 'fetchJson', 'JSON.parse(body)')],
        {
          codeRules: [rule('building_block', 'src/lib/http.ts', 'fetchJson')],
        },
      ),
    );
    assert.deepEqual(types(r), ['DEFAULT', 'BUILDING_BLOCK']);
    assert.equal(r.key.filename, 'src/service.ts');
    assert.deepEqual(r.blamablePaths, ['src/service.ts']);
  });

  test('a known error is blamable and carries its rule', () => {
    const known = rule('known_error', 'src/db.ts', 'query', 'await\t pool.query(sql)');
    const r = blamed(
      run([f('src/api.ts', 3, 'get', 'db.query(q)'), f('src/db.ts', 9, 'query', '    await pool.query(sql)\n')], {
        codeRules: [known],
      }),
    );
    assert.deepEqual(types(r), ['DEFAULT', 'KNOWN_ERROR']);
    assert.equal(r.blamedIndex, 1);
    assert.equal(r.knownError, known);
    assert.equal(r.key.text, 'await pool.query(sql)');
  });

  test('a known error above the blamed frame is blamable but not the blamed rule', () => {
    const known = rule('known_error', 'src/api.ts');
    const r = blamed(
      run([f('src/api.ts', 3, 'get', 'db.query(q)'), f('src/db.ts', 9, 'query', 'x()')], { codeRules: [known] }),
    );
    assert.deepEqual(types(r), ['KNOWN_ERROR', 'DEFAULT']);
    assert.equal(r.knownError, null);
    assert.deepEqual(r.blamablePaths, ['src/api.ts', 'src/db.ts']);
  });

  test('a throw line on top blames its caller', () => {
    const r = blamed(
      run([f('src/a.ts', 4, 'main', 'check(input)'), f('src/check.ts', 2, 'check', "throw new Error('bad input')")]),
    );
    assert.deepEqual(types(r), ['DEFAULT', 'RAISED_EXCEPTION']);
    assert.equal(r.blamedIndex, 0);
  });

  test('a Python raise line blames its caller', () => {
    const r = blamed(
      run([
        f('/s/site-packages/app/views.py', 4, 'view', '    validate(form)\n'),
        f('/s/site-packages/app/forms.py', 9, 'validate', '        raise ValidationError(msg) from e\n'),
      ]),
    );
    assert.deepEqual(types(r), ['DEFAULT', 'RAISED_EXCEPTION']);
    assert.deepEqual(r.key, {
      filename: 'app/views.py',
      line_number: 4,
      function_name: 'view',
      text: 'validate(form)',
    });
  });

  test('a known error wins over the throw rule', () => {
    const known = rule('known_error', 'src/check.ts');
    const r = blamed(run([f('src/check.ts', 2, 'check', 'throw e')], { codeRules: [known] }));
    assert.deepEqual(types(r), ['KNOWN_ERROR']);
  });

  test('an ignored exception type is dropped before any frame is looked at', () => {
    const compiled = compileRules(ruleSet({ ignoredExceptions: [{ id: 1, exception_type: 'AbortError' }] }));
    const result = triage(report([f('src/a.ts', 1, 'm', 'x()')], 'AbortError'), compiled, DEFAULT_SETTINGS);
    assert.deepEqual(result, { outcome: 'dropped', reason: 'ignored_exception', frames: [] });
    assert.equal(triage(report([f('src/a.ts', 1, 'm', 'x()')]), compiled, DEFAULT_SETTINGS).outcome, 'blamed');
  });

  test('no blamable frame: unassigned, with the frame types', () => {
    const result = run([
      f('node:internal/process/task_queues', 95, 'processTicksAndRejections', ''),
      f('node_modules/pg/lib/client.js', 1, 'q', 'cb(err)'),
      f('src/a.ts', 2, 'check', 'throw err'),
    ]);
    assert.equal(result.outcome, 'unassigned');
    assert.deepEqual(types(result), ['BAD_FILEPATH', 'IGNORED_FILEPATH', 'RAISED_EXCEPTION']);
  });

  test('an empty traceback is unassigned', () => {
    assert.deepEqual(run([]), { outcome: 'unassigned', frames: [] });
  });

  test('an indented Python line and a bare JS line give the same key text', () => {
    const py = blamed(run([f('app/x.py', 3, 'f', '    x = y\n')]));
    const js = blamed(run([f('app/x.py', 3, 'f', 'x = y')]));
    assert.deepEqual(py.key, js.key);
    assert.equal(py.key.text, 'x = y');
  });

  test('blamable paths are unique', () => {
    const r = blamed(run([f('src/a.ts', 1, 'f', 'g()'), f('src/a.ts', 5, 'g', 'h()')]));
    assert.deepEqual(r.blamablePaths, ['src/a.ts']);
  });
});

describe('compileSettings', () => {
  test('drops blank runtime directory names and compiles the patterns', () => {
    const s = compileSettings({
      report_runtime_package_directory_names: ['site-packages', ' dist-packages ', ''],
      only_blame_filepaths_matching: ['^src/', '\\.py$'],
    });
    assert.deepEqual(s.runtimeDirectoryNames, ['site-packages', 'dist-packages']);
    assert.deepEqual(
      ['src/a.ts', 'lib/x.py', 'lib/x.ts'].map((path) => s.onlyBlamePatterns.some((p) => p.test(path))),
      [true, true, false],
    );
  });
});

describe('describeFrames', () => {
  test('one entry per frame; the raw filename when there is no repo path', () => {
    const traceback = [f('<anonymous>', 1, 'a', ''), f('src/a.ts', 2, 'b', 'x()'), f('src/b.ts', 3, 'c', 'throw e')];
    const result = triage(report(traceback), compileRules(emptyRuleSet()), DEFAULT_SETTINGS);
    assert.equal(
      describeFrames(result.frames, traceback),
      '0:BAD_FILEPATH "<anonymous>", 1:DEFAULT src/a.ts, 2:RAISED_EXCEPTION src/b.ts',
    );
    assert.equal(describeFrames(result.frames), '0:BAD_FILEPATH null, 1:DEFAULT src/a.ts, 2:RAISED_EXCEPTION src/b.ts');
  });
});
