import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { CliServer, runCli, tempDir, waitFor } from './cli';

function writeConfig(dir: string, lines: string[]): string {
  const file = join(dir, 'flawless.cfg');
  writeFileSync(file, ['[flawless]', ...lines, ''].join('\n'));
  return file;
}

test('FLAWLESS_HTTP_PORT=0 wins over the http_port of the file', async () => {
  const dir = tempDir();
  // The file names a port that is taken: only the environment's 0 lets the server start.
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const takenPort = (taken.address() as AddressInfo).port;
  try {
    const file = writeConfig(dir, [`http_port = ${takenPort}`, 'port = 0', `data_dir_path = ${dir}/data`]);
    const server = await CliServer.start(['start', '--conf', file], {
      cwd: dir,
      env: { FLAWLESS_HTTP_PORT: '0', FLAWLESS_LOG_LEVEL: 'error' },
    });
    assert.notEqual(new URL(server.url).port, String(takenPort));
    const health = (await (await server.get('/check_health')).json()) as { config: { http_port: number } };
    assert.equal(health.config.http_port, 0);
    assert.equal(await server.stop('SIGTERM'), 0);
  } finally {
    taken.close();
  }
});

test('http_port = eighty stops start-up with exit code 2, naming the option, the value and what is expected', async () => {
  const dir = tempDir();
  const file = writeConfig(dir, ['http_port = eighty']);
  const { code, stdout, stderr } = await runCli(['start', '--conf', file], { cwd: dir });
  assert.equal(code, 2);
  assert.match(stderr, /FLW_ERR_CONFIG_VALUE/);
  assert.match(stderr, /http_port/);
  assert.match(stderr, /"eighty"/);
  assert.match(stderr, /a whole number from 0 to 65535/);
  assert.match(stderr, /flawless\.cfg:2/);
  assert.equal(stdout, '', 'nothing started');
});

test('-conf PATH (the original spelling) loads the file; SIGINT stops with exit code 0', async () => {
  const dir = tempDir();
  const file = writeConfig(dir, ['http_port = 0', 'port = 0', 'email_domain_name = conf.example', 'log_level = ERROR']);
  const server = await CliServer.start(['start', '-conf', file], { cwd: dir });
  assert.match(server.stdout, new RegExp(`config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const health = (await (await server.get('/check_health')).json()) as { config: { email_domain_name: string } };
  assert.equal(health.config.email_domain_name, 'conf.example');
  assert.equal(await server.stop('SIGINT'), 0);
});

test('start prints where it listens and where data, repository, email and logs go', async () => {
  const dir = tempDir();
  const server = await CliServer.start(['start'], {
    cwd: dir,
    env: { FLAWLESS_HTTP_PORT: '0', FLAWLESS_PORT: '0', FLAWLESS_LOG_LEVEL: 'error' },
  });
  for (const label of ['web UI:', 'JSON API:   POST', 'health:', 'data:', 'repository:', 'email:', 'logs:']) {
    assert.ok(server.stdout.includes(label), `prints ${label}\n${server.stdout}`);
  }
  assert.match(server.stdout, /on the embedded defaults/);
  assert.match(server.stdout, /no smtp_host set: written to .*outbox/);
  assert.equal((await server.get('/check_health')).status, 200);
  assert.equal(await server.stop('SIGTERM'), 0);
});

test('a non-loopback bind_address without admin_password is refused with exit code 2', async () => {
  const dir = tempDir();
  const { code, stderr } = await runCli(['start'], {
    cwd: dir,
    env: { FLAWLESS_BIND_ADDRESS: '0.0.0.0', FLAWLESS_HTTP_PORT: '0' },
  });
  assert.equal(code, 2);
  assert.match(stderr, /FLW_ERR_INSECURE_BIND/);
});

test('a non-loopback bind_address without thrift_allow is refused with exit code 2 (Thrift cannot carry ingest_token)', async () => {
  const dir = tempDir();
  const { code, stderr } = await runCli(['start'], {
    cwd: dir,
    env: {
      FLAWLESS_BIND_ADDRESS: '0.0.0.0',
      FLAWLESS_HTTP_PORT: '0',
      FLAWLESS_ADMIN_PASSWORD: 'pw-1234',
      FLAWLESS_INGEST_TOKEN: 'tok-1234',
    },
  });
  assert.equal(code, 2);
  assert.match(stderr, /FLW_ERR_THRIFT_OPEN.*thrift_allow/);
});

test('thrift_allow = none opens no Thrift port', async () => {
  const dir = tempDir();
  const server = await CliServer.start(['start'], {
    cwd: dir,
    env: { FLAWLESS_HTTP_PORT: '0', FLAWLESS_PORT: '0', FLAWLESS_LOG_LEVEL: 'error', FLAWLESS_THRIFT_ALLOW: 'none' },
  });
  assert.match(server.stdout, /Thrift:\s+off/);
  assert.equal(await server.stop('SIGTERM'), 0);
});

test('log_file gets the log lines (not stderr), and no secret reaches it', async () => {
  const dir = tempDir();
  const logFile = join(dir, 'logs', 'flawless.log');
  const file = writeConfig(dir, [
    'http_port = 0',
    'port = 0',
    'log_level = DEBUG',
    `log_file = ${logFile}`,
    'admin_password = admin-pw-7f3e',
    'smtp_host = 127.0.0.1:1',
    'smtp_user = mailer',
    'smtp_password = smtp-pw-91ac',
    'ingest_token = token-5d2b',
    'repo_url = https://robot:repo-pw-c4a1@127.0.0.1:1/team/app.git',
  ]);
  const server = await CliServer.start(['start', '--conf', file], { cwd: dir });
  assert.match(server.stdout, /logs:\s+.*flawless\.log \(level debug, rotated daily, 3 kept\)/);
  assert.match(server.stdout, /kept from https:\/\/robot:\*\*\*\*\*\*\*\*@127\.0\.0\.1:1\/team\/app\.git/);
  // The clone fails (nothing listens on port 1): its failure is logged, with the URL masked.
  const log = await waitFor('the clone failure in the log', () => {
    const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    return text.includes('repository upkeep failed') ? text : undefined;
  });
  assert.equal(await server.stop('SIGTERM'), 0);
  const all = readFileSync(logFile, 'utf8');
  assert.match(log, /"msg":"starting"/);
  assert.match(all, /"msg":"stopped"/);
  for (const secret of ['admin-pw-7f3e', 'smtp-pw-91ac', 'token-5d2b', 'repo-pw-c4a1']) {
    assert.ok(!all.includes(secret), `${secret} is not in the log`);
    assert.ok(!server.stdout.includes(secret) && !server.stderr.includes(secret), `${secret} is not printed`);
  }
  assert.doesNotMatch(server.stderr, /"level"/, 'log lines went to the file, not stderr');
});
