/**
 * Captures whose work waits for the end of the current task.
 *
 * Most of a capture's cost is V8 printing `err.stack` (a few microseconds for ten frames).
 * The app does not need to wait for it: an Error's frames were recorded when it was
 * created, so reading them a moment later, once the app's synchronous code is done (a
 * microtask), gives the same frames. Until then the stack is left unprinted, as it would be
 * without the client (a message the app changes meanwhile shows in its stack as usual).
 *
 * What must be read now is read now: values that are not Errors get the stack of the
 * capture call, which only exists during the call. An app that captures more than
 * `maxDeferred` errors in one stretch of synchronous code is flooding: the rest are
 * processed at once, which bounds the errors kept alive and makes the flood pay its way.
 */

/**
 * Processes one capture: the thrown value and the options it was captured with;
 * `deferred` when the capture call is over (its stack is gone).
 */
export type Processor<O> = (thrown: unknown, options: O, deferred: boolean) => void;

/** Captures waiting for a microtask; see the file comment. */
export class Inbox<O> {
  private items: unknown[] = [];
  private scheduled = false;
  /** Set once `maxDeferred` waited in this task: the rest of it is processed at once. */
  private flooding = false;

  constructor(
    private readonly process: Processor<O>,
    private readonly onError: (err: unknown) => void,
    private readonly maxDeferred = 128,
  ) {}

  /** Processes `thrown` at the end of the current task, or now (see the file comment). */
  add(thrown: unknown, options: O): void {
    if (this.flooding || !deferrable(thrown)) {
      this.drain();
      this.process(thrown, options, false);
      return;
    }
    this.items.push(thrown, options);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.onMicrotask);
    }
    if (this.items.length >= 2 * this.maxDeferred) {
      this.flooding = true;
      this.drain();
    }
  }

  /** Processes everything waiting, in capture order. */
  drain(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    for (let i = 0; i < items.length; i += 2) {
      try {
        this.process(items[i], items[i + 1] as O, true);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private readonly onMicrotask = (): void => {
    this.scheduled = false;
    this.flooding = false;
    this.drain();
  };
}

/**
 * Whether the frames of `thrown` can be read later: an Error of this realm whose stack V8
 * recorded (with `Error.stackTraceLimit` at 0 it has none, and the capture call's stack is
 * taken instead, which exists only now).
 */
function deferrable(thrown: unknown): boolean {
  const limit = Error.stackTraceLimit;
  return thrown instanceof Error && typeof limit === 'number' && limit > 0;
}
