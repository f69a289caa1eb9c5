/**
 * The printed locals of the app frames, from the scope objects the debugger handed over
 * during a pause. Runs inside the pause: it reads plain data only and runs no app code.
 */
import { types } from 'node:util';
import { isScrubbed, SCRUBBED } from './redact';
import { printValue } from './serialize';

/** The locals of one app frame at the throw, with its compiled position. */
export interface CapturedFrame {
  /** Compiled file (absolute path). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  functionName: string;
  /** Name -> printed value; `this.x` for the fields of `this`. */
  locals: Record<string, string>;
}

/** One app frame of a pause, and how many of the handed-over values are its. */
export interface FramePlan {
  file: string;
  line: number;
  column: number;
  functionName: string;
  /** Scope objects of the frame, innermost first. */
  scopes: number;
  /** Whether its `this` follows the scopes. */
  hasThis: boolean;
}

/** Limits of {@link collectLocals}. */
export interface LocalsLimits {
  maxPerFrame: number;
  maxLength: number;
  scrubPattern: RegExp;
}

/** The CommonJS module wrapper's parameters: noise in a module's top-level frame. */
const MODULE_WRAPPER_VARS = ['exports', 'require', 'module', '__filename', '__dirname'];
const GETTER = Symbol('getter');

/**
 * Prints the locals of each planned frame from `values`: its scope objects (inner names
 * shadow outer ones), then its `this` whose own fields become `this.x`. Names matching
 * the scrub pattern are never printed.
 */
export function collectLocals(plans: FramePlan[], values: ArrayLike<unknown>, limits: LocalsLimits): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  let next = 0;
  for (const plan of plans) {
    const locals: Record<string, string> = Object.create(null);
    let count = 0;
    const add = (name: string, value: () => unknown): void => {
      if (count >= limits.maxPerFrame || name in locals) return;
      locals[name] = isScrubbed(name, limits.scrubPattern) ? SCRUBBED : print(value(), limits);
      count++;
    };
    const scopes = Array.from({ length: plan.scopes }, () => values[next++] as Record<string, unknown>);
    // A CommonJS module's top level: its wrapper's parameters and `this` (the exports) are noise.
    const moduleFrame = scopes.some((scope) => MODULE_WRAPPER_VARS.every((name) => Object.hasOwn(scope, name)));
    for (const scope of scopes) {
      for (const name of Object.keys(scope)) {
        if (moduleFrame && MODULE_WRAPPER_VARS.includes(name)) continue;
        add(name, () => scope[name]);
      }
    }
    if (plan.hasThis) {
      const self = values[next++];
      if (!moduleFrame && isObject(self) && self !== globalThis && !types.isProxy(self)) {
        for (const key of Object.keys(self)) {
          add(`this.${key}`, () => {
            // A getter is app code: it is not run here.
            const d = Object.getOwnPropertyDescriptor(self, key);
            return d?.get || d?.set ? GETTER : d?.value;
          });
        }
      }
    }
    frames.push({ file: plan.file, line: plan.line, column: plan.column, functionName: plan.functionName, locals });
  }
  return frames;
}

function print(value: unknown, limits: LocalsLimits): string {
  if (value === GETTER) return '[Getter]';
  return printValue(value, { maxLength: limits.maxLength, scrubPattern: limits.scrubPattern });
}

/** Whether `value` can key a WeakMap. */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
