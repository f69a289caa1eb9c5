/** The one stylesheet. Readable on a phone; long code wraps or scrolls inside its box. */
export const STYLESHEET = `
:root { --fg: #1d232a; --muted: #5b6670; --line: #d9dee3; --accent: #0b5cad; --bad: #b3261e; --ok: #1e7b34; --bg: #fff; --code: #f5f7f9; --soft: #eef3f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top { display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: baseline; justify-content: space-between; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
header.top nav { display: flex; flex-wrap: wrap; gap: .2rem .9rem; align-items: baseline; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem; }
a { color: var(--accent); }
h1 { font-size: 1.35rem; margin: .2rem 0 .8rem; overflow-wrap: anywhere; }
time { white-space: nowrap; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; overflow-wrap: anywhere; }
.muted, .help { color: var(--muted); }
.crumbs { margin: 0 0 .4rem; font-size: .9rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-bottom: 1rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
th a { color: inherit; text-decoration: none; }
th a:hover, th a:focus { text-decoration: underline; }
th[aria-sort="ascending"], th[aria-sort="descending"] { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.file, td.fn, .file { overflow-wrap: anywhere; word-break: break-word; }
td.file { min-width: 12rem; }
td.when { white-space: nowrap; }
tr.known td { color: var(--muted); }
pre, code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--code); padding: .5rem .7rem; margin: .2rem 0; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 4px; max-height: 40rem; }
code { overflow-wrap: anywhere; }
pre.message { border-left: 3px solid var(--bad); font-size: 14px; }
ol.traceback { list-style: none; padding: 0; margin: 0; }
.frame { margin: .35rem 0; }
.frame .loc { color: var(--muted); overflow-wrap: anywhere; font-size: .9rem; }
.frame.blamed { border-left: 3px solid var(--bad); padding-left: .5rem; }
.frame.blamed .loc { color: var(--fg); font-weight: 600; }
table.locals th { width: 1%; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 500; }
table.locals td pre { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .8rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.score { color: var(--muted); font-weight: 400; font-size: .95rem; }
.rank { color: var(--muted); font-weight: 400; }
ol.ranking { columns: 3 16rem; margin: 0 0 1rem; padding-left: 1.6rem; }
ol.ranking li { overflow-wrap: anywhere; break-inside: avoid; }
.empty { padding: 2rem 0; color: var(--muted); }
.tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 3px; background: var(--soft); color: var(--muted); white-space: nowrap; }
.notice { padding: .5rem .8rem; background: #e8f5ec; border-left: 3px solid var(--ok); }
.alert { padding: .5rem .8rem; background: #fdecea; border-left: 3px solid var(--bad); }
form.inline { display: inline; margin: 0; }
form.rule { max-width: 40rem; }
.field { margin: .7rem 0; }
.field label { display: block; font-weight: 600; margin-bottom: .2rem; }
.field input, .field select, .field textarea { width: 100%; font: inherit; padding: .4rem .5rem; border: 1px solid #aab4bd; border-radius: 4px; background: #fff; }
.field textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.field.invalid input, .field.invalid select, .field.invalid textarea { border-color: var(--bad); }
.field .help { margin: .15rem 0 0; font-size: .85rem; }
.error { color: var(--bad); margin: .2rem 0 0; font-weight: 600; }
h3.group { margin-top: 1.4rem; padding-top: .6rem; border-top: 1px solid var(--line); }
button, .button { display: inline-block; font: inherit; padding: .4rem .9rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; text-decoration: none; cursor: pointer; }
.toolbar .button { background: #fff; color: var(--accent); }
button.link { background: none; border: 0; padding: 0; color: var(--accent); text-decoration: underline; }
button.danger { color: var(--bad); }
td.actions { white-space: nowrap; }
td.actions > * { margin-right: .6rem; }
.buttons { margin-top: 1rem; display: flex; gap: 1rem; align-items: center; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) {
  main { padding: .7rem; }
  th, td { padding: .3rem .35rem; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: .4rem; }
  td.file { min-width: 9rem; }
  /* The leaderboard's rows become small cards: nothing to scroll sideways, no word cut in two. */
  table.errors, table.errors tbody { display: block; }
  table.errors thead tr { display: flex; flex-wrap: wrap; gap: .1rem .3rem; margin-bottom: .2rem; }
  table.errors thead th { border: 0; padding: .1rem .35rem; font-size: .85rem; }
  table.errors tbody tr { display: grid; grid-template-columns: 4.6rem minmax(0, 1fr) auto; column-gap: .5rem; padding: .35rem 0; border-bottom: 1px solid var(--line); }
  table.errors td { border: 0; padding: 0; min-width: 0; }
  table.errors td:nth-child(1) { grid-column: 1; grid-row: 1 / span 4; font-size: 1.05rem; }
  table.errors td:nth-child(2) { grid-column: 2 / span 2; grid-row: 1; overflow-wrap: anywhere; font-weight: 600; }
  table.errors td:nth-child(3) { grid-column: 2; grid-row: 2; overflow-wrap: anywhere; }
  table.errors td:nth-child(4) { grid-column: 3; grid-row: 2; }
  table.errors td:nth-child(5) { grid-column: 2 / span 2; grid-row: 3; }
  table.errors td:nth-child(6) { grid-column: 2; grid-row: 4; }
  table.errors td:nth-child(7) { grid-column: 3; grid-row: 4; }
  table.errors td:nth-child(n+4) { font-size: .85rem; color: var(--muted); }
  table.errors td:nth-child(4)::before { content: "line "; }
  table.errors td:nth-child(5)::before { content: "last "; }
  table.errors td:nth-child(6)::before { content: "changed "; }
  table.errors td:nth-child(7)::before { content: "emailed "; }
}
`;
