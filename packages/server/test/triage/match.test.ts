import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyRuleSet, type WatchRule } from '../../src/rules/types';
import {
  codeIdentifiersMatch,
  compileRules,
  findCodeRule,
  isIgnoredException,
  watchersFor,
} from '../../src/triage/match';
import { codeRule as rule, ruleId, ruleSet as rules } from './fixtures';

const frame = (filename: string, function_name: string | null, code_fragment: string | null) => ({
  filename,
  function_name,
  code_fragment,
});

describe('codeIdentifiersMatch', () => {
  test('filenames must be equal', () => {
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'x'), frame('a.py', 'f', 'x')), true);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'x'), frame('b.py', 'f', 'x')), false);
  });

  test('function names: equal, or empty/null on either side is a wildcard', () => {
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', null), frame('a.py', 'g', null)), false);
    assert.equal(codeIdentifiersMatch(frame('a.py', '', null), frame('a.py', 'g', null)), true);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', null), frame('a.py', null, null)), true);
  });

  test('fragments: whitespace-insensitive containment in both directions', () => {
    const line = frame('a.py', 'f', '    total  =\tsum(items)\n');
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'total = sum'), line), true);
    assert.equal(codeIdentifiersMatch(line, frame('a.py', 'f', 'total = sum')), true);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'x = total  =  sum(items) + 1'), line), true);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'total = max(items)'), line), false);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'total=sum'), line), false);
  });

  test('an empty or whitespace-only fragment is a wildcard', () => {
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', ''), frame('a.py', 'f', 'anything')), true);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', '  \n'), frame('a.py', 'f', 'anything')), true);
    assert.equal(codeIdentifiersMatch(frame('a.py', 'f', 'anything'), frame('a.py', 'f', null)), true);
  });
});

describe('findCodeRule', () => {
  test('looks up by kind and filename, first match in list order', () => {
    const known1 = rule('known_error', 'src/a.ts', 'f', 'other line');
    const known2 = rule('known_error', 'src/a.ts', 'f', 'db.query(sql)');
    const known3 = rule('known_error', 'src/a.ts', null, null);
    const compiled = compileRules(rules({ codeRules: [known1, rule('building_block', 'src/a.ts'), known2, known3] }));
    const id = frame('src/a.ts', 'f', '  await   db.query(sql);');
    assert.equal(findCodeRule(compiled, 'known_error', id), known2);
    assert.equal(findCodeRule(compiled, 'third_party', id), null);
    assert.equal(findCodeRule(compiled, 'known_error', frame('src/b.ts', 'f', 'db.query(sql)')), null);
    assert.equal(findCodeRule(compiled, 'known_error', frame('src/a.ts', 'g', 'x')), known3);
  });

  test('a rule with function and fragment empty matches the whole file', () => {
    const whole = rule('third_party', 'vendor/lib.py', '', '');
    const compiled = compileRules(rules({ codeRules: [whole] }));
    assert.equal(findCodeRule(compiled, 'third_party', frame('vendor/lib.py', 'anything', 'any line')), whole);
  });

  test('a wildcard function with a fragment still needs the fragment', () => {
    const r = rule('building_block', 'lib/util.ts', null, 'JSON.parse(');
    const compiled = compileRules(rules({ codeRules: [r] }));
    assert.equal(findCodeRule(compiled, 'building_block', frame('lib/util.ts', 'parse', 'return JSON.parse(s)')), r);
    assert.equal(findCodeRule(compiled, 'building_block', frame('lib/util.ts', 'parse', 'return s.trim()')), null);
  });
});

describe('isIgnoredException', () => {
  test('exact exception type match', () => {
    const compiled = compileRules(rules({ ignoredExceptions: [{ id: 1, exception_type: 'KeyboardInterrupt' }] }));
    assert.equal(isIgnoredException(compiled, 'KeyboardInterrupt'), true);
    assert.equal(isIgnoredException(compiled, 'keyboardinterrupt'), false);
    assert.equal(isIgnoredException(compiled, 'KeyboardInterruptError'), false);
  });
});

describe('watchersFor', () => {
  const watch = (email: string, filepath: string, watch_all_errors: boolean): WatchRule => ({
    id: ruleId(),
    email,
    filepath,
    watch_all_errors,
  });

  test('file or parent folder on whole segments', () => {
    const compiled = compileRules(
      rules({
        watchers: [
          watch('file@x.com', 'src/a/b.ts', true),
          watch('folder@x.com', 'src/a', true),
          watch('slash@x.com', 'src/a/', true),
          watch('sibling@x.com', 'src/ab', true),
          watch('deeper@x.com', 'src/a/b.ts/c', true),
        ],
      }),
    );
    assert.deepEqual(watchersFor(compiled, 'src/a/b.ts', true), ['folder@x.com', 'slash@x.com', 'file@x.com']);
    assert.deepEqual(watchersFor(compiled, 'src/ab.ts', true), []);
    assert.deepEqual(watchersFor(compiled, 'src/ab/x.ts', true), ['sibling@x.com']);
  });

  test('empty or / watches everything; each email once', () => {
    const compiled = compileRules(
      rules({
        watchers: [
          watch('root@x.com', '/', true),
          watch('empty@x.com', '', true),
          watch('root@x.com', 'src', true),
          watch('dot@x.com', './src/', true),
        ],
      }),
    );
    assert.deepEqual(watchersFor(compiled, 'src/a.ts', true), ['root@x.com', 'empty@x.com', 'dot@x.com']);
    assert.deepEqual(watchersFor(compiled, 'README.md', true), ['root@x.com', 'empty@x.com']);
  });

  test('allErrors picks the list of watchers', () => {
    const compiled = compileRules(
      rules({ watchers: [watch('all@x.com', 'src', true), watch('blamed@x.com', 'src', false)] }),
    );
    assert.deepEqual(watchersFor(compiled, 'src/a.ts', true), ['all@x.com']);
    assert.deepEqual(watchersFor(compiled, 'src/a.ts', false), ['blamed@x.com']);
    assert.deepEqual(watchersFor(compileRules(emptyRuleSet()), 'src/a.ts', false), []);
  });
});
