/**
 * Triage: which line of a traceback is to blame (SPEC §7, the original's rules). Pure:
 * the caller logs, counts and blames.
 */
import type { ErrorReport, StackFrame } from '@flawless/protocol';
import { errorKeyOf } from '@flawless/protocol';
import type { Config } from '../config/definitions';
import type { CodeIdentifier, CodeRule } from '../rules/types';
import { type CompiledRules, findCodeRule, isIgnoredException } from './match';
import { toRepoPath } from './paths';
import { isRaiseStatement } from './statements';
import type { FrameType, TriagedFrame, TriageResult, TriageSettings } from './types';

/** The triage settings of a config: runtime directory names, and the blame patterns compiled. */
export function compileSettings(
  config: Pick<Config, 'report_runtime_package_directory_names' | 'only_blame_filepaths_matching'>,
): TriageSettings {
  return {
    runtimeDirectoryNames: config.report_runtime_package_directory_names.map((n) => n.trim()).filter((n) => n !== ''),
    // No flags: a global regex would carry lastIndex from one `.test` to the next.
    onlyBlamePatterns: config.only_blame_filepaths_matching.map((p) => new RegExp(p)),
    pathCache: new Map(),
  };
}

const PATH_CACHE_LIMIT = 50_000;

/** The repo path of a filename and whether only_blame_filepaths_matching allows it, memoised. */
function pathInfo(filename: string, settings: TriageSettings): { repoPath: string | null; blamable: boolean } {
  const cached = settings.pathCache?.get(filename);
  if (cached) return cached;
  const repoPath = toRepoPath(filename, settings.runtimeDirectoryNames);
  const info = { repoPath, blamable: repoPath !== null && mayBeBlamed(repoPath, settings.onlyBlamePatterns) };
  if (settings.pathCache) {
    // A flood of distinct filenames must not grow memory without bound.
    if (settings.pathCache.size >= PATH_CACHE_LIMIT) settings.pathCache.clear();
    settings.pathCache.set(filename, info);
  }
  return info;
}

/**
 * Types every frame and picks the blamed one: the last DEFAULT or KNOWN_ERROR frame.
 *
 * - exception type on the ignored list → dropped (`ignored_exception`, no frames typed);
 * - a frame matching a third-party rule → dropped (`third_party`), frames typed up to it;
 * - no blamable frame → unassigned;
 * - otherwise blamed, with the error key of that frame (text trimmed), the known-error
 *   rule matching it, and the repo paths of every blamable frame.
 */
export function triage(report: ErrorReport, compiled: CompiledRules, settings: TriageSettings): TriageResult {
  if (isIgnoredException(compiled, report.exception_type)) {
    return { outcome: 'dropped', reason: 'ignored_exception', frames: [] };
  }

  const frames: TriagedFrame[] = [];
  let blamed: { index: number; frame: StackFrame; repoPath: string; knownError: CodeRule | null } | null = null;
  const blamablePaths = new Set<string>();

  for (const [index, frame] of report.traceback.entries()) {
    const { repoPath, blamable } = pathInfo(frame.filename, settings);
    if (repoPath === null) {
      frames.push({ index, repoPath, type: 'BAD_FILEPATH' });
      continue;
    }
    const { type, knownError } = typeOfFrame(frame, repoPath, blamable, compiled);
    frames.push({ index, repoPath, type });
    if (type === 'THIRDPARTY_WHITELIST') return { outcome: 'dropped', reason: 'third_party', frames };
    if (type === 'DEFAULT' || type === 'KNOWN_ERROR') {
      blamed = { index, frame, repoPath, knownError };
      blamablePaths.add(repoPath);
    }
  }

  if (!blamed) return { outcome: 'unassigned', frames };
  return {
    outcome: 'blamed',
    key: errorKeyOf(blamed.frame, blamed.repoPath),
    blamedIndex: blamed.index,
    knownError: blamed.knownError,
    frames,
    blamablePaths: [...blamablePaths],
  };
}

/** Rules 2–7 of SPEC §7 for a frame whose path is repo-relative. */
function typeOfFrame(
  frame: StackFrame,
  repoPath: string,
  blamable: boolean,
  compiled: CompiledRules,
): { type: FrameType; knownError: CodeRule | null } {
  const identifier: CodeIdentifier = {
    filename: repoPath,
    function_name: frame.function_name,
    code_fragment: frame.text,
  };
  if (findCodeRule(compiled, 'third_party', identifier)) return { type: 'THIRDPARTY_WHITELIST', knownError: null };
  if (!blamable) return { type: 'IGNORED_FILEPATH', knownError: null };
  if (findCodeRule(compiled, 'building_block', identifier)) return { type: 'BUILDING_BLOCK', knownError: null };
  const knownError = findCodeRule(compiled, 'known_error', identifier);
  if (knownError) return { type: 'KNOWN_ERROR', knownError };
  if (isRaiseStatement(frame.text, repoPath)) return { type: 'RAISED_EXCEPTION', knownError: null };
  return { type: 'DEFAULT', knownError: null };
}

/** only_blame_filepaths_matching: any pattern matches, and no pattern means every path. */
function mayBeBlamed(repoPath: string, patterns: readonly RegExp[]): boolean {
  return patterns.length === 0 || patterns.some((p) => p.test(repoPath));
}

/**
 * The frame types on one line, for logs: `0:DEFAULT src/a.ts, 1:RAISED_EXCEPTION src/b.ts`.
 * Given the traceback, a frame without a repo path shows the filename the client sent.
 */
export function describeFrames(frames: readonly TriagedFrame[], traceback?: readonly StackFrame[]): string {
  return frames
    .map((f) => {
      const where = f.repoPath ?? JSON.stringify(traceback?.[f.index]?.filename ?? null);
      return `${f.index}:${f.type} ${where}`;
    })
    .join(', ');
}
