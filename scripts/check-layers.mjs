#!/usr/bin/env node
// The import rules of docs/architecture.md, checked over every source file: a unit may
// import the units of lower layers, and itself, never a unit of its own layer or above.
// Usage: node scripts/check-layers.mjs [root]   (exit 1 and one line per broken rule)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages, bottom first: a package may import only those below it. */
export const PACKAGE_LAYERS = [['protocol'], ['client', 'server']];

/**
 * Units of packages/server/src (a folder, or a file at the top of src), bottom first.
 * The data's path reads upwards: ground → triage → store → notify → pipeline → ingest/web → app → cli.
 */
export const SERVER_LAYERS = [
  ['errors', 'version', 'week', 'suggest'],
  ['logging', 'rules'],
  ['config'],
  ['vcs'],
  ['triage'],
  ['store'],
  ['notify'],
  ['pipeline', 'upkeep'],
  ['ingest'],
  ['web'],
  ['app', 'index'],
  ['cli'],
];

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;

function rankOf(layers, name) {
  const i = layers.findIndex((l) => l.includes(name));
  return i === -1 ? null : i;
}

function sourceFiles(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The server unit a path under packages/server/src belongs to: its first segment, without extension. */
function serverUnit(srcDir, file) {
  const first = relative(srcDir, file).split(sep)[0] ?? '';
  return first.replace(/\.(ts|mts|cts|js)$/, '');
}

/** Imports looked at by the last checkLayers call (a check that saw none proves nothing). */
export let checked = 0;

/** Every broken rule in the tree under `root`, one message each. */
export function checkLayers(root) {
  const problems = [];
  checked = 0;
  const packagesDir = join(root, 'packages');
  let packages;
  try {
    packages = readdirSync(packagesDir);
  } catch {
    return [`no packages folder under ${root}`];
  }
  for (const pkg of packages) {
    const srcDir = join(packagesDir, pkg, 'src');
    const pkgRank = rankOf(PACKAGE_LAYERS, pkg);
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      const where = relative(root, file);
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (!spec) continue;
        checked++;
        const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
        let target = null; // [package, absolute path or null]
        if (spec.startsWith('@flawless/')) target = [spec.split('/')[1], null];
        else if (spec.startsWith('.')) {
          const abs = resolve(dirname(file), spec);
          const rel = relative(packagesDir, abs);
          if (rel.startsWith('..')) {
            problems.push(
              `${where}:${line}: imports '${spec}', outside the packages (rule: sources import only packages and their own files)`,
            );
            continue;
          }
          target = [rel.split(sep)[0], abs];
        } else continue;
        const [toPkg, abs] = target;
        if (toPkg !== pkg) {
          const toRank = rankOf(PACKAGE_LAYERS, toPkg);
          if (pkgRank === null || toRank === null || toRank >= pkgRank) {
            problems.push(
              `${where}:${line}: ${pkg} may not import ${toPkg} ('${spec}') (rule: packages protocol ← client, server; client and server never import each other)`,
            );
          } else if (abs !== null) {
            problems.push(
              `${where}:${line}: imports ${toPkg} by a relative path ('${spec}') (rule: other packages by their name, @flawless/${toPkg})`,
            );
          }
          continue;
        }
        if (pkg !== 'server' || abs === null) continue;
        const from = serverUnit(srcDir, file);
        const relToSrc = relative(srcDir, abs);
        if (relToSrc.startsWith('..')) {
          problems.push(
            `${where}:${line}: imports '${spec}', outside src (rule: sources never import tests or benchmarks)`,
          );
          continue;
        }
        const to = serverUnit(srcDir, abs);
        if (from === to) continue;
        const fromRank = rankOf(SERVER_LAYERS, from);
        const toRank = rankOf(SERVER_LAYERS, to);
        if (fromRank === null) {
          problems.push(
            `${where}:${line}: ${from} is in no layer (rule: every unit of packages/server/src is listed in scripts/check-layers.mjs and docs/architecture.md)`,
          );
          break;
        }
        if (toRank === null) {
          problems.push(
            `${where}:${line}: ${to} is in no layer (rule: every unit of packages/server/src is listed in scripts/check-layers.mjs and docs/architecture.md)`,
          );
          continue;
        }
        if (toRank >= fromRank) {
          const why =
            toRank === fromRank ? `${from} and ${to} are side by side in one layer` : `${from} sits below ${to}`;
          problems.push(
            `${where}:${line}: ${from} may not import ${to} ('${spec}') (layer rule: ${why}; see docs/architecture.md)`,
          );
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkLayers(root);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`check-layers: ${problems.length} import(s) against the layers`);
    process.exit(1);
  }
  if (checked === 0) {
    console.error('check-layers: no imports found: wrong root?');
    process.exit(1);
  }
  console.log(`check-layers: all ${checked} imports follow the layers`);
}
