import { envName, OPTION_DEFINITIONS, type OptionDefinition } from '../config/definitions';

/** An option's default as the help shows it. */
export function showDefault(d: OptionDefinition): string {
  const value: unknown = d.default;
  if (value === null || (Array.isArray(value) && value.length === 0)) return 'none';
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** The options of the config file, from the definitions table, for `flawless start --help`. */
export function optionsHelp(): string {
  const lines = [
    '',
    'Configuration (an INI file, section [flawless]; each option also as an environment',
    `variable, e.g. ${envName('http_port')}=8081, which wins over the file):`,
    '',
  ];
  for (const d of OPTION_DEFINITIONS) {
    lines.push(`  ${d.key} (default: ${showDefault(d)})`, `      ${d.description}`);
  }
  return lines.join('\n');
}
