/**
 * Uncaught exceptions and unhandled rejections: reported, and the process goes down
 * exactly as Node would take it down without Flawless (same message, same exit code).
 *
 * Listening to `uncaughtException` would turn Node's crash off and leave the client to
 * imitate it. Instead the client watches with `uncaughtExceptionMonitor`, which leaves
 * Node's handling alone; since Node exits as soon as the monitor returns, the reports go
 * out synchronously then (a worker thread sends while this one waits, at most
 * `flushTimeoutMs`).
 */
import { currentClient } from '../client';

/** Options of {@link installGlobalHandlers}. */
export interface GlobalHandlerOptions {
  /** Longest wait for the reports to be sent before the process goes down. Default 2000 ms. */
  flushTimeoutMs?: number;
}

let uninstall: (() => void) | undefined;

/**
 * Reports uncaught exceptions and unhandled rejections. Node's behaviour is unchanged:
 * without an `uncaughtException` listener of the app the error is printed and the process
 * exits with code 1 (after at most `flushTimeoutMs` spent sending); with one, the app's
 * listener decides. Under `--unhandled-rejections=warn|none|warn-with-error-code` the
 * rejections are reported and Node's mode is kept. Returns a function that removes the
 * handlers; installing twice returns the same function.
 */
export function installGlobalHandlers(options: GlobalHandlerOptions = {}): () => void {
  if (uninstall !== undefined) return uninstall;
  const flushTimeoutMs = options.flushTimeoutMs ?? 2000;

  const onUncaught = (error: unknown): void => {
    const client = currentClient();
    if (client === undefined) return;
    client.capture(error);
    // With no listener of the app, Node ends the process right after this returns.
    if (process.listenerCount('uncaughtException') === 0) client.flushSync(flushTimeoutMs);
  };

  // In Node's default mode an unhandled rejection arrives as an uncaught exception; in
  // these modes it never does, and listening changes nothing but the exit code below.
  const mode = unhandledRejectionsMode();
  const listensToRejections = mode === 'warn' || mode === 'none' || mode === 'warn-with-error-code';
  const onRejection = (reason: unknown): void => {
    currentClient()?.capture(reason);
    // Without a listener this mode sets the exit code; with ours it would not.
    if (mode === 'warn-with-error-code' && process.listenerCount('unhandledRejection') === 1) process.exitCode = 1;
  };

  process.on('uncaughtExceptionMonitor', onUncaught);
  if (listensToRejections) process.on('unhandledRejection', onRejection);
  uninstall = () => {
    process.removeListener('uncaughtExceptionMonitor', onUncaught);
    process.removeListener('unhandledRejection', onRejection);
    uninstall = undefined;
  };
  return uninstall;
}

/** Node's `--unhandled-rejections` mode, from its flags or `NODE_OPTIONS`. Default `throw`. */
function unhandledRejectionsMode(): string {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  let mode = 'throw';
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (flag.startsWith('--unhandled-rejections=')) mode = flag.slice('--unhandled-rejections='.length);
    else if (flag === '--unhandled-rejections' && flags[i + 1] !== undefined) mode = flags[i + 1]!;
  }
  return mode;
}
