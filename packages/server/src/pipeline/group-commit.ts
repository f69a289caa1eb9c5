/**
 * Group commit: everything submitted while one commit is running (or within the same
 * event-loop turn) goes into the next commit together. Each `add` resolves once the
 * commit holding its items is durable, so one fsync covers many requests. When a shared
 * commit fails, each `add` is retried alone, so a bad item fails only its own caller.
 */
export interface GroupCommitter<T> {
  /** Resolves when `items` are committed; rejects when their commit failed. */
  add(items: T[]): Promise<void>;
  /** Resolves when everything added so far is committed (or failed). */
  drain(): Promise<void>;
}

interface Waiter<T> {
  items: T[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function createGroupCommitter<T>(commit: (items: T[]) => Promise<void>): GroupCommitter<T> {
  let pending: T[] = [];
  let waiters: Waiter<T>[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const items = pending;
    const batchWaiters = waiters;
    pending = [];
    waiters = [];
    try {
      await commit(items);
      for (const w of batchWaiters) w.resolve();
    } catch (err) {
      if (batchWaiters.length === 1) {
        batchWaiters[0]?.reject(err);
        return;
      }
      // One bad member must not fail its neighbours: the shared transaction rolled back,
      // so each member is committed again on its own and only the one that fails again fails.
      for (const w of batchWaiters) {
        try {
          await commit(w.items);
          w.resolve();
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  }

  function schedule(): void {
    if (scheduled || running) return;
    scheduled = true;
    // setImmediate runs after the poll phase: requests that arrived together share a commit.
    setImmediate(() => {
      running = flush().finally(() => {
        running = null;
        if (waiters.length > 0) schedule();
      });
    });
  }

  return {
    add(items) {
      return new Promise<void>((resolve, reject) => {
        for (const item of items) pending.push(item);
        waiters.push({ items, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (running || scheduled || waiters.length > 0) {
        if (running) await running;
        else await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}
