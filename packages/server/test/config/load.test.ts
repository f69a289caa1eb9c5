import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, OPTION_DEFINITIONS } from '../../src/config/definitions';
import { loadConfig } from '../../src/config/load';
import { expectCode, tempDir, writeFile } from './helpers';

// A flawless.cfg as the Python original wrote them: every original option set.
const ORIGINAL_CFG = `# Flawless server configuration
[flawless]
port = 9029
http_port = 8081
hostname = errors.example.com:8080
email_domain_name = corp.example.com
ignore_vcs_email_domain = True
default_contact = oncall@corp.example.com
smtp_host = smtp.corp.example.com:587
smtp_user = flawless
smtp_password = 100%%secret
data_dir_path = state
config_dir_path = rules
report_runtime_package_directory_names = site-packages,dist-packages
report_only_after_minimum_date = 2013-1-1
report_error_threshold = 5
only_blame_filepaths_matching = ^app/.*$, ^lib/.*$
max_concurrent_git_blames = 4
git_cli_path = /usr/bin/git
repo_type = git
repo_dir = checkout
repo_url = https://deploy:hunter2@git.example.com/corp/app.git
repo_branch_pattern = ^release-\\d+$
flawless_hostports = errors.example.com:9028, errors2.example.com:9028
client_timeout = 20
log_level = WARNING
log_file = logs/flawless.log
redis_version = 2.6
`;

describe('loadConfig', () => {
  const dir = tempDir();
  const cfg = writeFile(dir, 'flawless.cfg', ORIGINAL_CFG);

  it('loads a config file of the original with every option set', () => {
    const { config, warnings, notes, source, file } = loadConfig({ file: 'flawless.cfg', cwd: dir, env: {} });
    assert.equal(file, cfg);
    assert.deepEqual(
      { ...config },
      {
        ...defaultConfig(),
        port: 9029,
        http_port: 8081,
        hostname: 'http://errors.example.com:8080',
        email_domain_name: 'corp.example.com',
        ignore_vcs_email_domain: true,
        default_contact: 'oncall@corp.example.com',
        smtp_host: 'smtp.corp.example.com:587',
        smtp_user: 'flawless',
        smtp_password: '100%secret',
        data_dir_path: join(dir, 'state'),
        config_dir_path: join(dir, 'rules'),
        report_runtime_package_directory_names: ['site-packages', 'dist-packages'],
        report_only_after_minimum_date: '2013-01-01',
        report_error_threshold: 5,
        only_blame_filepaths_matching: ['^app/.*$', '^lib/.*$'],
        max_concurrent_git_blames: 4,
        git_cli_path: '/usr/bin/git',
        repo_type: 'git',
        repo_dir: join(dir, 'checkout'),
        repo_url: 'https://deploy:hunter2@git.example.com/corp/app.git',
        repo_branch_pattern: '^release-\\d+$',
        flawless_hostports: ['errors.example.com:9028', 'errors2.example.com:9028'],
        client_timeout: 20,
        log_level: 'warn',
        log_file: join(dir, 'logs/flawless.log'),
      },
    );
    assert.deepEqual(warnings, []);
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /redis_version .*flawless\.cfg:28.* accepted and ignored/);
    const fromFile = OPTION_DEFINITIONS.filter((d) => d.original).map((d) => d.key);
    for (const key of fromFile) assert.equal(source[key], 'file', key);
    assert.equal(source.storage, 'default');
  });

  it('lets the environment win over the file', () => {
    const { config, source } = loadConfig({
      file: cfg,
      cwd: dir,
      env: { FLAWLESS_HTTP_PORT: '0', FLAWLESS_LOG_LEVEL: 'debug', FLAWLESS_STORAGE: 'postgres://db/flawless' },
    });
    assert.equal(config.http_port, 0);
    assert.equal(config.log_level, 'debug');
    assert.equal(config.storage, 'postgres://db/flawless');
    assert.deepEqual([source.http_port, source.log_level, source.storage, source.port], ['env', 'env', 'env', 'file']);
  });

  it('runs on the defaults without a file, paths made absolute', () => {
    const { config, source, warnings } = loadConfig({ cwd: dir, env: {} });
    assert.deepEqual(
      { ...config },
      { ...defaultConfig(), data_dir_path: join(dir, '.flawless'), config_dir_path: null },
    );
    assert.ok(Object.values(source).every((s) => s === 'default'));
    assert.deepEqual(warnings, []);
  });

  it('defaults config_dir_path to the config file directory', () => {
    const sub = tempDir();
    writeFile(sub, 'f.cfg', '[flawless]\nport = 1\n');
    assert.equal(loadConfig({ file: join(sub, 'f.cfg'), cwd: dir, env: {} }).config.config_dir_path, sub);
  });

  it('rejects a bad value, naming option, value, expectation and file line', () => {
    const path = writeFile(dir, 'bad.cfg', '[flawless]\nport = 9028\nhttp_port = eighty\n');
    const err = expectCode('FLW_ERR_CONFIG_VALUE', () => loadConfig({ file: path, cwd: dir, env: {} }));
    assert.match(err.message, /^option http_port has the bad value "eighty": expected a whole number from 0 to 65535/);
    assert.ok(err.message.includes(`${path}:3`), err.message);
    assert.deepEqual(err.detail?.['option'], 'http_port');
  });

  it('rejects a bad environment value, naming the variable', () => {
    const err = expectCode('FLW_ERR_CONFIG_VALUE', () =>
      loadConfig({ cwd: dir, env: { FLAWLESS_IGNORE_VCS_EMAIL_DOMAIN: 'maybe' } }),
    );
    assert.match(err.message, /ignore_vcs_email_domain has the bad value "maybe".*FLAWLESS_IGNORE_VCS_EMAIL_DOMAIN/);
  });

  it('warns about unknown options, suggesting the option a typo meant', () => {
    const path = writeFile(dir, 'unknown.cfg', '[flawless]\nsmtp_hots = mail:25\ncompletely_new = 1\n');
    const { warnings, config } = loadConfig({ file: path, cwd: dir, env: {} });
    assert.equal(config.smtp_host, null);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /unknown option smtp_hots \(.*unknown\.cfg:2\).*did you mean smtp_host\?/);
    assert.match(warnings[1]!, /unknown option completely_new/);
    assert.doesNotMatch(warnings[1]!, /did you mean/);
  });

  it('warns about a FLAWLESS_ variable that is a near miss, not about other FLAWLESS_ variables', () => {
    const env = { FLAWLESS_HTTP_PROT: '1', FLAWLESS_http_port: '2', FLAWLESS_TEST: '1', FLAWLESS_REDIS_HOST: 'x' };
    const { warnings, config } = loadConfig({ cwd: dir, env });
    assert.equal(config.http_port, 8080);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /FLAWLESS_HTTP_PROT .*did you mean FLAWLESS_HTTP_PORT\?/);
    assert.match(warnings[1]!, /FLAWLESS_http_port .*did you mean FLAWLESS_HTTP_PORT\?/);
  });

  it('fails on a missing file and warns about a file without [flawless]', () => {
    const err = expectCode('FLW_ERR_CONFIG_FILE', () => loadConfig({ file: 'nope.cfg', cwd: dir, env: {} }));
    assert.match(err.message, /nope\.cfg: no such file/);
    const path = writeFile(dir, 'case.cfg', '[Flawless]\nport = 1\n');
    const { warnings, config } = loadConfig({ file: path, cwd: dir, env: {} });
    assert.equal(config.port, 9028);
    assert.match(warnings[0]!, /no \[flawless\] section \(there is a \[Flawless\]/);
  });

  it('takes [DEFAULT] options for interpolation without calling them unknown', () => {
    const path = writeFile(dir, 'defaults.cfg', '[DEFAULT]\nbase = /srv\n[flawless]\ndata_dir_path = %(base)s/state\n');
    const { config, warnings } = loadConfig({ file: path, cwd: dir, env: {} });
    assert.equal(config.data_dir_path, '/srv/state');
    assert.deepEqual(warnings, []);
  });

  it('passes a syntax error through with its line', () => {
    const path = writeFile(dir, 'syntax.cfg', '[flawless]\nport 9028\n');
    const err = expectCode('FLW_ERR_CONFIG_SYNTAX', () => loadConfig({ file: path, cwd: dir, env: {} }));
    assert.match(err.message, /line 2/);
  });

  it('requires smtp_user and smtp_password together, never showing the password', () => {
    const userOnly = expectCode('FLW_ERR_CONFIG_VALUE', () =>
      loadConfig({ cwd: dir, env: { FLAWLESS_SMTP_USER: 'u' } }),
    );
    assert.match(userOnly.message, /smtp_user .*smtp_password to be set too.*FLAWLESS_SMTP_USER/);
    const pwOnly = expectCode('FLW_ERR_CONFIG_VALUE', () =>
      loadConfig({ cwd: dir, env: { FLAWLESS_SMTP_PASSWORD: 'hunter2' } }),
    );
    assert.match(pwOnly.message, /smtp_password .*smtp_user to be set too/);
    assert.doesNotMatch(pwOnly.message, /hunter2/);
  });

  it('checks hostname beyond parsing', () => {
    for (const bad of [
      'https://u:pw@errors.example.com',
      'errors.example.com/?x=1',
      'bad host',
      'a..b',
      '-x.example.com',
    ]) {
      const err = expectCode('FLW_ERR_CONFIG_VALUE', () => loadConfig({ cwd: dir, env: { FLAWLESS_HOSTNAME: bad } }));
      assert.match(err.message, /^option hostname/, bad);
    }
    const ok = loadConfig({ cwd: dir, env: { FLAWLESS_HOSTNAME: 'https://errors.example.com/flawless/' } });
    assert.equal(ok.config.hostname, 'https://errors.example.com/flawless');
  });

  it('clones into the data directory when repo_url is set without repo_dir', () => {
    const { config } = loadConfig({ cwd: dir, env: { FLAWLESS_REPO_URL: 'https://git.example.com/app.git' } });
    assert.equal(config.repo_dir, join(dir, '.flawless', 'repo'));
  });

  it('freezes the result deeply', () => {
    const { config } = loadConfig({ file: cfg, cwd: dir, env: {} });
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.flawless_hostports));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
    assert.throws(() => (config.flawless_hostports as string[]).push('x'), TypeError);
  });
});
