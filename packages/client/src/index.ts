/**
 * Flawless client SDK: reports the errors of a Node.js app to a Flawless server, with
 * the TypeScript line, the local variables of each frame and the request that failed.
 *
 * ```ts
 * import * as flawless from '@flawless/client';
 * flawless.init({ servers: ['localhost:8080'] });
 * app.use(flawless.expressErrorHandler());
 * flawless.installGlobalHandlers();
 * ```
 *
 * Every function here is safe to call before `init` (it does nothing then) and never
 * throws into the app.
 */
import { Client, type ClientStats, currentClient, setCurrentClient } from './client';
import type { FlawlessOptions } from './options';

export type { ErrorReport, StackFrame } from '@flawless/protocol';
export { DEFAULT_SCRUB_PATTERN, SCRUBBED } from './capture/redact';
export type { ClientStats } from './client';
export { capture } from './integrations/decorators';
export { expressErrorHandler } from './integrations/express';
export { fastifyPlugin } from './integrations/fastify';
export { wrapHttpHandler } from './integrations/http';
export { koa } from './integrations/koa';
export type { HttpIntegrationOptions, RequestLike } from './integrations/request';
export { type GlobalHandlerOptions, installGlobalHandlers } from './integrations/uncaught';
export { wrapClass } from './integrations/wrap-class';
export { type WrapOptions, wrap } from './integrations/wrap-function';
export type { FlawlessOptions } from './options';

/** Options of {@link captureException}. */
export interface CaptureExceptionOptions {
  /** Free text sent with the report (the server shows it with the error), e.g. the request. */
  additionalInfo?: string;
  /** Occurrences before the server emails about this error; overrides its `report_error_threshold`. */
  errorThreshold?: number;
}

/**
 * Starts the client: from now on errors are captured and sent to `options.servers` (or
 * `FLAWLESS_SERVERS`). See {@link FlawlessOptions} for every option and its default.
 * Calling it again replaces the previous client (which is closed in the background).
 */
export function init(options: FlawlessOptions = {}): void {
  try {
    const previous = currentClient();
    setCurrentClient(undefined);
    // Stops its locals capture at once, so the new client can start its own.
    void previous?.close();
    setCurrentClient(new Client(options));
  } catch (err) {
    options.onWarning?.(`init failed: ${String(err)}`);
  }
}

/**
 * Reports `error` (anything thrown: an Error, a string, an object). The same object
 * reported twice counts once. Occurrences of one stack are thinned: the first 10 are
 * sent, then the 16th, 32nd… each report carrying the count it stands for. Returns at once:
 * an Error is read (its message, its stack) at the end of the current task.
 */
export function captureException(error: unknown, options: CaptureExceptionOptions = {}): void {
  currentClient()?.capture(error, options);
}

/**
 * Sends every pending report and thinned count. Resolves `true` when all were sent,
 * `false` if `timeoutMs` (default: the `timeoutMs` option, 10 s) passed first. Keeps the
 * process alive while it waits.
 */
export function flush(timeoutMs?: number): Promise<boolean> {
  return currentClient()?.flush(timeoutMs) ?? Promise.resolve(true);
}

/** Flushes (see {@link flush}), then stops capturing and sending. */
export function close(timeoutMs?: number): Promise<boolean> {
  const client = currentClient();
  setCurrentClient(undefined);
  return client?.close(timeoutMs) ?? Promise.resolve(true);
}

/**
 * What the client did so far: occurrences captured, reports sent, dropped (queue full)
 * or refused, debugger pauses for locals. `undefined` before `init`.
 */
export function getStats(): ClientStats | undefined {
  return currentClient()?.stats();
}
