#!/usr/bin/env node
import { Command } from 'commander';
import { OPTION_DEFINITIONS } from '../config/definitions';
import { VERSION } from '../version';
import { registerCheckConfigCommand } from './commands/check-config';
import { registerConfigureCommand } from './commands/configure';
import { registerDemoCommand } from './commands/demo';
import { registerStartCommand } from './commands/start';

const OPTION_NAMES: ReadonlySet<string> = new Set(OPTION_DEFINITIONS.map((d) => d.key));

/**
 * The original accepted `-conf PATH`; commander wants `--conf`. Option flags may be spelled
 * as the option is named (`--http_port`), which commander knows as `--http-port`.
 */
export function normalizeArgv(argv: string[]): string[] {
  return argv.map((a) => {
    if (a === '-conf') return '--conf';
    if (a.startsWith('-conf=')) return `--conf=${a.slice(6)}`;
    const m = /^--([a-z0-9_]+)(=.*)?$/.exec(a);
    if (m && m[1]!.includes('_') && OPTION_NAMES.has(m[1]!)) return `--${m[1]!.replace(/_/g, '-')}${m[2] ?? ''}`;
    return a;
  });
}

export function buildProgram(): Command {
  const program = new Command('flawless')
    .description('Flawless: emails the one developer whose line of code is failing in production, once.')
    .version(VERSION, '-v, --version');
  registerStartCommand(program);
  registerConfigureCommand(program);
  registerCheckConfigCommand(program);
  registerDemoCommand(program);
  return program;
}

/** Runs the command line given to this process. */
export function run(): void {
  buildProgram()
    .parseAsync(normalizeArgv(process.argv))
    .catch((err: unknown) => {
      console.error(`flawless: ${(err as Error).message}`);
      process.exit(1);
    });
}

if (require.main === module) run();
