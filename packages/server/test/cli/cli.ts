/** Running the `flawless` CLI as a child process, as a user would. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export const MAIN = join(__dirname, '../../src/cli/main.js');

/** A fresh temporary directory, removed when the test file ends. */
export function tempDir(prefix = 'flawless-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The test's environment without FLAWLESS_* variables (they would configure the child). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FLAWLESS_')) env[k] = v;
  return { ...env, ...extra };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `flawless <args>` to the end. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A `flawless start` running in a child process. */
export class CliServer {
  stdout = '';
  stderr = '';
  url = '';
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts `flawless <args>` and resolves once it prints its web UI address. */
  static async start(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliServer> {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new CliServer(child);
    after(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const m = /web UI:\s+(http:\/\/\S+?)\/\s/.exec(server.stdout);
      if (m) {
        server.url = m[1]!;
        return server;
      }
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`flawless did not start (exit ${child.exitCode}):\n${server.stdout}\n${server.stderr}`);
      }
      await sleep(25);
    }
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.url}${path}`);
  }

  post(body: unknown): Promise<Response> {
    return fetch(`${this.url}/api/v1/errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Sends `signal` and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** This week's errors as the JSON API lists them (all of them). */
export async function weeklyErrors(server: CliServer): Promise<WeeklyError[]> {
  const res = await server.get('/api/v1/weekly?include_known_errors=1&include_modified_before_min_date=1');
  return ((await res.json()) as { errors: WeeklyError[] }).errors;
}

export interface WeeklyError {
  key: { filename: string; line_number: number; text: string; function_name: string };
  count: number;
  blame_state: string;
  developer_email: string | null;
  blame_note: string | null;
}

/** Runs git in `cwd` with a clean config. */
export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** The branch checked out in `dir`, or undefined while there is none (not cloned yet, or cloning). */
export function branchOf(dir: string): string | undefined {
  try {
    return git(dir, ['symbolic-ref', '--short', 'HEAD']).trim();
  } catch {
    return undefined;
  }
}
