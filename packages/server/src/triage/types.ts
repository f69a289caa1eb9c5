import type { ErrorKey } from '@flawless/protocol';
import type { CodeRule } from '../rules/types';

/** The original's LineType, per frame. */
export type FrameType =
  | 'DEFAULT'
  | 'KNOWN_ERROR'
  | 'BUILDING_BLOCK'
  | 'THIRDPARTY_WHITELIST'
  | 'IGNORED_FILEPATH'
  | 'BAD_FILEPATH'
  | 'RAISED_EXCEPTION';

export interface TriagedFrame {
  /** Index in the report's traceback. */
  index: number;
  /** Repo-relative path, or null when it could not be made repo-relative. */
  repoPath: string | null;
  type: FrameType;
}

/** Settings of triage taken from the config. */
export interface TriageSettings {
  /** report_runtime_package_directory_names */
  runtimeDirectoryNames: readonly string[];
  /** only_blame_filepaths_matching, compiled */
  onlyBlamePatterns: readonly RegExp[];
  /**
   * Memo of filename → (repo path, may be blamed). Both are pure functions of the
   * filename and the two settings above, and the same few hundred filenames come
   * back in every report, so ingest looks them up instead of recomputing.
   */
  pathCache?: Map<string, { repoPath: string | null; blamable: boolean }>;
}

export type TriageResult =
  | {
      outcome: 'dropped';
      reason: 'third_party' | 'ignored_exception';
      frames: TriagedFrame[];
    }
  | {
      /** No blamable frame: counted nowhere, logged with the frame types. */
      outcome: 'unassigned';
      frames: TriagedFrame[];
    }
  | {
      outcome: 'blamed';
      key: ErrorKey;
      /** Index of the blamed frame in the traceback. */
      blamedIndex: number;
      /** The known-error rule matching the blamed frame, if any. */
      knownError: CodeRule | null;
      frames: TriagedFrame[];
      /** Repo paths of every blamable (DEFAULT or KNOWN_ERROR) frame, for "all errors" watchers. */
      blamablePaths: string[];
    };
