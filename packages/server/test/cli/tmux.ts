/**
 * A real pseudo-terminal for interactive CLI tests: a program runs in a tmux pane of its
 * own tmux server; the test types into it and reads the screen.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, sleep } from './cli';

export const TMUX = '/usr/bin/tmux';

/** Runs argv[2..] and writes its exit status to argv[1]; Ctrl-C is for the program, not for this. */
const EXIT_RECORDER = `
process.on('SIGINT', () => {});
const { spawnSync } = require('node:child_process');
const { constants } = require('node:os');
const [file, command, ...args] = process.argv.slice(1);
const r = spawnSync(command, args, { stdio: 'inherit' });
const status = r.status ?? 128 + (constants.signals[r.signal] ?? 0);
const fs = require('node:fs');
fs.writeFileSync(file + '.tmp', String(status));
fs.renameSync(file + '.tmp', file);
`;

export function tmuxAvailable(): boolean {
  return existsSync(TMUX);
}

export class TmuxPane {
  private readonly socket: string;
  private readonly conf: string;
  private readonly exitFile: string;

  /** `dir` holds tmux's config; `name` keeps panes of concurrent tests apart. */
  constructor(dir: string, name: string) {
    this.socket = `flawless-${name}-${process.pid}`;
    this.conf = join(dir, `${name}.tmux.conf`);
    this.exitFile = join(dir, `${name}.exit-status`);
    // The pane stays after the program ends, so its exit status can be read.
    writeFileSync(this.conf, 'set -g remain-on-exit on\nset -g history-limit 5000\n');
  }

  private tmux(args: string[]): string {
    // The tmux server (and so the program) gets the test's environment minus FLAWLESS_*.
    return execFileSync(TMUX, ['-L', this.socket, '-f', this.conf, ...args], { encoding: 'utf8', env: cleanEnv() });
  }

  /**
   * Runs `argv` (no shell: tmux runs several arguments directly) in a 160x50 terminal,
   * through a small node wrapper that records the exit status (tmux's own
   * `pane_dead_status` is not always filled in).
   */
  start(argv: string[], options: { cwd: string; env?: Record<string, string> }): void {
    const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const wrapped = [process.execPath, '-e', EXIT_RECORDER, this.exitFile, ...argv];
    this.tmux(['new-session', '-d', '-s', 'test', '-x', '160', '-y', '50', '-c', options.cwd, ...env, ...wrapped]);
  }

  /** Everything the program printed so far (wrapped lines joined). */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', 'test']);
  }

  /** Waits until the screen shows `text` at least `times` times; returns the screen. */
  async waitFor(text: string, times = 1, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (screen.split(text).length - 1 >= times) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen}`);
      await sleep(30);
    }
  }

  /** Types `text` literally, then Enter. */
  type(text: string): void {
    if (text !== '') this.tmux(['send-keys', '-t', 'test', '-l', text]);
    this.tmux(['send-keys', '-t', 'test', 'Enter']);
  }

  /** Presses Ctrl-C. */
  interrupt(): void {
    this.tmux(['send-keys', '-t', 'test', 'C-c']);
  }

  /** Waits for `prompt` (its `times`-th showing), then answers it. */
  async answer(prompt: string, text: string, times = 1): Promise<void> {
    await this.waitFor(prompt, times);
    this.type(text);
  }

  /** Presses Enter at every prompt (keeping each default) until the screen shows `text`. */
  async acceptDefaultsUntil(text: string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const waiting = (screen: string) => (screen.trimEnd().split('\n').pop() ?? '').endsWith(']:');
    const prompts = (screen: string) => screen.split(']: ').length - 1;
    const first = this.screen();
    let answered = prompts(first) - (waiting(first) ? 1 : 0);
    for (;;) {
      const screen = this.screen();
      if (screen.includes(text)) return screen;
      if (prompts(screen) > answered && waiting(screen)) {
        answered = prompts(screen);
        this.type('');
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen}`);
      await sleep(30);
    }
  }

  /** The program's exit status once it ended, or null while it runs. */
  exitStatus(): number | null {
    return existsSync(this.exitFile) ? Number(readFileSync(this.exitFile, 'utf8')) : null;
  }

  /** What tmux says about the pane (for debugging a hung program). */
  paneState(): string {
    return this.tmux(['display-message', '-p', '-t', 'test', 'dead=#{pane_dead} status=#{pane_dead_status}']).trim();
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== null) return status;
      if (Date.now() > deadline) {
        throw new Error(`the program did not end (${this.paneState()}); screen:\n${this.screen()}`);
      }
      await sleep(30);
    }
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // Already gone.
    }
  }
}
