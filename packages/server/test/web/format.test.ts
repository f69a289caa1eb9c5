import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, html } from '../../src/web/html';
import { parseSort, sortHeader } from '../../src/web/views/sortable';

test('counts get thousands separators', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12345, '12,345'],
    [1234567, '1,234,567'],
    [-4321, '-4,321'],
  ];
  for (const [n, text] of cases) assert.equal(formatCount(n), text);
});

test('the html template escapes every value but nested templates', () => {
  const evil = `<img src=x onerror="alert(1)">'&`;
  const out = html`<p title="${evil}">${evil}${[evil, html`<b>${evil}</b>`]}${null}${false}${0}</p>`.value;
  assert.equal(
    out,
    '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;' +
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;</b>0</p>',
  );
});

test('sort parameters: known columns only, natural direction by default, headers toggle', () => {
  const dirs = { count: 'desc', file: 'asc' } as const;
  assert.deepEqual(parseSort({}, dirs, 'count'), { key: 'count', dir: 'desc' });
  assert.deepEqual(parseSort({ sort: 'file' }, dirs, 'count'), { key: 'file', dir: 'asc' });
  assert.deepEqual(parseSort({ sort: 'file', dir: 'desc' }, dirs, 'count'), { key: 'file', dir: 'desc' });
  assert.deepEqual(parseSort({ sort: '__proto__', dir: 'up' }, dirs, 'count'), { key: 'count', dir: 'desc' });
  const th = sortHeader('File', 'file', { key: 'file', dir: 'asc' }, dirs, (k, d) => `?sort=${k}&dir=${d}`).value;
  assert.equal(th, '<th class="" aria-sort="ascending"><a href="?sort=file&amp;dir=desc">File ▲</a></th>');
});
