/**
 * A bounded printer for local variable values, in the style of `util.inspect`
 * (`{ id: 7, items: [ 1, 2 ] }`), that stops as soon as the output is long enough.
 *
 * `util.inspect` itself prints the whole value before it can be cut: an Express `req`
 * takes milliseconds, and this runs while the program is paused at a throw. This printer
 * never runs app code: no getters (`[Getter]`), no `inspect.custom`, no Proxy traps.
 */
import { inspect, types } from 'node:util';
import { isScrubbed, SCRUBBED } from './redact';

/** Limits of one printed value. */
export interface PrintOptions {
  /** Longest result; longer ones end with `…`. Default 250. */
  maxLength?: number;
  /** Nesting levels printed before `[Object]`. Default 2. */
  depth?: number;
  /** Entries printed per array, object, Map or Set. Default 20. */
  maxEntries?: number;
  /** Property names whose values are replaced by `**scrubbed**`. Default: none. */
  scrubPattern?: RegExp | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const AsyncFunctionPrototype = Object.getPrototypeOf(async () => {});

/** Output that stops growing once it is over its limit. */
class Printer {
  out = '';
  private readonly seen: object[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxEntries: number,
    private readonly scrub: RegExp | undefined,
  ) {}

  get full(): boolean {
    return this.out.length > this.limit;
  }

  value(v: unknown, depth: number): void {
    if (this.full) return;
    switch (typeof v) {
      case 'string':
        this.out += quote(v.length > this.limit ? v.slice(0, this.limit + 1) : v);
        return;
      case 'bigint':
        this.out += `${v}n`;
        return;
      case 'number':
        this.out += Object.is(v, -0) ? '-0' : String(v);
        return;
      case 'symbol':
        this.out += v.toString();
        return;
      case 'function':
        this.out += functionName(v);
        return;
      case 'object':
        if (v === null) this.out += 'null';
        else this.object(v, depth);
        return;
      default:
        this.out += String(v);
    }
  }

  private object(v: object, depth: number): void {
    if (types.isProxy(v)) {
      // inspect() prints a Proxy's target without running its traps.
      this.out += inspect(v, {
        depth: 0,
        customInspect: false,
        showProxy: false,
        breakLength: Number.POSITIVE_INFINITY,
      });
      return;
    }
    if (this.seen.includes(v)) {
      this.out += '[Circular]';
      return;
    }
    if (v instanceof Date) this.out += Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    else if (v instanceof RegExp) this.out += String(v);
    else if (v instanceof Error) this.out += `[${safeString(v.name)}: ${safeString(v.message)}]`;
    else if (Array.isArray(v)) this.nested(v, depth, '[Array]', () => this.array(v, depth));
    else if (v instanceof Map) this.nested(v, depth, '[Map]', () => this.map(v, depth));
    else if (v instanceof Set) this.nested(v, depth, '[Set]', () => this.set(v, depth));
    else if (isPlainish(v)) this.nested(v, depth, `[${className(v) ?? 'Object'}]`, () => this.record(v, depth));
    // Buffers, typed arrays, promises, boxed primitives, weak collections: small and exotic.
    else
      this.out += inspect(v, {
        depth: 0,
        customInspect: false,
        maxArrayLength: this.maxEntries,
        breakLength: Number.POSITIVE_INFINITY,
      });
  }

  private nested(v: object, depth: number, short: string, print: () => void): void {
    if (depth < 0) {
      this.out += short;
      return;
    }
    this.seen.push(v);
    print();
    this.seen.pop();
  }

  private array(v: unknown[], depth: number): void {
    if (v.length === 0) {
      this.out += '[]';
      return;
    }
    this.out += '[ ';
    const n = Math.min(v.length, this.maxEntries);
    for (let i = 0; i < n && !this.full; i++) {
      if (i > 0) this.out += ', ';
      const d = Object.getOwnPropertyDescriptor(v, i);
      if (d === undefined) this.out += '<empty>';
      else if (d.get || d.set) this.out += accessor(d);
      else this.value(d.value, depth - 1);
    }
    if (v.length > n) this.out += `, ... ${v.length - n} more items`;
    this.out += ' ]';
  }

  private map(v: Map<unknown, unknown>, depth: number): void {
    this.out += `Map(${v.size}) {`;
    let i = 0;
    for (const [key, value] of v) {
      if (i === this.maxEntries || this.full) break;
      this.out += i++ === 0 ? ' ' : ', ';
      this.value(key, depth - 1);
      this.out += ' => ';
      if (typeof key === 'string' && this.scrubbed(key)) this.out += SCRUBBED;
      else this.value(value, depth - 1);
    }
    this.out += v.size > i ? `, ... ${v.size - i} more items }` : i > 0 ? ' }' : '}';
  }

  private set(v: Set<unknown>, depth: number): void {
    this.out += `Set(${v.size}) {`;
    let i = 0;
    for (const value of v) {
      if (i === this.maxEntries || this.full) break;
      this.out += i++ === 0 ? ' ' : ', ';
      this.value(value, depth - 1);
    }
    this.out += v.size > i ? `, ... ${v.size - i} more items }` : i > 0 ? ' }' : '}';
  }

  private record(v: object, depth: number): void {
    const name = className(v);
    const prefix = name === undefined ? '' : `${name} `;
    const keys = Object.keys(v);
    if (keys.length === 0) {
      this.out += `${prefix}{}`;
      return;
    }
    this.out += `${prefix}{ `;
    const n = Math.min(keys.length, this.maxEntries);
    for (let i = 0; i < n && !this.full; i++) {
      const key = keys[i]!;
      if (i > 0) this.out += ', ';
      this.out += `${IDENTIFIER.test(key) ? key : quote(key)}: `;
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (this.scrubbed(key)) this.out += SCRUBBED;
      else if (d === undefined) this.out += 'undefined';
      else if (d.get || d.set) this.out += accessor(d);
      else this.value(d.value, depth - 1);
    }
    if (keys.length > n) this.out += `, ... ${keys.length - n} more properties`;
    this.out += ' }';
  }

  private scrubbed(name: string): boolean {
    return this.scrub !== undefined && isScrubbed(name, this.scrub);
  }
}

/**
 * Prints `value` like `util.inspect` would, at most `maxLength` characters (default 250),
 * with the properties whose names match `scrubPattern` replaced. Never throws.
 */
export function printValue(value: unknown, options: PrintOptions = {}): string {
  const maxLength = options.maxLength ?? 250;
  const printer = new Printer(maxLength, options.maxEntries ?? 20, options.scrubPattern);
  try {
    printer.value(value, options.depth ?? 2);
  } catch {
    // A revoked Proxy or a hostile object: what was printed so far is still true.
    printer.out += ' [unprintable]';
  }
  return truncate(printer.out, maxLength);
}

/** Cuts `text` to `maxLength` characters, marking the cut with `…`. */
export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, Math.max(0, maxLength - 1))}…`;
}

/** A string as `util.inspect` quotes it: single quotes unless the text contains them. */
function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : '`';
  let out = q;
  for (const ch of s) {
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;
    else out += ch;
  }
  return out + q;
}

function functionName(f: unknown): string {
  const name = typeof f === 'function' ? f.name : '';
  const kind = Object.getPrototypeOf(f) === AsyncFunctionPrototype ? 'AsyncFunction' : 'Function';
  return name ? `[${kind}: ${name}]` : `[${kind} (anonymous)]`;
}

/** Objects printed key by key: plain objects and class instances. */
function isPlainish(v: object): boolean {
  return (
    !ArrayBuffer.isView(v) &&
    !types.isPromise(v) &&
    !types.isBoxedPrimitive(v) &&
    !types.isWeakMap(v) &&
    !types.isWeakSet(v) &&
    !types.isArrayBuffer(v)
  );
}

/** The class name `util.inspect` would prefix, `undefined` for plain objects. */
function className(v: object): string | undefined {
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null) return '[Object: null prototype]';
  if (proto === Object.prototype) return undefined;
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && ctor.name ? ctor.name : undefined;
}

function accessor(d: PropertyDescriptor): string {
  return d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
}

function safeString(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}
