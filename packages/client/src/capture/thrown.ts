/** What was thrown: its type, message and stack, for Errors and any other value. */
import { printValue, truncate } from './serialize';

/** Longest `exception_message` sent. */
export const MAX_MESSAGE_LENGTH = 8192;

/** The type and message of a thrown value. */
export interface ThrownDescription {
  type: string;
  message: string;
}

/**
 * `TypeError` for a TypeError; a subclass's own class name when it left `name` as
 * `Error`; `string`, `number`, `null`… for thrown primitives; the constructor name for
 * other objects (whose message is the object printed, scrubbed).
 */
export function describeThrown(thrown: unknown, scrubPattern: RegExp): ThrownDescription {
  if (thrown === null) return { type: 'null', message: 'null' };
  if (typeof thrown === 'string') return { type: 'string', message: truncate(thrown, MAX_MESSAGE_LENGTH) };
  if (typeof thrown !== 'object' && typeof thrown !== 'function') {
    return { type: typeof thrown, message: printValue(thrown, { maxLength: 1000 }) };
  }
  const ctor = constructorName(thrown);
  if (isErrorLike(thrown)) {
    const name = typeof thrown.name === 'string' && thrown.name !== '' ? thrown.name : 'Error';
    const type = name === 'Error' && ctor !== undefined ? ctor : name;
    return { type, message: truncate(String(thrown.message), MAX_MESSAGE_LENGTH) };
  }
  return { type: ctor ?? 'Object', message: printValue(thrown, { maxLength: 1000, scrubPattern }) };
}

/** The V8 stack text of a thrown value, when it has one. */
export function stackOf(thrown: unknown): string | undefined {
  if ((typeof thrown !== 'object' && typeof thrown !== 'function') || thrown === null) return undefined;
  const stack: unknown = (thrown as { stack?: unknown }).stack;
  return typeof stack === 'string' ? stack : undefined;
}

/** A stack of the current call, for thrown values that have none. */
export function syntheticStack(): string {
  const limit = Error.stackTraceLimit;
  // The client's own frames come first and are left out of the report later.
  Error.stackTraceLimit = Math.max(typeof limit === 'number' ? limit : 10, 10) + 20;
  try {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder);
    return holder.stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function isErrorLike(value: object): value is { name?: unknown; message: unknown } {
  return value instanceof Error || (typeof (value as { message?: unknown }).message === 'string' && 'stack' in value);
}

function constructorName(value: object): string | undefined {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || typeof proto !== 'object') return undefined;
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && ctor.name ? ctor.name : undefined;
}
