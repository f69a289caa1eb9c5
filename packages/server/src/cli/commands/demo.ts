import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { buildServer, type FlawlessServer } from '../../app';
import { type Config, defaultConfig, parseLogLevel } from '../../config/definitions';
import { FlawlessError } from '../../errors';
import { createLogger } from '../../upkeep/logger';
import { FAILING_LINE } from '../demo/sample-app';
import { ALICE, BOB, createSampleRepo } from '../demo/sample-repo';

/** `port` when it is free on 127.0.0.1, else any free port. */
async function freePortPreferring(port: number): Promise<number> {
  const tryPort = (p: number) =>
    new Promise<number | null>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(null));
      probe.listen(p, '127.0.0.1', () => {
        const address = probe.address();
        const got = typeof address === 'object' && address ? address.port : null;
        probe.close(() => resolve(got));
      });
    });
  return (await tryPort(port)) ?? (await tryPort(0)) ?? 0;
}

function runSampleApp(repoDir: string, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['app.js'],
      { cwd: repoDir, env: { ...process.env, FLAWLESS_URL: url }, timeout: 30_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`the sample app failed: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

const indent = (text: string, by = '     ') =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

function demoConfig(root: string, httpPort: number, logLevel: string): Readonly<Config> {
  return Object.freeze({
    ...defaultConfig(),
    http_port: httpPort,
    port: 0,
    hostname: `http://localhost:${httpPort}`,
    data_dir_path: join(root, 'data'),
    repo_dir: join(root, 'shop'),
    log_level: logLevel,
  });
}

/** A server on the embedded defaults, on 8080 when free; another port when 8080 is (or just got) taken. */
async function listenOnAFreePort(root: string, log: Logger) {
  for (let attempt = 0; ; attempt++) {
    const config = demoConfig(root, await freePortPreferring(attempt === 0 ? 8080 : 0), log.level);
    const server = buildServer(config, { log });
    try {
      return { server, config, ...(await server.listen()) };
    } catch (err) {
      await server.close().catch(() => {});
      if (attempt >= 2 || !(err instanceof FlawlessError && err.code === 'FLW_ERR_LISTEN')) throw err;
    }
  }
}

async function runDemo(options: { exit?: boolean }): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'flawless-demo-'));
  const repoDir = join(root, 'shop');
  const level = parseLogLevel(process.env['FLAWLESS_LOG_LEVEL'] ?? 'warn');
  const logging = createLogger({ log_level: level.ok ? level.value : 'warn', log_file: null, log_days_to_keep: 1 });
  const say = (text = '') => console.log(text);
  let server: FlawlessServer | null = null;
  const cleanUp = async () => {
    await server?.close();
    logging.close();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    say('Flawless demo');
    createSampleRepo(repoDir);
    say(`  1. A sample shop in a git repository: ${repoDir}`);
    say(`     ${ALICE.name} <${ALICE.email}> wrote it on ${ALICE.date.slice(0, 10)};`);
    say(`     ${BOB.name} <${BOB.email}> added coupons to shop/cart.js on ${BOB.date.slice(0, 10)}.`);

    const started = await listenOnAFreePort(root, logging.log);
    server = started.server;
    const { config, httpUrl } = started;
    say(`  2. Flawless listens on ${httpUrl} (embedded defaults; data in ${config.data_dir_path})`);

    say('  3. The shop takes four orders; those without a coupon fail and are reported:');
    say(indent(await runSampleApp(repoDir, httpUrl), '       '));

    await server.settle(20_000);
    const emails = (await server.store.listOutbox(20)).filter((e) => e.kind === 'error');
    const email = emails[0];
    if (!email) throw new Error('no email was written; see the log lines above');
    say(
      `  4. git blame gave ${FAILING_LINE.path} line ${FAILING_LINE.lineNumber} to ${BOB.name}; after ` +
        `${config.report_error_threshold} occurrences (report_error_threshold) Flawless wrote this email:`,
    );
    const outbox = join(config.data_dir_path, 'outbox');
    const files = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    say();
    say(`To: ${email.to.join(', ')}`);
    say(`Subject: ${email.subject}`);
    say();
    say(email.text.trimEnd());
    say();
    say(`(with no smtp_host set, emails are files: ${files.map((f) => join(outbox, f)).join(', ')})`);
    say();
    say(`Leaderboard: ${config.hostname}/`);
  } catch (err) {
    console.error(`flawless: demo: ${(err as Error).message}`);
    await cleanUp().catch(() => {});
    process.exit(1);
  }

  if (options.exit) {
    await cleanUp();
    return;
  }
  say(`Serving until Ctrl-C; then ${root} is removed.`);
  const stop = () => {
    cleanUp().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Try Flawless in a minute: a server on the defaults, a sample repository of two authors, an app that fails, its email',
    )
    .option('--exit', 'stop after printing the email instead of serving until Ctrl-C')
    .action((options: { exit?: boolean }) => runDemo(options));
}
