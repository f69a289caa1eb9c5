import { escapeHtml } from './html';

/**
 * An email body as a list of blocks, rendered once as plain text and once as HTML so
 * the two parts always say the same thing and every string is escaped in one place.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'links'; links: { label: string; url: string }[] };

function blockToText(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 72))}`;
    case 'paragraph':
      return b.text;
    case 'code':
      return b.text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
    case 'links':
      return b.links.map((l) => `${l.label}: ${l.url}`).join('\n');
  }
}

/** The plain-text part. */
export function blocksToText(blocks: readonly Block[]): string {
  return `${blocks.map(blockToText).join('\n\n')}\n`;
}

const PRE_STYLE = 'background:#f6f8fa;padding:8px;overflow-x:auto;white-space:pre-wrap;font-size:13px';

function blockToHtml(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h3 style="margin:16px 0 4px">${escapeHtml(b.text)}</h3>`;
    case 'paragraph':
      return `<p style="white-space:pre-wrap">${escapeHtml(b.text)}</p>`;
    case 'code':
      return `<pre style="${PRE_STYLE}">${escapeHtml(b.text)}</pre>`;
    case 'links':
      return `<ul>${b.links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`).join('')}</ul>`;
  }
}

/** The HTML part: a small standalone document with inline styles (mail clients drop <style>). */
export function blocksToHtml(blocks: readonly Block[]): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head>',
    '<body style="font-family:sans-serif;font-size:14px;line-height:1.4">',
    ...blocks.map(blockToHtml),
    '</body></html>',
    '',
  ].join('\n');
}
