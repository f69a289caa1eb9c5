import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIni } from '../../src/config/ini';
import type { FlawlessError } from '../../src/errors';
import { expectCode } from './helpers';

/** The section as plain `{key: value}`, for whole-object comparisons. */
function values(text: string, section = 'flawless'): Record<string, string> {
  const entries = parseIni(text).get(section);
  assert.ok(entries, `section [${section}] missing`);
  return Object.fromEntries([...entries].map(([k, e]) => [k, e.value]));
}

function syntaxLine(fn: () => unknown): number {
  return (expectCode('FLW_ERR_CONFIG_SYNTAX', fn).detail as { line: number }).line;
}

describe('parseIni', () => {
  it('reads "=" and ":" delimiters, trimming blanks around key and value', () => {
    assert.deepEqual(values('[flawless]\nport = 9028\nhostname: errors.example.com:8080\n  \nlog_level=INFO\n'), {
      port: '9028',
      hostname: 'errors.example.com:8080',
      log_level: 'INFO',
    });
  });

  it('lower-cases keys but keeps section names as written', () => {
    const doc = parseIni('[Flawless]\nHTTP_Port = 8080\n');
    assert.deepEqual([...doc.keys()], ['Flawless']);
    assert.equal(doc.get('Flawless')?.get('http_port')?.value, '8080');
  });

  it('skips # and ; comment lines (indented too) and cuts " ;" inline comments', () => {
    const text = '# top\n[flawless]\n; a comment\nport = 9028 ; Thrift\n   # indented comment\nsmtp_password = a;b\n';
    assert.deepEqual(values(text), { port: '9028', smtp_password: 'a;b' });
  });

  it('joins indented continuation lines with a newline, over blank lines', () => {
    const text = '[flawless]\nonly_blame_filepaths_matching = ^app/.*$,\n    ^lib/.*$\n\n    ^tools/.*$\nport = 1\n';
    assert.deepEqual(values(text), { only_blame_filepaths_matching: '^app/.*$,\n^lib/.*$\n^tools/.*$', port: '1' });
  });

  it('reads a CRLF file with a byte-order mark, and records line numbers', () => {
    const doc = parseIni('\uFEFF[flawless]\r\nport = 9028\r\n\r\nhttp_port = 8080\r\n');
    assert.deepEqual(doc.get('flawless')?.get('port'), { value: '9028', line: 2 });
    assert.deepEqual(doc.get('flawless')?.get('http_port'), { value: '8080', line: 4 });
  });

  it('turns %% into % and expands %(name)s from the section and [DEFAULT]', () => {
    const text =
      '[DEFAULT]\nbase = /srv\n[flawless]\nsmtp_password = 100%%sure\ndata_dir_path = %(base)s/flawless\nlog_file = %(DATA_DIR_PATH)s/log\n';
    assert.deepEqual(values(text), {
      smtp_password: '100%sure',
      data_dir_path: '/srv/flawless',
      log_file: '/srv/flawless/log',
      base: '/srv',
    });
  });

  it('interpolates only the sections asked for, so other sections may hold %(asctime)s', () => {
    const text = '[flawless]\nport = 1\n[formatter_plain]\nformat = %(asctime)s %(message)s\n';
    assert.throws(() => parseIni(text), /names no option/);
    const doc = parseIni(text, { interpolate: ['flawless'] });
    assert.equal(doc.get('formatter_plain')?.get('format')?.value, '%(asctime)s %(message)s');
  });

  it('reads "" as the empty string, merges repeated sections, and lets a later key win', () => {
    assert.deepEqual(values('[flawless]\nsmtp_user = ""\nport = 1\n[other]\nx = 1\n[flawless]\nport = 2\n'), {
      smtp_user: '',
      port: '2',
    });
  });

  it('reports syntax errors with their line number', () => {
    assert.equal(
      syntaxLine(() => parseIni('[flawless]\nport = 1\n\nthis line has no delimiter\n')),
      4,
    );
    assert.equal(
      syntaxLine(() => parseIni('# comment\nport = 1\n[flawless]\n')),
      2,
    );
    assert.equal(
      syntaxLine(() => parseIni('[flawless]\n  indented = nothing to continue\n')),
      2,
    );
    assert.equal(
      syntaxLine(() => parseIni('[flawless]\nport = 1\nsmtp_password = 100%\n')),
      3,
    );
    assert.equal(
      syntaxLine(() => parseIni('[flawless]\na = %(b)s\nb = %(a)s\n')),
      2,
    );
  });

  it('names the source and line in the message', () => {
    assert.throws(
      () => parseIni('[flawless]\n= value\n', { source: '/etc/flawless.cfg' }),
      (err: FlawlessError) => err.message.startsWith('config file /etc/flawless.cfg, line 2: '),
    );
  });
});
