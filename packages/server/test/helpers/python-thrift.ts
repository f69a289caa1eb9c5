import { execFile, execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(__dirname, '../../../../..');
export const IDL = join(repo, 'packages/protocol/thrift/flawless.thrift');
/** Reports like a Flawless 0.4 Python client: `PY_CLIENT GEN_DIR HOST PORT`. */
export const PY_CLIENT = join(repo, 'packages/server/test/fixtures/python/flawless04_client.py');
/** Where the fixture's app code claims to be installed. */
export const PY_APP_FILE = '/srv/app/lib/python3.11/site-packages/app/orders.py';

function firstWorking(candidates: string[], args: string[]): string | null {
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, args, { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  return null;
}

/** Debian's thrift compiler, or null. */
export const thriftCompiler = firstWorking(['/usr/bin/thrift', 'thrift'], ['--version']);
/** Debian's python3 with python3-thrift first: a pyenv python3 on PATH would lack it. */
export const pythonWithThrift = firstWorking(['/usr/bin/python3', 'python3'], ['-c', 'import thrift']);

/** Why the Python tests cannot run here, or false. */
export const pythonSkipReason: string | false =
  thriftCompiler === null
    ? 'the thrift compiler is missing: apt-get install thrift-compiler'
    : pythonWithThrift === null
      ? 'python3-thrift is missing: apt-get install python3-thrift'
      : false;

/** Generates the Python stubs from the repo's IDL into `dir`. */
export async function generatePythonStubs(dir: string): Promise<void> {
  await run(thriftCompiler!, ['--gen', 'py', '-out', dir, IDL]);
}

/** Runs the 0.4-style Python client against host:port; returns its JSON summary. */
export async function runPythonClient(gen: string, port: number): Promise<Record<string, unknown>> {
  const { stdout } = await run(pythonWithThrift!, [PY_CLIENT, gen, '127.0.0.1', String(port)], { timeout: 20_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}
