import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeSkippedFrames, explainBlame } from '../../src/triage/explain';
import type { FrameType, TriagedFrame } from '../../src/triage/types';
import type { BlameOutcome } from '../../src/vcs/types';

const REVISION = '3f2a1c9d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49';

/** Frames typed in order, indexes from 0. */
const typed = (...types: FrameType[]): TriagedFrame[] =>
  types.map((type, index) => ({ index, repoPath: `src/f${index}.ts`, type }));

const blamed = (note = '', lineNumber = 7): BlameOutcome => ({
  ok: true,
  result: {
    authorEmail: 'alice@example.org',
    authorName: 'Alice',
    authorTime: 1_700_000_000,
    commit: '9'.repeat(40),
    revision: REVISION,
    lineNumber,
    note,
  },
});

describe('describeSkippedFrames', () => {
  test('frames after the blamed one, grouped by type, numbered from 1', () => {
    const frames = typed(
      'IGNORED_FILEPATH',
      'DEFAULT',
      'DEFAULT',
      'BUILDING_BLOCK',
      'BUILDING_BLOCK',
      'RAISED_EXCEPTION',
      'BUILDING_BLOCK',
    );
    assert.deepEqual(describeSkippedFrames(frames), ['frames 4–5 and 7 are library code', 'frame 6 is a throw line']);
  });

  test('frames before the blamed one are callers, not skipped', () => {
    assert.deepEqual(describeSkippedFrames(typed('BAD_FILEPATH', 'IGNORED_FILEPATH', 'DEFAULT')), []);
  });

  test('each type reads right alone and in numbers', () => {
    assert.deepEqual(
      describeSkippedFrames(
        typed('DEFAULT', 'IGNORED_FILEPATH', 'IGNORED_FILEPATH', 'BAD_FILEPATH', 'RAISED_EXCEPTION'),
      ),
      ['frames 2–3 are in ignored paths', 'frame 4 is outside the repository', 'frame 5 is a throw line'],
    );
    assert.deepEqual(describeSkippedFrames(typed('DEFAULT', 'IGNORED_FILEPATH', 'BAD_FILEPATH', 'BAD_FILEPATH')), [
      'frame 2 is in an ignored path',
      'frames 3–4 are outside the repository',
    ]);
    assert.deepEqual(
      describeSkippedFrames(typed('DEFAULT', 'RAISED_EXCEPTION', 'BUILDING_BLOCK', 'RAISED_EXCEPTION')),
      ['frames 2 and 4 are throw lines', 'frame 3 is library code'],
    );
  });

  test('a blamed frame matching a known-error rule says so', () => {
    assert.deepEqual(describeSkippedFrames(typed('DEFAULT', 'KNOWN_ERROR', 'RAISED_EXCEPTION')), [
      'frame 2 is a known error',
      'frame 3 is a throw line',
    ]);
  });
});

describe('explainBlame', () => {
  const frames = typed('DEFAULT', 'DEFAULT', 'DEFAULT', 'BUILDING_BLOCK', 'BUILDING_BLOCK', 'RAISED_EXCEPTION');

  test('the revision, the frames passed over, then what blame noted', () => {
    const note = 'skipped commit 9e1d2f3 (Carol) listed in .git-blame-ignore-revs';
    assert.equal(
      explainBlame({ path: 'src/a.ts', lineNumber: 7, revision: REVISION, frames, outcome: blamed(note) }),
      'blamed src/a.ts:7 at 3f2a1c9; frames 4–5 are library code; frame 6 is a throw line; ' +
        'skipped commit 9e1d2f3 (Carol) listed in .git-blame-ignore-revs',
    );
  });

  test('without a report revision it is HEAD, and a moved line is named where it is now', () => {
    const outcome = blamed('line moved from 7 to 12', 12);
    assert.equal(
      explainBlame({ path: 'src/a.ts', lineNumber: 7, revision: null, frames: typed('DEFAULT'), outcome }),
      'blamed src/a.ts:12 at HEAD 3f2a1c9; line moved from 7 to 12',
    );
  });

  test('nobody blamed: the reason, on one line, and the frames', () => {
    const outcome: BlameOutcome = {
      ok: false,
      kind: 'text_not_found',
      reason: 'line moved or changed since the report:\n"x" is nowhere',
    };
    assert.equal(
      explainBlame({
        path: 'src/a.ts',
        lineNumber: 7,
        revision: 'abc',
        frames: typed('DEFAULT', 'RAISED_EXCEPTION'),
        outcome,
      }),
      'could not blame src/a.ts:7: line moved or changed since the report: "x" is nowhere; frame 2 is a throw line',
    );
  });
});
