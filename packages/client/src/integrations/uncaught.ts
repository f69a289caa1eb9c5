/**
 * Uncaught exceptions and unhandled rejections: reported and flushed, then Node does what
 * it would have done without Flawless (print the error, exit with code 1).
 */
import { currentClient } from '../client';

/** Options of {@link installGlobalHandlers}. */
export interface GlobalHandlerOptions {
  /** Longest wait for the report to be sent before the process goes down. Default 2000 ms. */
  flushTimeoutMs?: number;
}

let uninstall: (() => void) | undefined;

/**
 * Reports uncaught exceptions and unhandled rejections. When nothing else listens to
 * `uncaughtException`, the process then goes down exactly as Node would (the error
 * printed, exit code 1), after at most `flushTimeoutMs` for the report to reach a server.
 * When the app has its own listener, that listener decides, as before. Unhandled
 * rejections in Node's default mode arrive as uncaught exceptions; under
 * `--unhandled-rejections=warn|none|warn-with-error-code` they are reported and Node's
 * mode is kept. Returns a function that removes the handlers; installing twice returns
 * the same function.
 */
export function installGlobalHandlers(options: GlobalHandlerOptions = {}): () => void {
  if (uninstall !== undefined) return uninstall;
  const flushTimeoutMs = options.flushTimeoutMs ?? 2000;
  let exiting = false;

  const onException = (error: unknown): void => {
    currentClient()?.capture(error);
    if (exiting || process.listeners('uncaughtException').some((l) => l !== onException)) return;
    exiting = true;
    const rethrow = () => {
      remove();
      // Thrown outside any promise so that Node treats it as the uncaught exception it was.
      process.nextTick(() => {
        throw error;
      });
    };
    const flushed = currentClient()?.flush(flushTimeoutMs) ?? Promise.resolve(true);
    flushed.then(rethrow, rethrow);
  };

  const mode = unhandledRejectionsMode();
  const listensToRejections = mode === 'warn' || mode === 'none' || mode === 'warn-with-error-code';
  const onRejection = (reason: unknown): void => {
    currentClient()?.capture(reason);
    // Without a listener this mode sets the exit code; with ours it would not.
    if (mode === 'warn-with-error-code' && process.listenerCount('unhandledRejection') === 1) process.exitCode = 1;
  };

  const remove = (): void => {
    process.removeListener('uncaughtException', onException);
    process.removeListener('unhandledRejection', onRejection);
    uninstall = undefined;
  };
  process.on('uncaughtException', onException);
  if (listensToRejections) process.on('unhandledRejection', onRejection);
  uninstall = remove;
  return remove;
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
