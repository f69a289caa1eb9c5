/**
 * Sending while the process is going down: the main thread cannot run its event loop any
 * more (an uncaught exception is being reported), so a worker thread makes the requests
 * while the main thread blocks on a shared flag, at most until the deadline.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SyncSendData } from './sync-send-worker';

/**
 * POSTs each body to the first of `urls` that takes it, blocking the calling thread for
 * at most `timeoutMs`. Returns how many bodies were delivered. Never throws.
 */
export function sendSync(urls: string[], bodies: string[], ingestToken: string | undefined, timeoutMs: number): number {
  if (bodies.length === 0 || urls.length === 0) return 0;
  const flag = new Int32Array(new SharedArrayBuffer(8));
  const data: SyncSendData = { urls, bodies, ingestToken, deadline: Date.now() + timeoutMs, flag };
  try {
    const worker = new Worker(join(__dirname, 'sync-send-worker.js'), { workerData: data, stdout: true, stderr: true });
    worker.on('error', () => {});
    worker.unref();
    Atomics.wait(flag, 1, 0, timeoutMs);
    void worker.terminate();
  } catch {
    // No worker threads here: what was queued is lost, as it would be without Flawless.
  }
  return Atomics.load(flag, 0);
}
