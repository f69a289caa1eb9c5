import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startMailServer } from '../notify/mail-server';
import { branchOf, CliServer, freePort, sleep, tempDir, waitFor, weeklyErrors } from './cli';
import { CHECKOUT_LINE, ReleaseRepo } from './release-repo';

const frame = (filename: string, line_number: number, text: string, function_name = 'checkout') => ({
  filename,
  line_number,
  function_name,
  text,
});
const report = (traceback: ReturnType<typeof frame>[]) => ({
  traceback,
  exception_type: 'TypeError',
  exception_message: "Cannot read properties of undefined (reading 'amount')",
  hostname: 'web-3',
});

test('a config in the original format with every original option set loads, and each option takes effect', async () => {
  const dir = tempDir();
  const origin = new ReleaseRepo(dir);
  const smtp = await startMailServer({ auth: { user: 'flawless', pass: 'sm%tp-s3cret' } });
  after(() => smtp.close());
  const [httpPort, thriftPort] = [await freePort(), await freePort()];
  // git_cli_path: a wrapper that notes every call, then runs git.
  const wrapper = join(dir, 'git-wrapper.sh');
  writeFileSync(wrapper, `#!/bin/sh\necho "$1" >> "${dir}/git-calls.log"\nexec git "$@"\n`);
  chmodSync(wrapper, 0o755);
  mkdirSync(join(dir, 'rules'));
  const logFile = join(dir, 'logs', 'flawless.log');
  // As the Python Flawless wrote it: `:` or `=`, Python booleans, an unpadded date, comments.
  const file = join(dir, 'flawless.cfg');
  writeFileSync(
    file,
    [
      '# written for the Python Flawless',
      '[flawless]',
      `port = ${thriftPort}`,
      `http_port = ${httpPort}`,
      'hostname: flawless.corp.test',
      'email_domain_name = corp.test',
      'ignore_vcs_email_domain = False',
      'default_contact = ops@corp.test',
      `smtp_host = 127.0.0.1:${smtp.port}`,
      'smtp_user = flawless',
      'smtp_password = sm%%tp-s3cret',
      `data_dir_path = ${dir}/data`,
      `config_dir_path = ${dir}/rules`,
      'report_runtime_package_directory_names = site-packages, current',
      'report_only_after_minimum_date = 2015-1-1',
      'report_error_threshold = 2 ; two before the first email',
      'only_blame_filepaths_matching = ^src/',
      'max_concurrent_git_blames = 2',
      `git_cli_path = ${wrapper}`,
      'repo_type = git',
      `repo_dir = ${dir}/clone`,
      `repo_url = ${origin.bare}`,
      'repo_branch_pattern = release-\\d+',
      'flawless_hostports = localhost:9028, localhost:9029',
      'client_timeout = 5',
      'log_level = DEBUG',
      `log_file = ${logFile}`,
      'redis_version = 2.6',
      '',
    ].join('\n'),
  );

  const server = await CliServer.start(['start', '-conf', file], { cwd: dir });
  assert.equal(server.url, `http://127.0.0.1:${httpPort}`, 'http_port');
  assert.match(server.stderr, /option redis_version .* is accepted and ignored/);

  // repo_url + repo_branch_pattern + repo_dir: cloned, on the newest release by natural sort.
  await waitFor('the clone on release-10', () => (branchOf(join(dir, 'clone')) === 'release-10' ? true : undefined));

  // report_only_after_minimum_date: Alice's 2010 line reaches the threshold but is not mailed.
  const legacy = report([frame('/srv/app/current/src/legacy.js', 1, 'legacyCall();', 'legacy')]);
  for (let i = 0; i < 2; i++) assert.equal((await server.post(legacy)).status, 202);

  // report_runtime_package_directory_names cuts both paths; only_blame_filepaths_matching skips
  // lib/vendor.js, so the caller's line is blamed: Carol's, at release-10.
  const checkout = report([
    frame('/srv/app/current/src/checkout.js', 2, CHECKOUT_LINE['release-10']!),
    frame('/usr/lib/node/site-packages/lib/vendor.js', 1, 'vendorCall();', 'vendorCall'),
  ]);
  assert.equal((await server.post(checkout)).status, 202);
  const blamed = await waitFor('the blame of src/checkout.js:2', async () =>
    (await weeklyErrors(server)).find((e) => e.key.filename === 'src/checkout.js' && e.blame_state === 'done'),
  );
  // email_domain_name: carol@localhost has no real domain; ignore_vcs_email_domain = False keeps others.
  assert.equal(blamed.developer_email, 'carol@corp.test');
  await sleep(300);
  assert.equal(smtp.received.length, 0, 'report_error_threshold = 2: no email after one occurrence');
  assert.equal((await server.post(checkout)).status, 202);
  await smtp.waitFor(1, 10_000);
  const mail = smtp.received[0]!;
  assert.deepEqual(mail.to, ['carol@corp.test']);
  assert.equal(mail.user, 'flawless', 'smtp_user and smtp_password logged in');
  assert.match(mail.raw, /http:\/\/flawless\.corp\.test\/view_traceback\?/, 'hostname builds the links');
  assert.equal(mail.from, 'error_report@corp.test');

  // default_contact hears about a line that cannot be blamed.
  assert.equal((await server.post(report([frame('src/checkout.js', 2, 'gone();')]))).status, 202);
  await smtp.waitFor(2, 10_000);
  assert.deepEqual(smtp.received[1]!.to, ['ops@corp.test']);
  assert.match(smtp.received[1]!.raw, /Subject: Flawless: could not blame src\/checkout\.js:2/);

  // A report with no blamable frame is logged with each frame's type.
  assert.equal((await server.post(report([frame('lib/vendor.js', 1, 'vendorCall();', 'v')]))).status, 202);
  const legacyRecord = (await weeklyErrors(server)).find((e) => e.key.filename === 'src/legacy.js');
  assert.equal(legacyRecord?.developer_email, 'alice@example.org');
  assert.equal(legacyRecord?.count, 2);
  await sleep(300);
  assert.equal(smtp.received.length, 2, 'nothing for the old line');

  const health = (await (await server.get('/check_health')).json()) as { config: Record<string, unknown> };
  assert.equal(health.config['port'], thriftPort);
  // `port` is where Flawless 0.4 Python clients connect: the Thrift endpoint listens there.
  const thriftOpen = await new Promise<boolean>((resolve) => {
    const socket = connect(thriftPort, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  assert.ok(thriftOpen, 'the Thrift port listens');
  assert.deepEqual(health.config['flawless_hostports'], ['localhost:9028', 'localhost:9029']);
  assert.equal(health.config['client_timeout'], 5);
  assert.equal(health.config['max_concurrent_git_blames'], 2);
  assert.equal(health.config['config_dir_path'], join(dir, 'rules'));
  assert.equal(health.config['smtp_password'], '********');
  assert.equal(await server.stop('SIGTERM'), 0);

  assert.ok(existsSync(join(dir, 'data', 'flawless.db')), 'data_dir_path holds the database');
  const calls = readFileSync(join(dir, 'git-calls.log'), 'utf8').split('\n');
  assert.ok(calls.includes('clone') && calls.includes('blame'), `git_cli_path runs git: ${calls.join(' ')}`);
  const log = readFileSync(logFile, 'utf8');
  assert.match(log, /"level":20,.*"msg":"repository up to date"/, 'log_level = DEBUG');
  assert.equal(log.match(/"msg":"email sent"/g)?.length, 2, 'a line per email sent');
  assert.match(log, /"frames":"0:IGNORED_FILEPATH lib\/vendor\.js".*"msg":"report not assigned/);
  assert.ok(!log.includes('s3cret'), 'no secret in the log');
});
