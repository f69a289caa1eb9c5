import type { Command } from 'commander';
import { formatConfig, loadConfig } from '../../config/load';
import { FlawlessError } from '../../errors';
import { configFilePath, EXIT_CONFIG } from '../load';

export function registerCheckConfigCommand(program: Command): void {
  program
    .command('check-config')
    .description('Print the effective configuration (secrets masked) and any problem with it')
    .option('-c, --conf <path>', 'config file; default ./flawless.cfg if present')
    .action((opts: { conf?: string }) => {
      const file = configFilePath(opts.conf);
      try {
        const { config, warnings, notes, source } = loadConfig({ file, env: process.env, cwd: process.cwd() });
        console.log(file ? `# config file: ${file}` : '# no config file: embedded defaults');
        console.log(formatConfig(config, source));
        for (const w of warnings) console.log(`warning: ${w}`);
        for (const n of notes) console.log(`note: ${n}`);
      } catch (err) {
        if (err instanceof FlawlessError) {
          console.error(`flawless: ${err.code}: ${err.message}`);
          process.exit(EXIT_CONFIG);
        }
        throw err;
      }
    });
}
