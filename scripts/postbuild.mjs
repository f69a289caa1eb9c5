#!/usr/bin/env node
// After `tsc -b`: make the CLI executable. npm links the bin at install time, before the
// build has written it, so the file tsc writes would otherwise lack the execute bit.
import { chmodSync, existsSync } from 'node:fs';

const bin = new URL('../packages/server/dist/src/cli/main.js', import.meta.url).pathname;
if (existsSync(bin)) chmodSync(bin, 0o755);
