import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { buildServer } from '../../app';
import { FlawlessError } from '../../errors';
import { VERSION } from '../../version';
import { EXIT_CONFIG, loadConfigOrExit } from '../load';

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Run the server in the foreground (web UI + JSON API, Thrift, blame, email)')
    .option('-c, --conf <path>', 'config file (INI, section [flawless]); default ./flawless.cfg if present')
    .action(async (opts: { conf?: string }) => {
      const { config, file } = loadConfigOrExit(opts.conf);
      if (!isLoopback(config.bind_address) && !config.admin_password) {
        const err = new FlawlessError('FLW_ERR_INSECURE_BIND', [config.bind_address]);
        console.error(`flawless: ${err.code}: ${err.message}`);
        process.exit(EXIT_CONFIG);
      }
      mkdirSync(config.data_dir_path, { recursive: true });
      const log = pino(
        { level: config.log_level },
        config.log_file ? pino.destination({ dest: config.log_file, mkdir: true, sync: false }) : pino.destination(2),
      );
      let server: ReturnType<typeof buildServer>;
      let httpUrl: string;
      let thriftAddress: string;
      try {
        server = buildServer(config, { log });
        ({ httpUrl, thriftAddress } = await server.listen());
      } catch (err) {
        const e = err instanceof FlawlessError ? err : null;
        console.error(`flawless: ${e ? `${e.code}: ` : ''}${(err as Error).message}`);
        process.exit(1);
      }
      const lines = [
        `Flawless ${VERSION} is running${file ? ` (config ${file})` : ' on the embedded defaults'}`,
        `  web UI:     ${httpUrl}/`,
        `  JSON API:   POST ${httpUrl}/api/v1/errors`,
        `  health:     ${httpUrl}/check_health`,
        `  Thrift:     ${thriftAddress} (Flawless 0.4 Python clients)`,
        `  data:       ${config.data_dir_path}`,
        config.smtp_host
          ? `  email:      SMTP ${config.smtp_host}`
          : `  email:      no smtp_host set: written to ${join(config.data_dir_path, 'outbox')}`,
      ];
      console.log(lines.join('\n'));

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping: no new reports; finishing acknowledged work');
        server
          .close()
          .then(() => {
            log.flush();
            process.exit(0);
          })
          .catch((err: unknown) => {
            console.error(`flawless: error while stopping: ${(err as Error).message}`);
            process.exit(1);
          });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
