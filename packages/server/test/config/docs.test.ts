import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { OPTION_DEFINITIONS } from '../../src/config/definitions';
import { renderConfigDoc } from '../../src/config/doc';
import { ERROR_CODES } from '../../src/errors';

// Compiled to packages/server/dist/test/config/.
const docs = resolve(__dirname, '../../../../../docs');

describe('docs/config.md', () => {
  it('is exactly what renderConfigDoc() generates (regenerate: node packages/server/dist/src/config/doc.js)', () => {
    assert.equal(readFileSync(resolve(docs, 'config.md'), 'utf8'), renderConfigDoc());
  });

  it('has a row for every option', () => {
    const doc = renderConfigDoc();
    for (const d of OPTION_DEFINITIONS) assert.ok(doc.includes(`| \`${d.key}\` |`), d.key);
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(resolve(docs, 'errors.md'), 'utf8');
  const rows = new Map(
    [...doc.matchAll(/^\| `(FLW_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const),
  );

  it('has a row for every error code, with its HTTP status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      assert.equal(rows.get(code), status, `${code} in docs/errors.md`);
    }
  });

  it('names no code that does not exist', () => {
    const named = new Set([...doc.matchAll(/FLW_ERR_[A-Z_]+/g)].map((m) => m[0]));
    const stale = [...named].filter((code) => !(code in ERROR_CODES));
    assert.deepEqual(stale, []);
  });
});
