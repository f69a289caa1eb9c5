/**
 * Log lines for a person at a terminal: `12:04:31 WARN  message key=value`, instead of the
 * JSON that log files and collectors get.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

function show(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** One pino JSON line as a readable line; text that is not JSON passes through. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry['time'] === 'string' ? new Date(entry['time']) : new Date();
  const clock = time.toTimeString().slice(0, 8);
  const level = LEVELS[Number(entry['level'])] ?? String(entry['level']);
  const parts = [clock, level, String(entry['msg'] ?? '')];
  let stack = '';
  for (const [key, value] of Object.entries(entry)) {
    if (HIDDEN.has(key) || value === undefined) continue;
    const err = value as { message?: unknown; stack?: unknown; type?: unknown } | null;
    if (key === 'err' && err && typeof err === 'object') {
      parts.push(`err=${show(`${String(err.type ?? 'Error')}: ${String(err.message ?? '')}`)}`);
      if (typeof err.stack === 'string') stack = `\n${err.stack.split('\n').slice(1).join('\n')}`;
      continue;
    }
    parts.push(`${key}=${show(value)}`);
  }
  return `${parts.join(' ')}${stack}\n`;
}

/** A pino destination that writes readable lines to `out` (stderr). */
export function readableDestination(out: NodeJS.WritableStream): { write(line: string): void } {
  return {
    write(line) {
      out.write(readableLine(line));
    },
  };
}
