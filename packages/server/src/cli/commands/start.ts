import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { buildServer, type FlawlessServer, resolveRepoDir } from '../../app';
import type { Config } from '../../config/definitions';
import { maskUrlCredentials } from '../../config/mask';
import { FlawlessError } from '../../errors';
import { createLogger, type LogSetup } from '../../upkeep/logger';
import { VERSION } from '../../version';
import { EXIT_CONFIG, loadConfigOrExit } from '../load';
import { isLoopback } from '../network';
import { optionsHelp } from '../options-help';

/** What `listen()` reports. `thriftAddress` ("host:port") is printed once the Thrift endpoint returns it. */
export interface Listening {
  httpUrl: string;
  thriftAddress?: string;
}

function thriftAllowText(allow: readonly string[]): string {
  if (allow.length === 0) return 'loopback only';
  return allow[0] === 'any' ? 'any address' : allow.join(', ');
}

/** The lines `start` prints once it listens: where to point browsers and clients, and where things go. */
export function startBanner(config: Readonly<Config>, file: string | null, at: Listening, logs: string): string {
  const { httpUrl } = at;
  const repoDir = resolveRepoDir(config);
  const repo = config.repo_url
    ? `${repoDir}, kept from ${maskUrlCredentials(config.repo_url, true)}${
        config.repo_branch_pattern ? ` on the newest branch matching ${config.repo_branch_pattern}` : ''
      }`
    : repoDir;
  return [
    `Flawless ${VERSION} is running${file ? ` (config ${file})` : ' on the embedded defaults'}`,
    `  web UI:     ${httpUrl}/`,
    `  JSON API:   POST ${httpUrl}/api/v1/errors`,
    ...(at.thriftAddress === 'off'
      ? ['  Thrift:     off (thrift_allow = none)']
      : at.thriftAddress
        ? [
            `  Thrift:     ${at.thriftAddress} (Flawless 0.4 Python clients; from ${thriftAllowText(config.thrift_allow)})`,
          ]
        : []),
    `  health:     ${httpUrl}/check_health`,
    `  data:       ${config.data_dir_path}`,
    `  repository: ${repo}`,
    config.smtp_host
      ? `  email:      SMTP ${config.smtp_host}`
      : `  email:      no smtp_host set: written to ${join(config.data_dir_path, 'outbox')}`,
    `  logs:       ${logs}`,
    'Stop with Ctrl-C.',
  ].join('\n');
}

function parseMs(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10) throw new Error(`expected milliseconds (at least 10), got ${raw}`);
  return n;
}

function fail(err: unknown, code: number): never {
  const e = err instanceof FlawlessError ? err : null;
  console.error(`flawless: ${e ? `${e.code}: ` : ''}${(err as Error).message}`);
  process.exit(code);
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Run the server in the foreground (web UI + JSON API, Thrift, blame, email)')
    .option('-c, --conf <path>', 'config file (INI, section [flawless]); default ./flawless.cfg if present')
    .addOption(
      // For tests and for trying the release-branch switch without waiting five minutes.
      new Option('--repo-update-interval <ms>', 'time between updates of the repo_url clone')
        .argParser(parseMs)
        .hideHelp(),
    )
    .addHelpText('after', optionsHelp())
    .action(async (opts: { conf?: string; repoUpdateInterval?: number }) => {
      const { config, file } = loadConfigOrExit(opts.conf);
      if (!isLoopback(config.bind_address) && !config.admin_password) {
        fail(new FlawlessError('FLW_ERR_INSECURE_BIND', [config.bind_address]), EXIT_CONFIG);
      }
      // Thrift cannot carry ingest_token: exposed on a network, it must say who may use it.
      if (!isLoopback(config.bind_address) && config.thrift_allow.length === 0) {
        fail(new FlawlessError('FLW_ERR_THRIFT_OPEN', [config.bind_address]), EXIT_CONFIG);
      }
      let logging: LogSetup;
      try {
        mkdirSync(config.data_dir_path, { recursive: true });
        logging = createLogger(config);
      } catch (err) {
        fail(err, 1);
      }
      const { log } = logging;
      log.info({ version: VERSION, file }, 'starting');
      let server: FlawlessServer;
      let at: Listening;
      try {
        server = buildServer(config, {
          log,
          ...(opts.repoUpdateInterval ? { repoUpdateIntervalMs: opts.repoUpdateInterval } : {}),
        });
        at = await server.listen();
      } catch (err) {
        log.fatal({ err }, 'cannot start');
        logging.close();
        fail(err, 1);
      }
      log.info({ url: at.httpUrl }, 'listening');
      console.log(startBanner(config, file, at, logging.target));

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping: no new reports; finishing acknowledged work');
        server
          .close()
          .then(() => {
            log.info('stopped');
            logging.close();
            process.exit(0);
          })
          .catch((err: unknown) => {
            console.error(`flawless: error while stopping: ${(err as Error).message}`);
            logging.close();
            process.exit(1);
          });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
