import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config/load';
import { TestRepo } from '../helpers/git-repo';
import { CliServer, freePort, MAIN, tempDir } from './cli';
import { TmuxPane, tmuxAvailable } from './tmux';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

test('configure in a terminal: a wrong port is asked again, the password is not echoed, and the file starts a working server', {
  skip,
}, async () => {
  const dir = tempDir();
  const repo = new TestRepo();
  after(() => repo.remove());
  const pane = new TmuxPane(dir, 'configure');
  after(() => pane.kill());
  const file = join(dir, 'flawless.cfg');
  const [httpPort, thriftPort] = [await freePort(), await freePort()];

  pane.start([process.execPath, MAIN, 'configure', file], { cwd: dir });
  await pane.answer('http_port [8080]: ', 'eighty');
  const screen = await pane.waitFor('http_port [8080]: ', 2);
  assert.match(screen, /expected a whole number from 0 to 65535; try again/);
  pane.type(String(httpPort));
  await pane.answer('port [9028]: ', '70000');
  await pane.waitFor('port [9028]: ', 2);
  pane.type(String(thriftPort));
  await pane.answer('bind_address [127.0.0.1]: ', '');
  // The suggested public URL follows the port just chosen.
  await pane.answer(`hostname [http://localhost:${httpPort}]: `, '');
  await pane.answer('admin_password (not shown as you type) [none', 'pw-never-shown');
  await pane.answer('email_domain_name [example.com]: ', 'corp.test');
  await pane.answer('ignore_vcs_email_domain (yes/no) [no]: ', 'maybe');
  await pane.waitFor('expected a boolean');
  pane.type('yes');
  await pane.answer('default_contact [none', 'ops@corp.test');
  await pane.answer('smtp_host [none', '');
  await pane.answer('smtp_from [none: error_report@corp.test]: ', '');
  await pane.answer('data_dir_path [./.flawless]: ', 'data');
  await pane.answer('clone from a URL (yes/no) [no]: ', '');
  await pane.answer('repo_dir [none', repo.dir);
  const summary = await pane.waitFor(`Write ${file}? (yes/no) [yes]: `);
  assert.match(summary, new RegExp(`http_port = ${httpPort}\\n`));
  assert.match(summary, /admin_password = \*{8}\n/);
  assert.match(summary, /smtp_host = none {3}\(default: not written\)/);
  pane.type('');
  assert.equal(await pane.waitForExit(), 0);
  const final = pane.screen();
  assert.ok(!final.includes('pw-never-shown'), `the password never shows on the screen:\n${final}`);
  assert.match(final, /Wrote .*flawless\.cfg \(readable by its owner only: it holds a password\)/);

  const text = readFileSync(file, 'utf8');
  assert.match(text, /^\[flawless\]$/m);
  assert.match(text, /^# Port of the web UI and the JSON API \(default: 8080\)$/m);
  assert.match(text, /^admin_password = pw-never-shown$/m);
  assert.match(text, new RegExp(`^data_dir_path = ${join(dir, 'data')}$`, 'm'));
  assert.doesNotMatch(text, /^smtp_host/m, 'defaults are not written');
  assert.equal(statSync(file).mode & 0o777, 0o600);

  const { config } = loadConfig({ file, env: {} });
  assert.equal(config.http_port, httpPort);
  assert.equal(config.port, thriftPort);
  assert.equal(config.ignore_vcs_email_domain, true);
  assert.equal(config.hostname, `http://localhost:${httpPort}`);

  const server = await CliServer.start(['start', '--conf', file], { cwd: dir, env: { FLAWLESS_LOG_LEVEL: 'error' } });
  assert.equal(server.url, `http://127.0.0.1:${httpPort}`);
  const health = (await (await server.get('/check_health')).json()) as {
    status: string;
    config: Record<string, unknown>;
  };
  assert.equal(health.status, 'ok');
  assert.equal(health.config['email_domain_name'], 'corp.test');
  assert.equal(health.config['default_contact'], 'ops@corp.test');
  assert.equal(health.config['admin_password'], '********');
  assert.equal(health.config['repo_dir'], repo.dir);
  assert.equal(health.config['data_dir_path'], join(dir, 'data'));
  assert.equal(await server.stop('SIGTERM'), 0);
});

test('configure in a terminal does not replace an existing file unless told to', { skip }, async () => {
  const dir = tempDir();
  const pane = new TmuxPane(dir, 'keep');
  after(() => pane.kill());
  const file = join(dir, 'flawless.cfg');
  const before = '[flawless]\nhttp_port = 8123\n\n[logging]\nlevel = loud\n';
  writeFileSync(file, before);

  pane.start([process.execPath, MAIN, 'configure', file], { cwd: dir });
  // The existing file's value is the default shown.
  await pane.answer('http_port [8123]: ', '8124');
  await pane.acceptDefaultsUntil('Replace its [flawless] section');
  await pane.answer('(other sections are kept)? (yes/no) [no]: ', '');
  assert.equal(await pane.waitForExit(), 0);
  assert.match(pane.screen(), /Nothing written\./);
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('Ctrl-C in configure stops it with exit code 130 and writes nothing', { skip }, async () => {
  const dir = tempDir();
  const pane = new TmuxPane(dir, 'interrupt');
  after(() => pane.kill());
  const file = join(dir, 'flawless.cfg');
  pane.start([process.execPath, MAIN, 'configure', file], { cwd: dir });
  await pane.answer('http_port [8080]: ', '8181');
  await pane.waitFor('port [9028]: ');
  pane.interrupt();
  assert.equal(await pane.waitForExit(), 130);
  assert.match(pane.screen(), /interrupted; nothing written/);
  assert.ok(!existsSync(file));
});
