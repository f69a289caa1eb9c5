import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTION_DEFINITIONS } from '../../src/config/definitions';
import { VERSION } from '../../src/version';
import { runCli } from './cli';

test('flawless --help lists every command with what it does', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /start \[options\]\s+Run the server in the foreground/);
  assert.match(stdout, /configure \[options\] \[path\]\s+Ask how this server should run/);
  assert.match(stdout, /check-config \[options\]\s+Print the effective configuration/);
  assert.match(stdout, /demo \[options\]\s+Try Flawless in a minute/);
});

test('flawless --version and -v print the version', async () => {
  for (const flag of ['--version', '-v']) {
    const { code, stdout } = await runCli([flag]);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), VERSION);
  }
});

test('flawless start --help lists every option of the definitions table with its default', async () => {
  const { code, stdout } = await runCli(['start', '--help']);
  assert.equal(code, 0);
  for (const d of OPTION_DEFINITIONS) {
    assert.ok(stdout.includes(`  ${d.key} (default: `), `${d.key} is listed`);
    assert.ok(stdout.includes(d.description), `${d.key} has its description`);
  }
  assert.match(stdout, /http_port \(default: 8080\)/);
  assert.match(stdout, /FLAWLESS_HTTP_PORT=8081/);
  assert.doesNotMatch(stdout, /repo-update-interval/, 'the test-only flag stays hidden');
});

test('flawless configure --help offers one flag per option', async () => {
  const { code, stdout } = await runCli(['configure', '--help']);
  assert.equal(code, 0);
  for (const d of OPTION_DEFINITIONS) {
    assert.ok(stdout.includes(`--${d.key.replace(/_/g, '-')} <value>`), `--${d.key} is offered`);
  }
  assert.match(stdout, /-y, --yes/);
});

test('an unknown command is refused with a non-zero exit', async () => {
  const { code, stderr } = await runCli(['strat']);
  assert.notEqual(code, 0);
  assert.match(stderr, /unknown command 'strat'/);
});
