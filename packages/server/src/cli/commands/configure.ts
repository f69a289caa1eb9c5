import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { OPTION_DEFINITIONS, type OptionName } from '../../config/definitions';
import { loadConfig } from '../../config/load';
import { maskUrlCredentials } from '../../config/mask';
import { FlawlessError } from '../../errors';
import {
  type ExistingFile,
  holdsSecret,
  readExisting,
  renderConfigFile,
  writeConfigFile,
} from '../configure/config-file';
import { ConfigureProblem, interpretAnswer, interview, showValue, type Values } from '../configure/interview';
import { createPrompter, PromptAborted, type Prompter } from '../configure/prompter';
import { type Context, gitRuns } from '../configure/questions';
import { EXIT_CONFIG } from '../load';

interface ConfigureFlags {
  yes?: boolean;
  force?: boolean;
  [flag: string]: unknown;
}

/** `http_port` → `--http-port`, and the name commander stores it under (`httpPort`). */
export function optionFlag(key: string): { flag: string; attribute: string } {
  return {
    flag: `--${key.replace(/_/g, '-')}`,
    attribute: key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
  };
}

function exitWith(code: number, message: string): never {
  console.error(`flawless: configure: ${message}`);
  process.exit(code);
}

/** The values given as `--<option> <value>` flags, parsed like answers; a bad one exits 2. */
function flagValues(flags: ConfigureFlags, ctx: Context): Values {
  const fixed: Values = {};
  for (const d of OPTION_DEFINITIONS) {
    const { flag, attribute } = optionFlag(d.key);
    const raw = flags[attribute];
    if (typeof raw !== 'string') continue;
    const r = interpretAnswer(raw.trim() === '' ? '-' : raw, null, { section: '', definition: d }, {}, ctx);
    if (!r.ok) exitWith(EXIT_CONFIG, `${flag} ${d.secret ? '********' : JSON.stringify(raw)}: expected ${r.expected}`);
    fixed[d.key] = r.value;
  }
  return fixed;
}

function printSummary(
  say: (text?: string) => void,
  chosen: Values,
  shown: ReadonlySet<string>,
  existing: ExistingFile | null,
): void {
  say();
  say('Summary');
  const kept: string[] = [];
  for (const d of OPTION_DEFINITIONS) {
    if (shown.has(d.key)) {
      const value = chosen[d.key];
      const isDefault = JSON.stringify(value ?? null) === JSON.stringify(d.default);
      say(`  ${d.key} = ${showValue(value, 'secret' in d && d.secret)}${isDefault ? '   (default: not written)' : ''}`);
    } else if (!(d.key in chosen) && existing?.raw.has(d.key)) {
      kept.push(d.key);
    }
  }
  if (kept.length > 0) say(`  kept as they are in the file: ${kept.join(', ')}`);
}

async function confirmWrite(p: Prompter | null, path: string, exists: boolean, force: boolean): Promise<boolean> {
  if (!p) {
    if (exists && !force) exitWith(1, `${path} exists; add --force to replace its [flawless] section`);
    return true;
  }
  const question = exists
    ? `${path} exists. Replace its [flawless] section (other sections are kept)? (yes/no) [no]: `
    : `Write ${path}? (yes/no) [yes]: `;
  for (;;) {
    const text = (await p.ask(question)).trim().toLowerCase();
    if (text === '') return !exists;
    if (['y', 'yes'].includes(text)) return true;
    if (['n', 'no'].includes(text)) return false;
    p.say('  expected yes or no');
  }
}

async function runConfigure(pathArg: string, flags: ConfigureFlags): Promise<void> {
  const path = resolve(pathArg);
  const ctx: Context = { cwd: process.cwd(), gitFound: gitRuns() };
  const fixed = flagValues(flags, ctx);
  let existing: ExistingFile | null;
  try {
    existing = readExisting(path);
  } catch (err) {
    exitWith(1, `cannot read ${path}: ${(err as Error).message}`);
  }
  const p = flags.yes ? null : createPrompter(process.stdin, process.stdout);
  const say = (text = '') => (p ? p.say(text) : console.log(text));
  say(`Flawless configure: ${existing ? 'updates' : 'writes'} ${path}`);
  if (p) say('Press Enter to keep the value in [brackets]; type - to unset an optional value.');
  for (const problem of existing?.problems ?? []) say(`note: ${problem}; asked again`);

  let chosen: Values;
  try {
    const { values, applicable } = await interview({ prompter: p, ctx, existing: existing?.values ?? {}, fixed });
    // Flags for options the questionnaire does not ask are written too.
    chosen = { ...fixed, ...values };
    printSummary(say, chosen, new Set([...applicable, ...Object.keys(fixed)]), existing);
    if (!(await confirmWrite(p, path, existing !== null, flags.force === true))) {
      say('Nothing written.');
      p?.close();
      return;
    }
  } catch (err) {
    p?.close();
    if (err instanceof PromptAborted) exitWith(err.reason === 'interrupt' ? 130 : 1, `${err.message}; nothing written`);
    if (err instanceof ConfigureProblem) {
      const { flag } = optionFlag(err.option);
      exitWith(EXIT_CONFIG, `${err.option} is needed: ${err.expected} (pass ${flag})`);
    }
    throw err;
  }
  p?.close();

  const text = renderConfigFile(chosen, existing);
  const secret = holdsSecret(chosen, existing);
  try {
    writeConfigFile(path, text, secret, (tmp) => {
      const loaded = loadConfig({ file: tmp, env: {}, cwd: ctx.cwd });
      for (const w of loaded.warnings) say(`warning: ${w.replaceAll(tmp, path)}`);
    });
  } catch (err) {
    if (err instanceof FlawlessError) exitWith(EXIT_CONFIG, `nothing written: ${err.message}`);
    exitWith(1, `cannot write ${path}: ${(err as Error).message}`);
  }
  const get = (key: OptionName) => chosen[key] ?? existing?.values[key] ?? null;
  say();
  say(`Wrote ${path}${secret ? ' (readable by its owner only: it holds a password)' : ''}.`);
  if (get('repo_url')) {
    say(
      `On its first start Flawless clones ${maskUrlCredentials(String(get('repo_url')), true)} into ${String(get('repo_dir'))}.`,
    );
  }
  say(`Start the server:  flawless start --conf ${path}`);
  say(`Then check:        ${String(get('hostname') ?? 'http://localhost:8080')}/check_health`);
}

export function registerConfigureCommand(program: Command): void {
  const command = program
    .command('configure')
    .description('Ask how this server should run and write its config file (INI, section [flawless])')
    .argument('[path]', 'the file to write', 'flawless.cfg')
    .option('-y, --yes', 'ask nothing: use the flags, then the existing file, then the defaults')
    .option('-f, --force', 'with --yes: replace the [flawless] section of an existing file')
    .addHelpText(
      'after',
      '\nEvery option can be given as --<option> <value> (e.g. --http-port 8081 or --http_port 8081);\n' +
        'an empty value unsets an optional one. Only values that differ from the defaults are written.',
    );
  for (const d of OPTION_DEFINITIONS) {
    command.addOption(new Option(`${optionFlag(d.key).flag} <value>`, d.description));
  }
  command.action((path: string, flags: ConfigureFlags) => runConfigure(path, flags));
}
