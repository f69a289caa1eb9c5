/**
 * Worker side of `sendSync`: sends the bodies, each to the first server that takes it,
 * then wakes the blocked main thread through the shared flag.
 */
import { workerData } from 'node:worker_threads';
import { createHttpRequester } from './http';

/** What the main thread hands over. */
export interface SyncSendData {
  urls: string[];
  bodies: string[];
  ingestToken: string | undefined;
  deadline: number;
  /** [0]: bodies delivered so far; [1]: 1 once done. */
  flag: Int32Array;
}

async function main(data: SyncSendData): Promise<void> {
  const http = createHttpRequester(data.ingestToken);
  try {
    for (const body of data.bodies) {
      for (const url of data.urls) {
        const left = data.deadline - Date.now();
        if (left <= 0) return;
        const status = await http.request(new URL(url), body, left).catch(() => 0);
        // Taken, or refused for good (a 4xx other than 408/429): either way not retried.
        if (status >= 200 && status < 500 && status !== 408 && status !== 429) {
          Atomics.add(data.flag, 0, 1);
          break;
        }
      }
    }
  } finally {
    http.close();
    Atomics.store(data.flag, 1, 1);
    Atomics.notify(data.flag, 1);
  }
}

void main(workerData as SyncSendData);
