/**
 * Recognising the line that throws: it only passes on an error someone else caused, so
 * triage blames its caller instead.
 */

/** `throw` as a keyword: not the start of `throwIfMissing` or `throw$`. */
const THROW = /^throw(?![\w$])/;
/** `raise`, `raise X`, `raise X from e`, `raise(X)`: not `raised = 1` or `raise_for_status()`. */
const RAISE = /^raise(?!\w)/;

const PYTHON_FILE = /\.(py|pyw|pyx)$/i;
const SCRIPT_FILE = /\.([cm]?[jt]sx?)$/i;

/**
 * Whether `text` (a source line, any indentation) is a `throw` (JS/TS) or `raise`
 * (Python) statement. The file's extension picks the language, so a JS function called
 * `raise(…)` is not taken for a Python raise; an unknown extension accepts either.
 */
export function isRaiseStatement(text: string, repoPath: string): boolean {
  const line = text.trim();
  if (PYTHON_FILE.test(repoPath)) return RAISE.test(line);
  if (SCRIPT_FILE.test(repoPath)) return THROW.test(line);
  return THROW.test(line) || RAISE.test(line);
}
