import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Which kinds of failure are going on, and since when, kept in a small JSON file so that a
 * restart during an outage does not tell default_contact again. A kind is forgotten once
 * the thing works again, so the next outage is news.
 */
export interface FailureMemory {
  /** When the ongoing failure of `kind` began (epoch ms), or null when none is going on. */
  since(kind: string): number | null;
  /** Records that `kind` is failing since `at`; returns false when it already was. */
  begin(kind: string, at: number): boolean;
  /** Forgets every ongoing failure; returns the kinds that were going on. */
  clear(): string[];
}

function read(file: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number') out[k] = v;
    return out;
  } catch {
    // Missing or unreadable: worst case default_contact hears about an outage twice.
    return {};
  }
}

/** A {@link FailureMemory} stored in `file` (written atomically through a rename). */
export function openFailureMemory(file: string): FailureMemory {
  let state = read(file);
  const save = (): void => {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state)}\n`);
    renameSync(tmp, file);
  };
  return {
    since: (kind) => state[kind] ?? null,
    begin(kind, at) {
      if (state[kind] !== undefined) return false;
      state = { ...state, [kind]: at };
      save();
      return true;
    },
    clear() {
      const kinds = Object.keys(state);
      if (kinds.length === 0) return kinds;
      state = {};
      save();
      return kinds;
    },
  };
}
