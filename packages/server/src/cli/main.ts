#!/usr/bin/env node
import { Command } from 'commander';
import { VERSION } from '../version';
import { registerCheckConfigCommand } from './commands/check-config';
import { registerStartCommand } from './commands/start';

/** The original accepted `-conf PATH`; commander wants `--conf`. */
export function normalizeArgv(argv: string[]): string[] {
  return argv.map((a) => (a === '-conf' ? '--conf' : a.startsWith('-conf=') ? `--conf=${a.slice(6)}` : a));
}

export function buildProgram(): Command {
  const program = new Command('flawless')
    .description('Flawless: emails the one developer whose line of code is failing in production, once.')
    .version(VERSION, '-v, --version');
  registerStartCommand(program);
  registerCheckConfigCommand(program);
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
