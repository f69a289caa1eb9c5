import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config/definitions';
import { FlawlessError, toFlawlessError } from './errors';
import { registerIngestRoutes } from './ingest/http';
import { createThriftServer } from './ingest/thrift';
import { compilePeerFilter, thriftDisabled, thriftPeersListed } from './ingest/thrift-allow';
import { resolveDeveloperEmail } from './notify/address';
import { createEmlTransport } from './notify/eml-outbox';
import { notifySettingsFrom, planEmails } from './notify/plan';
import { renderProblemEmail } from './notify/render';
import { createOutboxSender, type OutboxSender } from './notify/sender';
import { createSmtpTransport } from './notify/smtp';
import type { MailTransport } from './notify/types';
import { type BlameWorker, createBlameWorker } from './pipeline/blame-worker';
import { createIngestPipeline, type IngestPipeline } from './pipeline/ingest';
import { createRulesProvider, type RulesProvider } from './pipeline/rules-provider';
import { readLegacyRules } from './rules/legacy-files';
import { openStore } from './store/open';
import type { EmailDraft, EmailPlanner, Store } from './store/types';
import { compileSettings } from './triage/attribute';
import { findCodeRule } from './triage/match';
import { createRepoUpkeep, type RepoUpkeep } from './upkeep/repo-upkeep';
import { createGitVersionControl } from './vcs/git';
import type { VersionControl } from './vcs/types';
import { VERSION } from './version';
import { registerWebRoutes } from './web/routes';

/** Parts a caller may supply instead of the ones built from the config (tests, embedding). */
export interface ServerDeps {
  log?: Logger;
  store?: Store;
  vcs?: VersionControl;
  transport?: MailTransport;
  now?: () => number;
  /** Time between updates of the repo_url clone; default 5 minutes (tests shorten it). */
  repoUpdateIntervalMs?: number;
}

/** A built, not yet listening, Flawless server. */
export interface FlawlessServer {
  config: Readonly<Config>;
  http: FastifyInstance;
  store: Store;
  rules: RulesProvider;
  pipeline: IngestPipeline;
  blameWorker: BlameWorker;
  sender: OutboxSender;
  /** The upkeep of the repo_url clone; null without repo_url. */
  repo: RepoUpkeep | null;
  log: Logger;
  /** Starts the background workers and listens on http_port and the Thrift port; returns where. */
  listen(): Promise<{ httpUrl: string; thriftAddress: string }>;
  /** Waits until ingest, blame and the outbox have nothing left to do (tests, demo). */
  settle(timeoutMs?: number): Promise<void>;
  /** Stops taking reports, finishes what was acknowledged, stops workers, closes storage. */
  close(): Promise<void>;
}

/** The repository to blame in: repo_dir, else the current directory's git top level. */
export function resolveRepoDir(config: Readonly<Config>, cwd = process.cwd()): string {
  if (config.repo_dir) return resolve(cwd, config.repo_dir);
  try {
    return execFileSync(config.git_cli_path, ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return cwd;
  }
}

function buildTransport(config: Readonly<Config>): MailTransport {
  if (!config.smtp_host) return createEmlTransport(join(config.data_dir_path, 'outbox'));
  const [host, port] = config.smtp_host.split(':');
  return createSmtpTransport({
    host: host ?? 'localhost',
    port: port ? Number(port) : 25,
    user: config.smtp_user,
    password: config.smtp_password,
    useTls: config.smtp_use_tls,
    timeoutMs: config.smtp_timeout * 1000,
  });
}

/** Builds the server from a validated config. Does not listen: `listen()` does. */
export function buildServer(config: Readonly<Config>, deps: ServerDeps = {}): FlawlessServer {
  const log = deps.log ?? pino({ level: config.log_level });
  // PostgreSQL connects in the background: listen() fails with FLW_ERR_STORAGE when it cannot.
  const store = deps.store ?? openStore(config, deps.now ? { now: deps.now } : {});
  const repoDir = resolveRepoDir(config);
  const ignoreRevs = config.blame_ignore_revs_file ?? null;
  const vcs =
    deps.vcs ??
    createGitVersionControl({
      repoDir,
      gitPath: config.git_cli_path,
      maxConcurrent: config.max_concurrent_git_blames,
      ignoreRevsFile: ignoreRevs,
      ignoreAuthors: config.blame_ignore_authors ? new RegExp(config.blame_ignore_authors) : null,
      // A managed clone may lag behind what runs: a report's revision is fetched from origin once.
      fetchMissing: config.repo_url !== null,
    });
  const transport = deps.transport ?? buildTransport(config);
  const settings = notifySettingsFrom(config);
  const legacy = config.config_dir_path ? readLegacyRules(config.config_dir_path) : null;
  for (const problem of legacy?.problems ?? []) log.warn({ dir: config.config_dir_path }, `rule file: ${problem}`);
  const rules = createRulesProvider(store, (err) => log.error({ err }, 'reloading rules failed'), legacy?.rules);

  const planner: EmailPlanner = ({ record, previousCount, report }) => {
    const { rules: ruleSet, compiled } = rules.current();
    const knownError = record.is_known_error
      ? findCodeRule(compiled, 'known_error', {
          filename: record.key.filename,
          function_name: record.key.function_name,
          code_fragment: record.key.text,
        })
      : null;
    return planEmails({ record, previousCount, report, knownError, rules: ruleSet, settings });
  };

  const sender = createOutboxSender({ store, transport, from: settings.from, log });
  const repo = config.repo_url
    ? createRepoUpkeep({
        repoUrl: config.repo_url,
        repoDir,
        branchPattern: config.repo_branch_pattern,
        gitPath: config.git_cli_path,
        stateDir: config.data_dir_path,
        log,
        settings,
        enqueue: async (draft) => {
          await store.enqueueEmails([draft]);
          sender.kick();
        },
        ...(deps.repoUpdateIntervalMs ? { intervalMs: deps.repoUpdateIntervalMs } : {}),
      })
    : null;
  // With a managed clone, blame starts once the clone is there; until then jobs wait queued.
  let blameOpen = repo === null;
  const blameWorker = createBlameWorker({
    store,
    vcs,
    planner,
    log,
    batchSize: config.max_concurrent_git_blames * 2,
    resolveEmail: (email, path) => resolveDeveloperEmail(email, path, rules.current().rules, settings),
    problemFor: (job, outcome): EmailDraft | null => {
      if (!settings.defaultContact) return null;
      const message = renderProblemEmail({
        subject: `Flawless: could not blame ${job.key.filename}:${job.key.line_number}`,
        lines: [
          `An error in ${job.key.filename}, line ${job.key.line_number}, in ${job.key.function_name} could not be assigned.`,
          `Reason: ${outcome.reason}`,
          `Code: ${job.key.text}`,
        ],
        settings,
      });
      return {
        ...message,
        to: [settings.defaultContact],
        dedupeKey: `problem:blame:${job.week}:${JSON.stringify(job.key)}`,
        kind: 'problem',
      };
    },
    onCompleted: () => sender.kick(),
  });
  const pipeline = createIngestPipeline({
    store,
    rules,
    settings: compileSettings(config),
    timezone: config.timezone,
    planner,
    errorThreshold: config.report_error_threshold,
    log,
    onCommitted: (result) => {
      if (result.newBlameJobs > 0 && blameOpen) blameWorker.kick();
      if (result.newEmails > 0) sender.kick();
    },
    ...(deps.now ? { now: deps.now } : {}),
  });

  const http = Fastify({
    bodyLimit: config.max_report_bytes,
    // Plain JSON.parse: a `__proto__` key parsed from JSON is an own property, harmless
    // here because report objects are never merged into others; scanning every body for
    // it cost a fifth of ingest time.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    logger: false,
    forceCloseConnections: false,
    return503OnClosing: true,
  });
  http.setErrorHandler((error, _request, reply) => {
    const e = mapFrameworkError(error, config.max_report_bytes);
    if (e.statusCode >= 500) log.error({ err: error }, 'request failed');
    void reply.code(e.statusCode).send({ statusCode: e.statusCode, error: e.code, message: e.message, ...e.detail });
  });
  http.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send({ statusCode: 404, error: 'FLW_ERR_NOT_FOUND', message: `no route ${request.method} ${request.url}` });
  });
  registerIngestRoutes(http, { pipeline, ingestToken: config.ingest_token });
  const thrift = createThriftServer({
    // A listed Thrift peer stands in for the token Flawless 0.4 clients cannot send.
    submit: (reports) => pipeline.submit(reports, { authenticated: thriftPeersListed(config.thrift_allow) }),
    log,
    maxFrameBytes: config.max_report_bytes,
    allowPeer: compilePeerFilter(config.thrift_allow),
  });
  registerWebRoutes(http, { store, config, version: VERSION, rules, log, ...(deps.now ? { now: deps.now } : {}) });

  let started = false;
  let closing = false;
  return {
    config,
    http,
    store,
    rules,
    pipeline,
    blameWorker,
    sender,
    repo,
    log,
    async listen() {
      await rules.refresh();
      rules.start(2000);
      // A managed clone may still be on its way: blame jobs wait in the queue until it is there.
      if (repo) {
        repo.start(() => {
          blameOpen = true;
          if (!closing) blameWorker.start();
        });
      } else {
        blameWorker.start();
      }
      sender.start();
      started = true;
      if (!repo && !existsSync(repoDir)) log.warn({ repoDir }, 'repository directory does not exist: blame will fail');
      try {
        await http.listen({ port: config.http_port, host: config.bind_address });
      } catch (err) {
        throw new FlawlessError(
          'FLW_ERR_LISTEN',
          [`${config.bind_address}:${config.http_port}`, (err as Error).message],
          {
            cause: err,
          },
        );
      }
      const thriftPort = thriftDisabled(config.thrift_allow)
        ? null
        : await thrift.listen(config.port, config.bind_address);
      const address = http.server.address();
      const port = typeof address === 'object' && address ? address.port : config.http_port;
      const host = config.bind_address.includes(':') ? `[${config.bind_address}]` : config.bind_address;
      return {
        httpUrl: `http://${host}:${port}`,
        thriftAddress: thriftPort === null ? 'off' : `${host}:${thriftPort}`,
      };
    },
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      await pipeline.drain();
      await blameWorker.idle(Math.max(0, deadline - Date.now()));
      await sender.drain(Math.max(0, deadline - Date.now()));
    },
    async close() {
      closing = true;
      // Stop taking reports first; requests already acknowledged are on disk by then.
      await Promise.all([http.close(), thrift.close()]);
      await repo?.stop();
      await pipeline.drain();
      rules.stop();
      if (started) {
        await blameWorker.stop();
        await sender.stop();
      }
      await vcs.close();
      await transport.close();
      await store.close();
    },
  };
}

function mapFrameworkError(error: unknown, bodyLimit: number): FlawlessError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new FlawlessError('FLW_ERR_BODY_TOO_LARGE', [bodyLimit]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new FlawlessError('FLW_ERR_BAD_CONTENT_TYPE', [
        String((error as { message: string }).message.split(': ')[1] ?? ''),
      ]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new FlawlessError('FLW_ERR_BAD_JSON', ['the body is empty']);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new FlawlessError('FLW_ERR_BAD_JSON', [message]);
    default:
      if (error instanceof SyntaxError || (error as { statusCode?: number }).statusCode === 400) {
        return error instanceof FlawlessError ? error : new FlawlessError('FLW_ERR_BAD_JSON', [message]);
      }
      return toFlawlessError(error);
  }
}
