import { html, type SafeHtml } from '../html';

/** The page frame: one small stylesheet, no script. */
export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Flawless</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header class="top"><a class="brand" href="/">Flawless</a>
<nav><a href="/get_weekly_error_report">Leaderboard</a> <a href="/admin">Admin</a></nav></header>
<main>
${body}
</main>
</body>
</html>`.value;
}
