import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load';
import { runCli, tempDir } from './cli';

test('--yes with one flag per option writes only the non-default values, each with its comment', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.cfg');
  const { code, stdout, stderr } = await runCli(
    [
      'configure',
      file,
      '--yes',
      '--http-port',
      '8181',
      '--email_domain_name', // the option's own spelling works too
      'corp.test',
      '--smtp-host',
      'smtp.corp.test:587',
      '--smtp-use-tls',
      'yes',
      '--smtp-user',
      'flawless',
      '--smtp-password',
      'pa%ss',
      '--repo-url',
      'https://robot:tok@git.corp.test/app.git',
      '--repo-branch-pattern',
      'release-\\d+',
      '--report-error-threshold',
      '5',
      '--data-dir-path',
      'state',
    ],
    { cwd: dir },
  );
  assert.equal(code, 0, stderr);
  assert.ok(!stdout.includes('pa%ss') && !stdout.includes(':tok@'), 'secrets are masked in the summary');
  assert.match(stdout, /smtp_password = \*{8}/);
  assert.match(
    stdout,
    /repo_url = https:\/\/robot:\*{8}@git\.corp\.test\/app\.git/,
    'a URL shows all but its password',
  );
  assert.match(stdout, /On its first start Flawless clones https:\/\/robot:\*{8}@git\.corp\.test\/app\.git into/);

  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Port of the web UI and the JSON API \(default: 8080\)\nhttp_port = 8181$/m);
  assert.match(text, /^smtp_password = pa%%ss$/m, '% is doubled for the INI reader');
  assert.match(text, /^repo_dir = .*\/state\/repo$/m, 'the clone goes under the data directory');
  assert.doesNotMatch(text, /^port =/m);
  assert.doesNotMatch(text, /^bind_address =/m);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'a file with a password is private');

  const { config } = loadConfig({ file, env: {} });
  assert.equal(config.http_port, 8181);
  assert.equal(config.email_domain_name, 'corp.test');
  assert.equal(config.smtp_use_tls, true);
  assert.equal(config.smtp_password, 'pa%ss');
  assert.equal(config.repo_branch_pattern, 'release-\\d+');
  assert.equal(config.report_error_threshold, 5);
  assert.equal(config.data_dir_path, join(dir, 'state'));
  assert.equal(config.hostname, 'http://localhost:8181', 'the suggested URL follows http_port');
});

test('--yes does not replace an existing file without --force; with it, everything else in the file is kept', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.cfg');
  const before = [
    '# our settings',
    '[DEFAULT]',
    'base = /srv',
    '',
    '[flawless]',
    'email_domain_name = corp.test',
    'report_only_after_minimum_date = 2015-1-1',
    'redis_version = 2.6',
    'http_port = 8080',
    '',
    '[logging]',
    'format = %(asctime)s',
    '',
  ].join('\n');
  writeFileSync(file, before);

  const refused = await runCli(['configure', file, '--yes', '--http-port', '9000'], { cwd: dir });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /exists; add --force/);
  assert.equal(readFileSync(file, 'utf8'), before);

  const forced = await runCli(['configure', file, '--yes', '--force', '--http-port', '9000'], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  const after = readFileSync(file, 'utf8');
  assert.match(after, /^# our settings\n\[DEFAULT\]\nbase = \/srv\n/, 'what comes before [flawless] is kept');
  assert.match(after, /\[logging\]\nformat = %\(asctime\)s\n$/, 'other sections are kept as they were');
  assert.match(after, /^http_port = 9000$/m);
  assert.match(after, /^email_domain_name = corp\.test$/m, 'existing answers are the defaults');
  assert.match(after, /^report_only_after_minimum_date = 2015-1-1$/m, 'options not asked keep their text');
  assert.match(after, /^redis_version = 2\.6$/m, 'options of the original are kept');
  const { config } = loadConfig({ file, env: {} });
  assert.equal(config.http_port, 9000);
  assert.equal(config.email_domain_name, 'corp.test');
});

test('a bad flag exits 2 naming the flag, the value and what is expected; nothing is written', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.cfg');
  const { code, stderr } = await runCli(['configure', file, '--yes', '--http-port', 'eighty'], { cwd: dir });
  assert.equal(code, 2);
  assert.match(stderr, /--http-port "eighty": expected a whole number from 0 to 65535/);
  assert.throws(() => statSync(file));
});

test('--yes refuses what start would refuse: an open bind address without a password, an SMTP user without one', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.cfg');
  const open = await runCli(['configure', file, '--yes', '--bind-address', '0.0.0.0'], { cwd: dir });
  assert.equal(open.code, 2);
  assert.match(
    open.stderr,
    /admin_password is needed: a password: bind_address 0\.0\.0\.0 is reachable .*--admin-password/,
  );

  const smtp = await runCli(['configure', file, '--yes', '--smtp-host', 'h:25', '--smtp-user', 'u'], { cwd: dir });
  assert.equal(smtp.code, 2);
  assert.match(smtp.stderr, /smtp_password is needed: the password of u/);
  assert.throws(() => statSync(file));
});

test('answers can be piped; an invalid answer is asked again; input that ends early writes nothing', async () => {
  const dir = tempDir();
  const file = join(dir, 'flawless.cfg');
  const answers = ['99999', '8282', '', '', '', '', 'ops.test', '', 'ops@ops.test', '', '', '', '', '', 'yes'];
  const ok = await runCli(['configure', file], { cwd: dir, input: `${answers.join('\n')}\n` });
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  assert.match(ok.stdout, /expected a whole number from 0 to 65535; try again/);
  const { config } = loadConfig({ file, env: {} });
  assert.equal(config.http_port, 8282);
  assert.equal(config.email_domain_name, 'ops.test');
  assert.equal(config.default_contact, 'ops@ops.test');

  const other = join(dir, 'other.cfg');
  const cut = await runCli(['configure', other], { cwd: dir, input: '8383\n' });
  assert.equal(cut.code, 1);
  assert.match(cut.stderr, /input ended; nothing written/);
  assert.throws(() => statSync(other));
});
