/**
 * Thinning like the original client: of each stack signature, the first 10 occurrences
 * are sent, then the 16th, 32nd, 64th… and at least one every 10 minutes while there are
 * unsent ones. Each sent report stands for the occurrences since the previous one of its
 * signature (`error_count`), so the server's totals stay exact.
 */
import { Lru } from '../lru';

/** Settings of a {@link Thinner}. */
export interface ThinningOptions<T> {
  /** Occurrences always sent. Default 10. */
  sendFirst?: number;
  /** Longest time unsent occurrences wait. Default 10 min. */
  maxIntervalMs?: number;
  /** Signatures remembered (least recently seen forgotten first). Default 1000. */
  maxSignatures?: number;
  /** Gets the pending count of a signature that is forgotten, so it is not lost. */
  onEvict?: (pending: Pending<T>) => void;
  now?: () => number;
}

/** Occurrences of a signature not sent yet, and the report that stands for them. */
export interface Pending<T> {
  signature: string;
  count: number;
  template: T;
}

/** Whether to send an occurrence, and how many occurrences the report stands for. */
export interface Decision {
  readonly send: boolean;
  readonly count: number;
}

interface SignatureState<T> {
  seen: number;
  unsent: number;
  lastSentAt: number;
  template: T | undefined;
}

/** The thinning state of every recent signature. `T` is the report kept as a template. */
export class Thinner<T> {
  private readonly states: Lru<string, SignatureState<T>>;
  private readonly sendFirst: number;
  private readonly maxIntervalMs: number;
  private readonly now: () => number;
  /** Occurrences that could not be handed back to a remembered signature (see {@link restore}). */
  lost = 0;

  constructor(options: ThinningOptions<T> = {}) {
    this.sendFirst = options.sendFirst ?? 10;
    this.maxIntervalMs = options.maxIntervalMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    const onEvict = options.onEvict;
    this.states = new Lru(options.maxSignatures ?? 1000, (signature, state) => {
      const { template } = state;
      // A forgotten state may linger (in an old Map table) until the next full GC: it
      // must not keep its template alive meanwhile.
      state.template = undefined;
      if (state.unsent > 0 && template !== undefined) onEvict?.({ signature, count: state.unsent, template });
      else this.lost += state.unsent;
    });
  }

  /** Counts one occurrence of `signature`. When `send` is true, `count` occurrences go with this report. */
  record(signature: string): Decision {
    const now = this.now();
    let state = this.states.get(signature);
    if (state === undefined) {
      state = { seen: 0, unsent: 0, lastSentAt: now, template: undefined };
      this.states.set(signature, state);
    }
    state.seen++;
    state.unsent++;
    const send =
      state.seen <= this.sendFirst || isPowerOfTwo(state.seen) || now - state.lastSentAt >= this.maxIntervalMs;
    if (!send) return THINNED;
    const count = state.unsent;
    state.unsent = 0;
    state.lastSentAt = now;
    return { send: true, count };
  }

  /** Keeps `template` as the report that later stands for unsent occurrences of `signature`. */
  setTemplate(signature: string, template: T): void {
    const state = this.states.get(signature);
    if (state !== undefined) state.template = template;
  }

  /**
   * Hands back `count` occurrences whose report was never delivered (dropped from a full
   * queue); they go with the next report of the signature. `false` (and counted in
   * {@link lost}) when the signature is forgotten already.
   */
  restore(signature: string, count: number): boolean {
    const state = this.states.get(signature);
    if (state === undefined || state.template === undefined) {
      this.lost += count;
      return false;
    }
    state.unsent += count;
    return true;
  }

  /** Whether any remembered signature has occurrences not sent yet. */
  hasPending(): boolean {
    for (const [, state] of this.states.entries()) if (state.unsent > 0 && state.template !== undefined) return true;
    return false;
  }

  /**
   * Takes the unsent occurrences of every signature (or only of those last sent at least
   * `olderThanMs` ago), marking them sent.
   */
  takePending(olderThanMs = 0): Array<Pending<T>> {
    const now = this.now();
    const out: Array<Pending<T>> = [];
    for (const [signature, state] of this.states.entries()) {
      if (state.unsent === 0 || state.template === undefined || now - state.lastSentAt < olderThanMs) continue;
      out.push({ signature, count: state.unsent, template: state.template });
      state.unsent = 0;
      state.lastSentAt = now;
    }
    return out;
  }
}

/** The decision of every thinned occurrence: one object, not one per occurrence. */
const THINNED: Decision = Object.freeze({ send: false, count: 0 });

function isPowerOfTwo(n: number): boolean {
  return n <= 2 ** 30 ? (n & (n - 1)) === 0 : Number.isInteger(Math.log2(n));
}
