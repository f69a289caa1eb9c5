import type { AccessVia } from '../auth';
import { html, type SafeHtml } from '../html';

/** What the frame of a page needs to know about its viewer. */
export interface PageContext {
  csrfToken: string;
  via: AccessVia;
  passwordSet: boolean;
}

/** The hidden field every form carries; the guard rejects a state change without it. */
export function csrfField(page: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${page.csrfToken}">`;
}

function account(page: PageContext): SafeHtml | string {
  if (!page.passwordSet) return '';
  if (page.via === 'session') {
    return html`<form class="inline" method="post" action="/logout">${csrfField(page)}<button class="link" type="submit">Log out</button></form>`;
  }
  if (page.via === 'basic') return html`<span class="muted">signed in</span>`;
  return html`<a href="/login">Log in</a>`;
}

/** The page frame: one small stylesheet, no script. */
export function layout(title: string, body: SafeHtml, page: PageContext): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · Flawless</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header class="top"><a class="brand" href="/">Flawless</a>
<nav><a href="/get_weekly_error_report">Leaderboard</a><a href="/admin">Admin</a><a href="/outbox">Outbox</a>${account(page)}</nav></header>
<main>
${body}
</main>
</body>
</html>`.value;
}
