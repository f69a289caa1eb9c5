import { type ErrorReport, errorKeyId } from '@flawless/protocol';
import type { CodeRule, RuleSet } from '../rules/types';
import type { EmailDraft, ErrorRecord } from '../store/types';
import { decideEmail } from './decide';
import { collectRecipients } from './recipients';
import { renderErrorEmail, renderProblemEmail } from './render';
import type { NotifySettings } from './settings';

export { type NotifySettings, notifySettingsFrom } from './settings';

export interface PlanInput {
  record: ErrorRecord;
  /** The count before this change. */
  previousCount: number;
  report: ErrorReport;
  knownError: CodeRule | null;
  rules: RuleSet;
  settings: NotifySettings;
}

/**
 * The emails a record's change calls for: the developer email when {@link decideEmail}
 * says so, and a note to default_contact naming any address that had to be dropped.
 * Pure, so it can run inside the store's transaction.
 *
 * Dedupe keys depend only on the decision (week, error key, which email of the week), so
 * two instances deciding the same thing produce the same key and the outbox keeps one.
 * The store is expected to count a returned `kind: 'error'` draft as an email sent.
 */
export function planEmails({ record, previousCount, report, knownError, rules, settings }: PlanInput): EmailDraft[] {
  const decision = decideEmail({ record, previousCount, knownError, settings });
  if (!decision.send) return [];
  const keyId = errorKeyId(record.key);
  const recipients = collectRecipients({ record, knownError, rules, settings });
  const drafts: EmailDraft[] = [];
  if (recipients.to.length > 0) {
    drafts.push({
      ...renderErrorEmail({ record, report, knownError, settings, to: recipients.to }),
      dedupeKey: `error:${record.week}:${keyId}:${record.emails_sent + 1}`,
      kind: 'error',
    });
  }
  if (recipients.invalid.length > 0 && settings.defaultContact) {
    const { filename, line_number, function_name } = record.key;
    const lines = [
      `Flawless dropped ${recipients.invalid.length === 1 ? 'an invalid address' : 'invalid addresses'} from the email about an error in ${filename}, line ${line_number}, in ${function_name}:`,
      recipients.invalid.map((a) => `  ${a || '(empty address)'}`).join('\n'),
    ];
    if (record.author_email !== null) lines.push(`git blame names the author ${record.author_email || '(empty)'}.`);
    lines.push(
      recipients.to.length > 0
        ? `The email went to: ${recipients.to.join(', ')}.`
        : 'Nobody valid remains to receive it, so the email was not sent. Add a remap or disownership rule to route it.',
    );
    drafts.push({
      ...renderProblemEmail({ subject: 'Flawless: invalid email address', lines, settings }),
      dedupeKey: `problem:invalid:${record.week}:${keyId}`,
      kind: 'problem',
    });
  }
  return drafts;
}
