/** `wrapClass(Cls)`: every method of a class reports its errors. */
import { isWrapped, type WrapOptions, wrap } from './wrap-function';

const SKIPPED_STATICS = new Set(['length', 'name', 'prototype', 'caller', 'arguments']);

/**
 * Wraps (with {@link wrap}) the methods, getters and setters a class defines itself on its
 * prototype and its static methods, in place; the constructor is left alone. Returns the
 * class. Inherited methods are wrapped where they are defined, by wrapping that class.
 */
export function wrapClass<C extends abstract new (...args: never[]) => unknown>(cls: C, options: WrapOptions = {}): C {
  wrapMembers(cls.prototype as object, new Set(['constructor']), options);
  wrapMembers(cls, SKIPPED_STATICS, options);
  return cls;
}

function wrapMembers(target: object, skipped: Set<string>, options: WrapOptions): void {
  for (const key of Reflect.ownKeys(target)) {
    if (typeof key === 'string' && skipped.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (d === undefined || !d.configurable) continue;
    let changed = false;
    for (const part of ['value', 'get', 'set'] as const) {
      const fn: unknown = d[part];
      if (typeof fn === 'function' && !isWrapped(fn) && !isClass(fn)) {
        d[part] = wrap(fn as (...args: never[]) => unknown, options);
        changed = true;
      }
    }
    if (changed) Object.defineProperty(target, key, d);
  }
}

/** A class stored as a static member is a nested class, not a method. */
function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && Function.prototype.toString.call(fn).startsWith('class');
}
