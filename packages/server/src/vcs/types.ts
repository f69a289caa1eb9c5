/** What blame found for one line. */
export interface BlameResult {
  /** Author email as the VCS reports it (before remapping). */
  authorEmail: string;
  authorName: string;
  /** Author time, epoch seconds. */
  authorTime: number;
  /** The commit that last changed the line. */
  commit: string;
  /** The revision blame ran at (the report's, or HEAD's commit). */
  revision: string;
  /** The line actually blamed; differs from the asked line when the text was found elsewhere. */
  lineNumber: number;
  /** Why this line and this person, in a sentence fragment; empty when nothing notable. */
  note: string;
}

export interface BlameRequest {
  /** Repo-relative path. */
  path: string;
  lineNumber: number;
  /** The report's line text (trimmed), used to check the line still reads the same. */
  text: string;
  /** The report's revision, when it sent one. */
  revision: string | null;
}

export type BlameOutcome =
  | { ok: true; result: BlameResult }
  /** `reason` is for humans (default_contact); `kind` groups failures. */
  | {
      ok: false;
      kind: 'no_repository' | 'path_outside' | 'no_such_line' | 'text_not_found' | 'git_failed';
      reason: string;
    };

/** The version control system, behind the smallest interface the pipeline needs. */
export interface VersionControl {
  /** Blames one line. Never throws: failures come back as `{ ok: false }`. */
  blame(request: BlameRequest): Promise<BlameOutcome>;
  /** Stops background work; pending blames still settle. */
  close(): Promise<void>;
}
