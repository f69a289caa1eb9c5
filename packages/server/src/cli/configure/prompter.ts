import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Input ended (Ctrl-D, or the end of piped answers) or Ctrl-C, before an answer came. */
export class PromptAborted extends Error {
  constructor(readonly reason: 'end' | 'interrupt') {
    super(reason === 'end' ? 'input ended' : 'interrupted');
  }
}

export interface Prompter {
  /** Shows `prompt` and resolves with the next line typed. `secret`: typing is not echoed. */
  ask(prompt: string, options?: { secret?: boolean }): Promise<string>;
  /** Prints a line. */
  say(text?: string): void;
  close(): void;
}

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
type Input = NodeJS.ReadableStream & { isTTY?: boolean };

/**
 * Writes through to the real output unless muted. readline echoes every key to its output,
 * so muting this stream is how a password is typed without being shown.
 */
class MutableOutput extends Writable {
  muted = false;
  constructor(private readonly target: Output) {
    super();
  }
  get columns(): number | undefined {
    return this.target.columns;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    if (!this.muted) this.target.write(chunk);
    callback();
  }
}

/**
 * Line-by-line questions over node:readline. Answers typed (or piped) ahead of their
 * question are queued, not lost, so a script can pipe every answer at once.
 */
export function createPrompter(input: Input, output: Output): Prompter {
  const terminal = Boolean(input.isTTY && output.isTTY);
  const echo = new MutableOutput(output);
  // No history: the up arrow must not bring a password back.
  const rl = createInterface({ input, output: echo, terminal, historySize: 0 });
  const lines: string[] = [];
  let waiting: { resolve: (line: string) => void; reject: (err: Error) => void } | null = null;
  let ended: PromptAborted | null = null;

  const finish = (err: PromptAborted): void => {
    ended ??= err;
    const w = waiting;
    waiting = null;
    w?.reject(ended);
  };
  rl.on('line', (line) => {
    // Keys typed ahead stay unread (and unechoed) until their question shows.
    if (terminal) rl.pause();
    const w = waiting;
    waiting = null;
    if (w) w.resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => finish(new PromptAborted('end')));
  rl.on('SIGINT', () => {
    echo.muted = false;
    output.write('\n');
    finish(new PromptAborted('interrupt'));
    rl.close();
  });

  return {
    async ask(prompt, options = {}) {
      rl.setPrompt(prompt);
      rl.prompt();
      echo.muted = options.secret === true && terminal;
      let fromQueue = false;
      try {
        const queued = lines.shift();
        fromQueue = queued !== undefined;
        if (queued !== undefined) return queued;
        if (ended) throw ended;
        return await new Promise<string>((resolve, reject) => {
          waiting = { resolve, reject };
        });
      } finally {
        if (echo.muted) {
          echo.muted = false;
          output.write('\n');
        } else if (!terminal || fromQueue) {
          // Piped answers (and lines typed in one burst) were echoed before their prompt, if at all.
          output.write('\n');
        }
      }
    },
    say(text = '') {
      output.write(`${text}\n`);
    },
    close() {
      rl.close();
    },
  };
}
