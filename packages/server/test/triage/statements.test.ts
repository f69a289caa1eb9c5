import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRaiseStatement } from '../../src/triage/statements';

describe('isRaiseStatement', () => {
  test('JS/TS throw statements', () => {
    for (const line of ['throw new Error("x");', 'throw err', '  throw(err)', 'throw{ code: 1 }', 'throw']) {
      assert.equal(isRaiseStatement(line, 'src/a.ts'), true, line);
    }
  });

  test('identifiers that begin with throw are not throw statements', () => {
    for (const line of ['throwIfMissing(x)', 'throws = 1', 'throw_(x)', 'throw$(x)', 'rethrow(e)']) {
      assert.equal(isRaiseStatement(line, 'src/a.js'), false, line);
    }
  });

  test('Python raise statements', () => {
    for (const line of ['raise', '    raise\n', 'raise ValueError("x")', 'raise KeyError(k) from e', 'raise(E)']) {
      assert.equal(isRaiseStatement(line, 'app/x.py'), true, line);
    }
  });

  test('identifiers that begin with raise are not raise statements', () => {
    for (const line of ['raised = 1', 'raise_for_status()', 'raises(E)', 'self.raise_error()']) {
      assert.equal(isRaiseStatement(line, 'app/x.py'), false, line);
    }
  });

  test('the extension picks the language; unknown accepts either', () => {
    assert.equal(isRaiseStatement('raise(err)', 'src/a.ts'), false);
    assert.equal(isRaiseStatement('throw(err)', 'app/x.py'), false);
    assert.equal(isRaiseStatement('raise E', 'bin/tool'), true);
    assert.equal(isRaiseStatement('throw e', 'bin/tool'), true);
  });
});
