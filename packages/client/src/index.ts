/**
 * Flawless client SDK. The capture and transport land here; for now it only
 * re-exports the report types an app may want to build reports with.
 */
export type { ErrorReport, StackFrame } from '@flawless/protocol';
