import type { ErrorReport, StackFrame } from '@flawless/protocol';
import type { CodeRule } from '../rules/types';
import type { EmailMessage, ErrorRecord } from '../store/types';
import { type Block, blocksToHtml, blocksToText } from './blocks';
import { addKnownErrorUrl, viewTracebackUrl, weeklyReportUrl } from './links';
import type { NotifySettings } from './settings';

export interface RenderErrorInput {
  record: ErrorRecord;
  report: ErrorReport;
  knownError: CodeRule | null;
  settings: Pick<NotifySettings, 'hostname'>;
  /** Recipients to put on the message; default none (the planner fills them in). */
  to?: string[];
}

/** Header values must stay on one line whatever the report says. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').trim();

const frameLine = (f: StackFrame) => `File "${f.filename}", line ${f.line_number}, in ${f.function_name}`;

/** Python's traceback layout, which Flawless users know from the original. */
function tracebackText(report: ErrorReport): string {
  const lines = ['Traceback (most recent call last):'];
  for (const frame of report.traceback) {
    lines.push(`  ${frameLine(frame)}`);
    if (frame.text.trim()) lines.push(`    ${frame.text.trim()}`);
  }
  lines.push(`${report.exception_type}: ${report.exception_message}`);
  return lines.join('\n');
}

const byName = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

/** "Stack Frame": the locals of every blamable (DEFAULT or KNOWN_ERROR) frame, sorted by name. */
function stackFrameBlocks(record: ErrorRecord, report: ErrorReport): Block[] {
  const blocks: Block[] = [];
  for (const triaged of record.frames) {
    if (triaged.type !== 'DEFAULT' && triaged.type !== 'KNOWN_ERROR') continue;
    const frame = report.traceback[triaged.index];
    if (!frame) continue;
    const locals = Object.entries(frame.frame_locals ?? {}).sort(byName);
    const body = locals.length ? locals.map(([name, value]) => `    ${name} = ${value}`) : ['    (no locals)'];
    blocks.push({ kind: 'code', text: [frameLine(frame), ...body].join('\n') });
  }
  return blocks;
}

function blameSentence(record: ErrorRecord): string {
  const { filename, line_number, function_name } = record.key;
  const who = record.developer_email ?? 'nobody';
  const when = record.line_date ? ` on ${record.line_date.slice(0, 10)}` : '';
  const commit = record.commit ? ` (commit ${record.commit.slice(0, 12)})` : '';
  return `Blamed line: ${filename}, line ${line_number}, in ${function_name}: last changed by ${who}${when}${commit}.`;
}

/**
 * The email a developer gets about an error: subject `Error on <hostname> in <filename>`,
 * the known error's header, the traceback with the message, the blame, the locals of each
 * blamable frame, the additional information, and links into the web UI.
 */
export function renderErrorEmail({ record, report, knownError, settings, to = [] }: RenderErrorInput): EmailMessage {
  const times = record.count === 1 ? 'once' : `${record.count.toLocaleString('en-US')} times`;
  const blocks: Block[] = [];
  if (knownError?.email_header) blocks.push({ kind: 'paragraph', text: knownError.email_header });
  blocks.push({
    kind: 'paragraph',
    text:
      `Flawless saw this error ${times} this week (last on ${report.hostname || record.hostname}).` +
      (knownError ? ' It is a known error whose alert rules asked for this email.' : ''),
  });
  blocks.push({ kind: 'heading', text: report.exception_type || record.exception_type || 'Error' });
  blocks.push({ kind: 'code', text: tracebackText(report) });
  blocks.push({ kind: 'paragraph', text: blameSentence(record) });
  if (record.blame_note) blocks.push({ kind: 'paragraph', text: `Why: ${record.blame_note}` });
  blocks.push({ kind: 'heading', text: 'Stack Frame' });
  const frames = stackFrameBlocks(record, report);
  blocks.push(...(frames.length ? frames : [{ kind: 'paragraph' as const, text: '(no blamable frames)' }]));
  blocks.push({ kind: 'heading', text: 'Additional Information' });
  blocks.push(
    report.additional_info?.trim()
      ? { kind: 'code', text: report.additional_info }
      : { kind: 'paragraph', text: '(none)' },
  );
  blocks.push({
    kind: 'links',
    links: [
      { label: 'View most recent occurrence', url: viewTracebackUrl(settings.hostname, record) },
      {
        label: 'View all errors assigned to you',
        url: weeklyReportUrl(settings.hostname, record, record.developer_email),
      },
      { label: 'Add to whitelist', url: addKnownErrorUrl(settings.hostname, record) },
    ],
  });
  return {
    to,
    subject: oneLine(`Error on ${report.hostname || record.hostname} in ${record.key.filename}`),
    text: blocksToText(blocks),
    html: blocksToHtml(blocks),
  };
}

export interface RenderProblemInput {
  /** e.g. `Flawless: could not assign an error`, `Flawless: invalid email address`. */
  subject: string;
  /** One paragraph each. */
  lines: string[];
  settings: Pick<NotifySettings, 'hostname' | 'defaultContact'>;
}

/** A note to default_contact about something Flawless could not do by itself. */
export function renderProblemEmail({ subject, lines, settings }: RenderProblemInput): EmailMessage {
  const blocks: Block[] = lines.map((text) => ({ kind: 'paragraph', text }));
  blocks.push({ kind: 'links', links: [{ label: 'Flawless', url: `${settings.hostname}/` }] });
  return {
    to: settings.defaultContact ? [settings.defaultContact] : [],
    subject: oneLine(subject),
    text: blocksToText(blocks),
    html: blocksToHtml(blocks),
  };
}
