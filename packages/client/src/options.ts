/** The client's options, their defaults and the `FLAWLESS_*` environment variables. */
import { hostname as osHostname } from 'node:os';
import { DEFAULT_SCRUB_PATTERN } from './capture/redact';
import { detectRevision, detectRoot } from './capture/repo';

/** Options of `init`. Every one is optional. */
export interface FlawlessOptions {
  /**
   * Flawless servers, `host:http_port` (plain HTTP) or `http(s)://` URLs. Reports go to one
   * at a time; a failing one is retried after a backoff while the others take over.
   * Default: the comma-separated `FLAWLESS_SERVERS` environment variable. With none, the
   * client does nothing.
   */
  servers?: string[];
  /** Sent as the report's `hostname`. Default `os.hostname()`. */
  hostname?: string;
  /**
   * The commit the app runs, so the server blames at that commit. Default:
   * `FLAWLESS_REVISION`, else `git rev-parse HEAD` in `root`, else none.
   */
  revision?: string;
  /**
   * The repository root frame paths are sent relative to. Default: the git top level
   * above the main module (else above the current directory, else the current directory).
   */
  root?: string;
  /**
   * Whether to capture local variables through `node:inspector`. Default `true`, unless
   * `FLAWLESS_CAPTURE_LOCALS` is `false` (or `0`, `no`, `off`).
   */
  captureLocals?: boolean;
  /**
   * Most debugger pauses per second for locals; past it pausing stops for a backoff that
   * grows while the storm lasts (1 s up to 5 min). Default 50.
   */
  localsRateLimit?: number;
  /**
   * Names of locals, fields and request headers whose values are sent as `**scrubbed**`.
   * Default `/password|secret|token|key|authori[sz]ation|cookie/i`.
   */
  scrubPattern?: RegExp;
  /** Sent as `Authorization: Bearer <token>`. Default `FLAWLESS_INGEST_TOKEN`. */
  ingestToken?: string;
  /** Time limit of each request to a server, and the default of `flush`. Default 10 000 ms. */
  timeoutMs?: number;
  /** Most reports waiting to be sent; the oldest is dropped past it. Default 1000. */
  maxQueue?: number;
  /** Default `error_threshold` of every report (the server's own default applies when unset). */
  errorThreshold?: number;
  /**
   * When the event loop empties (`beforeExit`) with reports still queued, wait up to this
   * long for them to be sent. `0` turns it off. Default 2000 ms.
   */
  exitFlushTimeoutMs?: number;
  /** Print the client's warnings with `console.warn`. Default `false`: the client prints nothing. */
  debug?: boolean;
  /** Receives the client's warnings (server unreachable, locals unavailable…). */
  onWarning?: (message: string) => void;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  servers: string[];
  hostname: string;
  revision: string | undefined;
  root: string;
  captureLocals: boolean;
  localsRateLimit: number;
  scrubPattern: RegExp;
  ingestToken: string | undefined;
  timeoutMs: number;
  maxQueue: number;
  errorThreshold: number | undefined;
  exitFlushTimeoutMs: number;
  warn: (message: string) => void;
}

const FALSE = new Set(['false', '0', 'no', 'off']);

/** Fills the defaults of `options` from `env` and the machine. Runs `git` once when no revision is given. */
export function resolveOptions(options: FlawlessOptions, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const root = detectRoot(options.root);
  const servers =
    options.servers ??
    (env['FLAWLESS_SERVERS'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const localsEnv = env['FLAWLESS_CAPTURE_LOCALS']?.trim().toLowerCase();
  return {
    servers,
    hostname: options.hostname ?? osHostname(),
    revision: options.revision ?? detectRevision(root, env),
    root,
    captureLocals: options.captureLocals ?? !(localsEnv !== undefined && FALSE.has(localsEnv)),
    localsRateLimit: options.localsRateLimit ?? 50,
    scrubPattern: options.scrubPattern ?? DEFAULT_SCRUB_PATTERN,
    ingestToken: options.ingestToken ?? (env['FLAWLESS_INGEST_TOKEN'] || undefined),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxQueue: options.maxQueue ?? 1000,
    errorThreshold: options.errorThreshold,
    exitFlushTimeoutMs: options.exitFlushTimeoutMs ?? 2000,
    warn: makeWarn(options),
  };
}

function makeWarn(options: FlawlessOptions): (message: string) => void {
  const { onWarning, debug } = options;
  return (message) => {
    try {
      if (onWarning) onWarning(message);
      else if (debug) console.warn(`[flawless] ${message}`);
    } catch {
      // A throwing warning handler is the app's problem, not a reason to throw into it.
    }
  };
}
