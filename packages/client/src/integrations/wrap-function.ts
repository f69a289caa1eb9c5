/** `wrap(fn)`: a function that reports what `fn` throws or rejects with. */
import { type CaptureOptions, currentClient } from '../client';

/** Options of {@link wrap}. */
export interface WrapOptions {
  /** Occurrences before the server emails about this error. Default: the client's. */
  errorThreshold?: number;
  /**
   * Rethrow (or reject with) the error after reporting it. When `false` the call returns
   * (or resolves to) `undefined` instead. Default `true`.
   */
  reraise?: boolean;
  /** Free text sent with each report of this function. */
  additionalInfo?: string;
}

const wrappedFunctions = new WeakSet<object>();

/**
 * Returns a function that calls `fn` with the same `this`, arguments and result, and
 * reports an error it throws or a promise it returns that rejects. The result has `fn`'s
 * `name` and `length`. Wrapping a wrapped function returns it unchanged; errors are
 * reported even before `init` is called only once `init` has been called (the client is
 * looked up at each error).
 */
export function wrap<F extends (...args: never[]) => unknown>(fn: F, options: WrapOptions = {}): F {
  if (typeof fn !== 'function' || wrappedFunctions.has(fn)) return fn;
  const reraise = options.reraise ?? true;
  const capture: CaptureOptions = { errorThreshold: options.errorThreshold, additionalInfo: options.additionalInfo };
  const onError = (err: unknown): undefined => {
    currentClient()?.capture(err, capture);
    if (reraise) throw err;
    return undefined;
  };
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = new.target === undefined ? Reflect.apply(fn, this, args) : Reflect.construct(fn, args, new.target);
    } catch (err) {
      return onError(err);
    }
    if (isThenable(result)) return result.then(undefined, onError);
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  if (fn.prototype !== undefined) wrapped.prototype = fn.prototype;
  wrappedFunctions.add(wrapped);
  return wrapped as unknown as F;
}

/** Whether `fn` was made by {@link wrap}. */
export function isWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && wrappedFunctions.has(fn);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
