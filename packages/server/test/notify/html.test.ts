import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml } from '../../src/notify/html';

test('escapeHtml escapes & < > " and \'', () => {
  assert.equal(escapeHtml(`a & b < c > d " e ' f`), 'a &amp; b &lt; c &gt; d &quot; e &#39; f');
  assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  assert.equal(escapeHtml('plain text'), 'plain text');
});
