// `npm run lint` refuses imports against the layers of docs/architecture.md.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(__dirname, '../../../../..');
const script = join(root, 'scripts/check-layers.mjs');
const copy = mkdtempSync(join(tmpdir(), 'flawless-layers-'));
after(() => rmSync(copy, { recursive: true, force: true }));

function check(dir: string) {
  const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function copyTree(): string {
  const dir = mkdtempSync(join(copy, 'tree-'));
  for (const pkg of ['protocol', 'client', 'server']) {
    cpSync(join(root, 'packages', pkg, 'src'), join(dir, 'packages', pkg, 'src'), { recursive: true });
  }
  return dir;
}

function plant(dir: string, file: string, line: string) {
  const p = join(dir, file);
  writeFileSync(p, `${readFileSync(p, 'utf8')}\n${line}\n`);
}

test('the tree follows the layers', () => {
  const r = check(root);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /all \d+ imports follow the layers/);
});

for (const [name, file, line, message] of [
  [
    'store importing notify',
    'packages/server/src/store/merge.ts',
    "import type { MailTransport } from '../notify/types';",
    /store may not import notify .*store sits below notify/,
  ],
  [
    'triage importing web',
    'packages/server/src/triage/paths.ts',
    "import { html } from '../web/html';",
    /triage may not import web/,
  ],
  [
    'the client importing the server',
    'packages/client/src/lru.ts',
    "import type { Config } from '@flawless/server';",
    /client may not import server/,
  ],
  [
    'the protocol importing the client',
    'packages/protocol/src/grouping.ts',
    "export * from '@flawless/client';",
    /protocol may not import client/,
  ],
  [
    'two units of one layer',
    'packages/server/src/pipeline/ingest.ts',
    "import '../upkeep/logger';",
    /pipeline and upkeep are side by side/,
  ],
] as const) {
  test(`a planted forbidden import fails the check: ${name}`, () => {
    const dir = copyTree();
    plant(dir, file, line);
    const r = check(dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, message);
    assert.match(r.out, new RegExp(file.replace(/[.]/g, '\\.')));
  });
}
