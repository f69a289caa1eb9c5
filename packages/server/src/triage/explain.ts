import type { BlameOutcome } from '../vcs/types';
import type { FrameType, TriagedFrame } from './types';

/** What an error record says about how its line and person were chosen. */
export interface BlameExplanationInput {
  /** The error key's file: the blamed frame's repo path. */
  path: string;
  /** The error key's line: the one the report named. */
  lineNumber: number;
  /** The report's revision; null when it sent none (HEAD was blamed). */
  revision: string | null;
  /** Triage's frame types, outermost frame first. */
  frames: readonly TriagedFrame[];
  outcome: BlameOutcome;
}

/** How a frame type reads in a sentence, for one frame and for several. */
const FRAME_WORDS: Readonly<Record<FrameType, readonly [one: string, many: string]>> = {
  DEFAULT: ['blamable code', 'blamable code'],
  KNOWN_ERROR: ['a known error', 'known errors'],
  BUILDING_BLOCK: ['library code', 'library code'],
  THIRDPARTY_WHITELIST: ['third-party code', 'third-party code'],
  IGNORED_FILEPATH: ['in an ignored path', 'in ignored paths'],
  BAD_FILEPATH: ['outside the repository', 'outside the repository'],
  RAISED_EXCEPTION: ['a throw line', 'throw lines'],
};

const blamable = (type: FrameType) => type === 'DEFAULT' || type === 'KNOWN_ERROR';

/** `[4, 5, 7]` → `4–5 and 7`. */
function numberList(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && (numbers[j + 1] as number) === (numbers[j] as number) + 1) j++;
    runs.push(j === i ? String(numbers[i]) : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return runs.length <= 1 ? runs.join('') : `${runs.slice(0, -1).join(', ')} and ${runs.at(-1)}`;
}

/**
 * Why triage passed over the frames after the blamed one (the last blamable frame), one
 * clause per frame type in traceback order, frames numbered from 1 as on the traceback page:
 * `frames 4–5 are library code`, `frame 6 is a throw line`. The blamed frame gets a clause too
 * when it matched a known-error rule.
 */
export function describeSkippedFrames(frames: readonly TriagedFrame[]): string[] {
  const blamedAt = frames.findLastIndex((frame) => blamable(frame.type));
  const groups = new Map<FrameType, number[]>();
  const blamed = frames[blamedAt];
  if (blamed?.type === 'KNOWN_ERROR') groups.set('KNOWN_ERROR', [blamed.index + 1]);
  for (const frame of frames.slice(blamedAt + 1)) {
    const numbers = groups.get(frame.type) ?? [];
    numbers.push(frame.index + 1);
    groups.set(frame.type, numbers);
  }
  return [...groups].map(([type, numbers]) => {
    const [one, many] = FRAME_WORDS[type];
    return numbers.length === 1 ? `frame ${numbers[0]} is ${one}` : `frames ${numberList(numbers)} are ${many}`;
  });
}

/**
 * The one-line explanation an error record keeps (SPEC §8, issue 7 "Explained"): which line
 * was blamed at which revision, the frames passed over and why, then what blame itself noted
 * (line moved, commits skipped as noise, revision missing):
 * `blamed src/a.ts:7 at 3f2a1c9; frames 4–5 are library code; skipped bot commit 9e1d2f3 (dependabot[bot])`.
 * When nobody could be blamed it says why instead: `could not blame src/a.ts:7: <reason>; …`.
 */
export function explainBlame(input: BlameExplanationInput): string {
  const { path, outcome } = input;
  const frames = describeSkippedFrames(input.frames);
  let parts: string[];
  if (outcome.ok) {
    const { result } = outcome;
    const at = `${input.revision === null ? 'HEAD ' : ''}${result.revision.slice(0, 7)}`;
    parts = [`blamed ${path}:${result.lineNumber} at ${at}`, ...frames];
    if (result.note !== '') parts.push(result.note);
  } else {
    parts = [`could not blame ${path}:${input.lineNumber}: ${outcome.reason}`, ...frames];
  }
  // One line whatever git or the report put in a reason.
  return parts.join('; ').replace(/\s*[\r\n]+\s*/g, ' ');
}
