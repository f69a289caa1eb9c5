import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT_DIR = '/usr/lib/postgresql';
/** PostgreSQL refuses to run as root: as root, the throwaway cluster runs as this user. */
const RUN_AS = 'nobody';

/** The newest PostgreSQL server's bin directory (Debian layout), or null. */
export function postgresBinDir(): string | null {
  if (!existsSync(ROOT_DIR)) return null;
  const versions = readdirSync(ROOT_DIR)
    .filter((v) => existsSync(join(ROOT_DIR, v, 'bin', 'initdb')) && existsSync(join(ROOT_DIR, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(ROOT_DIR, versions[0], 'bin');
}

/** Why PostgreSQL tests cannot run here (for `{ skip }`), or false when they can. */
export function postgresSkipReason(): string | false {
  if (postgresBinDir() === null) {
    return `PostgreSQL server binaries not found under ${ROOT_DIR} (npm test installs the Debian package postgresql)`;
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) {
    return `running as root without runuser: cannot start PostgreSQL as ${RUN_AS}`;
  }
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let databases = 0;

/**
 * Run beside the tests (argv: test pid, temp dir, stop command): stops the cluster and
 * removes its files when the test process is gone without stopping it (killed, Ctrl-C),
 * so no server outlives its tests.
 */
const WATCHDOG = `
const [parent, dir, cmd, ...args] = process.argv.slice(1);
setInterval(() => {
  try { process.kill(Number(parent), 0); return; } catch {}
  try { require('node:child_process').execFileSync(cmd, args, { stdio: 'ignore', timeout: 30000 }); } catch {}
  require('node:fs').rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}, 500);`;

/**
 * A throwaway PostgreSQL cluster: initdb in a temp dir, started with pg_ctl on a free
 * loopback port (password authentication, unix socket in the temp dir), run as
 * `nobody` when the tests run as root. `stop()` stops it and removes every file; a
 * process that exits without calling it still stops the server.
 */
export class TestPostgres {
  readonly user = 'flawless';
  readonly password = randomBytes(12).toString('hex');
  port = 0;
  private stopped = false;
  private watchdog: ChildProcess | null = null;
  private shared: string | null = null;
  private readonly onExit = () => this.stopNow();

  private constructor(
    readonly dir: string,
    private readonly bin: string,
  ) {}

  /** Creates and starts a cluster. Check {@link postgresSkipReason} first. */
  static async start(): Promise<TestPostgres> {
    const bin = postgresBinDir();
    if (!bin) throw new Error(postgresSkipReason() || 'no PostgreSQL');
    const pg = new TestPostgres(mkdtempSync(join(tmpdir(), 'flawless-pg-')), bin);
    try {
      await pg.init();
      await pg.launch();
    } catch (err) {
      pg.stopNow();
      throw err;
    }
    process.once('exit', pg.onExit);
    const [cmd, args] = pg.command('pg_ctl', ['stop', '-D', pg.data, '-m', 'immediate', '-w', '-s']);
    pg.watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), pg.dir, cmd, ...args], {
      detached: true,
      stdio: 'ignore',
    });
    pg.watchdog.unref();
    return pg;
  }

  /** postgres://flawless:<password>@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://${this.user}:${this.password}@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates an empty database and returns its URL. */
  async createDatabase(): Promise<string> {
    const name = `t${process.pid}_${++databases}`;
    await this.execute(this.url(), `CREATE DATABASE ${name}`);
    return this.url(name);
  }

  /**
   * Creates an empty schema in one shared database and returns a URL whose connections
   * use it (search_path): a fresh store per test for half a millisecond, where a
   * database costs a few hundred.
   */
  async createSchema(): Promise<string> {
    if (!this.shared) {
      this.shared = await this.createDatabase();
    }
    const name = `s${process.pid}_${++databases}`;
    await this.execute(this.shared, `CREATE SCHEMA ${name}`);
    return `${this.shared}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
  }

  /** Runs one statement on its own connection. */
  async execute(url: string, statement: string): Promise<void> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  /** The server's log so far (to explain a failure). */
  log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Stops the server (fast shutdown) and removes its files. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    process.removeListener('exit', this.onExit);
    this.watchdog?.kill();
    await this.as('pg_ctl', ['stop', '-D', this.data, '-m', 'fast', '-w', '-s']).catch(() => {});
    this.stopped = true;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watchdog?.kill();
    try {
      execFileSync(...this.command('pg_ctl', ['stop', '-D', this.data, '-m', 'immediate', '-w', '-s']), {
        stdio: 'ignore',
      });
    } catch {
      // Not running.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The command line running a PostgreSQL binary as the cluster's owner. */
  private command(name: string, args: string[]): [string, string[]] {
    const exe = join(this.bin, name);
    return process.getuid?.() === 0 ? ['runuser', ['-u', RUN_AS, '--', exe, ...args]] : [exe, args];
  }

  private async as(name: string, args: string[]): Promise<void> {
    const [cmd, argv] = this.command(name, args);
    try {
      await run(cmd, argv, { cwd: this.dir, timeout: 60_000 });
    } catch (err) {
      const e = err as Error & { stderr?: string };
      throw new Error(`${name} failed: ${e.stderr || e.message}\n${this.log()}`);
    }
  }

  /** Writes a file the cluster's owner can read. */
  private write(path: string, text: string): void {
    writeFileSync(path, text, { mode: 0o600 });
    this.own(path);
  }

  private own(path: string): void {
    if (process.getuid?.() !== 0) return;
    const uid = Number(execFileSync('id', ['-u', RUN_AS], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', RUN_AS], { encoding: 'utf8' }));
    chownSync(path, uid, gid);
  }

  private async init(): Promise<void> {
    this.own(this.dir);
    const pwfile = join(this.dir, 'password');
    this.write(pwfile, `${this.password}\n`);
    // No fsync: the cluster lives as long as the test; commits still wait for the WAL write.
    await this.as('initdb', [
      ...['-D', this.data, '-U', this.user, `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-locale', '--no-sync'],
      ...['--auth-host=scram-sha-256', '--auth-local=trust'],
    ]);
    writeFileSync(
      join(this.data, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${this.dir}'`,
        'fsync = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        'max_connections = 100',
        '',
      ].join('\n'),
      { flag: 'a' },
    );
  }

  /** Starts the server on a free port; tries another port when one was taken meanwhile. */
  private async launch(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.write(join(this.data, 'postgresql.auto.conf'), `port = ${this.port}\n`);
      try {
        await this.as('pg_ctl', ['start', '-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-s']);
        return;
      } catch (err) {
        if (attempt >= 3 || !/already in use|could not bind/i.test(this.log())) throw err;
      }
    }
  }
}
