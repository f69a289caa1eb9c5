import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Config, defaultConfig, OPTION_DEFINITIONS, type OptionName } from '../../src/config/definitions';
import { formatConfig, loadConfig, MASK, maskedConfig, maskUrlCredentials } from '../../src/config/load';
import { tempDir } from './helpers';

const SECRETS = ['hunter2', 'p@ss', 'adminpw', 'tok3n', 'ghp_abc'];

function withSecrets(): Config {
  return {
    ...defaultConfig(),
    smtp_user: 'flawless',
    smtp_password: 'hunter2',
    admin_password: 'adminpw',
    ingest_token: 'tok3n',
    repo_url: 'https://deploy:hunter2@git.example.com/corp/app.git',
    storage: 'postgres://flawless:p@ss@db.example.com:5432/flawless',
  };
}

describe('maskedConfig', () => {
  it('masks secrets and URL credentials, leaving the rest as is', () => {
    const masked = maskedConfig(withSecrets());
    assert.equal(masked['smtp_password'], MASK);
    assert.equal(masked['admin_password'], MASK);
    assert.equal(masked['ingest_token'], MASK);
    assert.equal(masked['repo_url'], `https://deploy:${MASK}@git.example.com/corp/app.git`);
    assert.equal(masked['storage'], `postgres://flawless:${MASK}@db.example.com:5432/flawless`);
    assert.equal(masked['smtp_user'], 'flawless');
    assert.deepEqual(masked['only_blame_filepaths_matching'], defaultConfig().only_blame_filepaths_matching);
    assert.deepEqual(
      Object.keys(masked),
      OPTION_DEFINITIONS.map((d) => d.key),
    );
    const text = JSON.stringify(masked);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), secret);
  });

  it('keeps unset secrets null', () => {
    const masked = maskedConfig(defaultConfig());
    assert.equal(masked['smtp_password'], null);
    assert.equal(masked['admin_password'], null);
    assert.equal(masked['repo_url'], null);
  });

  it('masks a token standing alone as the user of a secret URL', () => {
    const masked = maskedConfig({ ...defaultConfig(), repo_url: 'https://ghp_abc@github.com/org/app.git' });
    assert.equal(masked['repo_url'], `https://${MASK}@github.com/org/app.git`);
    assert.equal(maskedConfig({ ...defaultConfig(), repo_url: 'git@github.com:org/app.git' })['repo_url'], MASK);
  });

  it('leaves URLs without a password alone', () => {
    assert.equal(maskUrlCredentials('postgres://flawless@db/flawless'), 'postgres://flawless@db/flawless');
    assert.equal(maskUrlCredentials('https://example.com/a@b'), 'https://example.com/a@b');
    assert.equal(maskUrlCredentials('sqlite:flawless.db'), 'sqlite:flawless.db');
  });
});

describe('formatConfig', () => {
  it('prints one masked "option = value (origin)" line per option', () => {
    const dir = tempDir();
    const { config, source } = loadConfig({
      cwd: dir,
      env: {
        FLAWLESS_SMTP_USER: 'flawless',
        FLAWLESS_SMTP_PASSWORD: 'hunter2',
        FLAWLESS_STORAGE: withSecrets().storage,
      },
    });
    const text = formatConfig(config, source);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, OPTION_DEFINITIONS.length);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), secret);
    assert.match(text, /^smtp_password = \*{8} +\(env\)$/m);
    assert.match(text, /^http_port = 8080 +\(default\)$/m);
    assert.match(text, /^default_contact = \(none\) +\(default\)$/m);
    assert.match(text, /^report_runtime_package_directory_names = site-packages +\(default\)$/m);
    const origins = lines.map((l) => /\((default|file|env)\)$/.exec(l)?.[1]);
    const expected = OPTION_DEFINITIONS.map((d) => source[d.key as OptionName]);
    assert.deepEqual(origins, expected);
  });
});
