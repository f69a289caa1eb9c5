/**
 * Local variables at the moment of a throw, read through `node:inspector` in this thread.
 *
 * While enabled the debugger pauses on every exception, caught ones included, because the
 * app may catch and report an error long after the throwing frames are gone. In the
 * pause, one `Runtime.callFunctionOn` on the thrown object hands our own function (a
 * non-enumerable global, keyed by a registered symbol) the thrown object itself and the
 * scope objects of the app frames. It prints the values there and then (scrubbed, bounded)
 * into a WeakMap keyed by the thrown object: the report finds them exactly, the app's
 * objects are not touched, and they go away with the error. Pauses cost a few hundred
 * microseconds, so a {@link RateLimiter} turns pausing off during a storm of throws.
 */
import type { Debugger, InspectorNotification, Runtime, Session } from 'node:inspector';
import { type CapturedFrame, collectLocals, type FramePlan, isObject } from './frame-locals';
import { isAppFile, isClientFile } from './paths';
import { RateLimiter } from './rate-limit';
import { toPath } from './stack-parser';

export type { CapturedFrame } from './frame-locals';

/** Settings of {@link LocalsCapture.start}. */
export interface LocalsOptions {
  /** Pauses allowed per second before pausing is suspended. */
  rateLimit: number;
  /** Names whose values are replaced by `**scrubbed**`. */
  scrubPattern: RegExp;
  /** Told once why locals are not captured. */
  warn: (message: string) => void;
  /** App frames captured, nearest the throw first. Default 20. */
  maxFrames?: number;
  /** Locals per frame. Default 100. */
  maxPerFrame?: number;
  /** Characters per printed value. Default 250. */
  maxLength?: number;
}

/** Counters for tests and `getStats()`. */
export interface LocalsStats {
  pauses: number;
  captured: number;
  suspensions: number;
}

const STASH = Symbol.for('flawless.locals.stash');
const STASH_CALL = "function () { return globalThis[Symbol.for('flawless.locals.stash')](this, arguments); }";
const CAPTURED_SCOPES = new Set(['local', 'block', 'catch']);
const CONSTRUCTOR_OF = `function () {
  const proto = Object.getPrototypeOf(this);
  const d = proto === null ? undefined : Object.getOwnPropertyDescriptor(proto, 'constructor');
  return d !== undefined && typeof d.value === 'function' ? d.value : undefined;
}`;

/** A running capture of locals; at most one per thread. */
export class LocalsCapture {
  private readonly captured = new WeakMap<object, CapturedFrame[]>();
  private readonly scripts = new Map<string, string>();
  /** Class name -> whether the app defines it (see {@link isAppThis}). */
  private readonly appClasses = new Map<string, boolean>();
  private readonly limiter: RateLimiter;
  private plan: FramePlan[] = [];
  private readonly counts = { pauses: 0, captured: 0 };

  private constructor(
    private readonly session: Session,
    private readonly options: LocalsOptions,
  ) {
    this.limiter = new RateLimiter({
      perSecond: options.rateLimit,
      // Off means the debugger disabled, not only its pausing: while it is enabled V8
      // predicts, on every throw, where the exception will be caught (measured: an app
      // throwing 500,000 errors a second slows by 1.5× from that alone).
      onSuspend: () => this.post('Debugger.disable'),
      onResume: () => this.enableDebugger(),
    });
  }

  /**
   * Starts capturing, or returns `undefined` after one `warn` when the inspector is
   * missing from this Node build, a debugger is attached (`--inspect`), or another
   * capture already runs in this thread. Opens no port.
   */
  static start(options: LocalsOptions): LocalsCapture | undefined {
    let inspector: typeof import('node:inspector');
    try {
      inspector = require('node:inspector');
    } catch {
      options.warn('local variables are not captured: this Node.js has no inspector');
      return undefined;
    }
    if (inspector.url() !== undefined) {
      options.warn('local variables are not captured: a debugger is attached (--inspect)');
      return undefined;
    }
    if (STASH in globalThis) {
      options.warn('local variables are not captured: another Flawless client captures them in this thread');
      return undefined;
    }
    try {
      const session = new inspector.Session();
      session.connect();
      const capture = new LocalsCapture(session, options);
      capture.enable();
      return capture;
    } catch (err) {
      options.warn(`local variables are not captured: the inspector failed (${String(err)})`);
      return undefined;
    }
  }

  /** The locals captured when `error` was thrown, nearest frame first. */
  get(error: unknown): CapturedFrame[] | undefined {
    return isObject(error) ? this.captured.get(error) : undefined;
  }

  get stats(): LocalsStats {
    return { ...this.counts, suspensions: this.limiter.suspensions };
  }

  /** Stops pausing and disconnects. */
  stop(): void {
    this.limiter.dispose();
    Reflect.deleteProperty(globalThis, STASH);
    try {
      this.session.post('Debugger.disable');
      this.session.disconnect();
    } catch {
      // Already disconnected.
    }
  }

  private enable(): void {
    Object.defineProperty(globalThis, STASH, {
      value: (error: unknown, values: ArrayLike<unknown>) => this.stash(error, values),
      enumerable: false,
      configurable: true,
      writable: false,
    });
    this.session.on('Debugger.scriptParsed', (message) => {
      const { scriptId, url } = message.params;
      if (url) this.scripts.set(scriptId, toPath(url));
    });
    this.session.on('Debugger.paused', (message) => this.onPaused(message));
    this.enableDebugger();
  }

  private enableDebugger(): void {
    this.post('Debugger.enable');
    this.post('Debugger.setPauseOnExceptions', { state: 'all' });
  }

  private post(method: 'Debugger.enable' | 'Debugger.disable'): void;
  private post(method: 'Debugger.setPauseOnExceptions', params: Debugger.SetPauseOnExceptionsParameterType): void;
  private post(method: string, params?: object): void {
    try {
      this.session.post(method, params);
    } catch {
      // Disconnected: nothing pauses any more.
    }
  }

  private onPaused(message: InspectorNotification<Debugger.PausedEventDataType>): void {
    try {
      const { reason } = message.params;
      if (reason === 'exception' || reason === 'promiseRejection') {
        this.counts.pauses++;
        if (this.limiter.hit()) this.capture(message.params);
      }
    } catch {
      // Never let a capture problem keep the app paused.
    } finally {
      this.session.post('Debugger.resume');
    }
  }

  private capture(params: Debugger.PausedEventDataType): void {
    const thrown = params.data as Runtime.RemoteObject | undefined;
    // A thrown primitive cannot key a WeakMap: its report goes out without locals.
    if (thrown?.objectId === undefined) return;
    const top = this.scripts.get(params.callFrames[0]?.location.scriptId ?? '');
    if (top !== undefined && isClientFile(top)) return;
    const maxFrames = this.options.maxFrames ?? 20;
    const plan: FramePlan[] = [];
    const args: Runtime.CallArgument[] = [];
    for (const frame of params.callFrames) {
      if (plan.length === maxFrames) break;
      const file = this.scripts.get(frame.location.scriptId);
      if (file === undefined || !isAppFile(file)) continue;
      let scopes = 0;
      for (const scope of frame.scopeChain) {
        if (!CAPTURED_SCOPES.has(scope.type) || scope.object.objectId === undefined) continue;
        args.push({ objectId: scope.object.objectId });
        scopes++;
      }
      const hasThis = frame.this.objectId !== undefined && this.isAppThis(frame.this);
      if (hasThis) args.push({ objectId: frame.this.objectId });
      const { lineNumber, columnNumber = 0 } = frame.location;
      plan.push({
        file,
        line: lineNumber + 1,
        column: columnNumber + 1,
        functionName: frame.functionName,
        scopes,
        hasThis,
      });
    }
    if (plan.length === 0) return;
    this.plan = plan;
    try {
      this.session.post('Runtime.callFunctionOn', {
        objectId: thrown.objectId,
        functionDeclaration: STASH_CALL,
        arguments: args,
        silent: true,
        returnByValue: true,
      });
    } finally {
      this.plan = [];
    }
  }

  /**
   * Whether the fields of a frame's `this` are worth sending: a plain object, or an
   * instance of a class the app defines. Not a Node `Timeout` or `Server` a callback was
   * called on, nor a library's object. Decided once per class name (two protocol calls,
   * in the first pause that meets it).
   */
  private isAppThis(self: Runtime.RemoteObject): boolean {
    if (self.type !== 'object' || self.subtype !== undefined || self.objectId === undefined) return false;
    const className = self.className ?? 'Object';
    if (className === 'Object') return true;
    let decided = this.appClasses.get(className);
    if (decided === undefined) {
      decided = false;
      this.session.post(
        'Runtime.callFunctionOn',
        { objectId: self.objectId, functionDeclaration: CONSTRUCTOR_OF, silent: true },
        (err, res) => {
          const ctor = err === null ? res.result.objectId : undefined;
          if (ctor === undefined) return;
          this.session.post('Runtime.getProperties', { objectId: ctor, ownProperties: true }, (err2, props) => {
            const where =
              err2 === null ? props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]') : undefined;
            const scriptId = (where?.value?.value as Debugger.Location | undefined)?.scriptId;
            const file = scriptId === undefined ? undefined : this.scripts.get(scriptId);
            decided = file !== undefined && isAppFile(file);
          });
        },
      );
      if (this.appClasses.size >= 1000) this.appClasses.clear();
      this.appClasses.set(className, decided);
    }
    return decided;
  }

  /** Runs inside the pause, called by `callFunctionOn` with the thrown object and the scopes. */
  private stash(error: unknown, values: ArrayLike<unknown>): void {
    if (!isObject(error) || this.captured.has(error)) return; // a rethrow: the first throw's locals win
    const { maxPerFrame = 100, maxLength = 250, scrubPattern } = this.options;
    this.captured.set(error, collectLocals(this.plan, values, { maxPerFrame, maxLength, scrubPattern }));
    this.counts.captured++;
  }
}
