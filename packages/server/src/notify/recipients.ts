import type { CodeRule, RuleSet } from '../rules/types';
import type { ErrorRecord } from '../store/types';
import { isValidEmail, resolveDeveloperEmail } from './address';
import { pathCovers } from './path-prefix';
import type { NotifySettings } from './settings';

/** Who an error email goes to. */
export interface Recipients {
  /** Valid, de-duplicated addresses, the developer first. */
  to: string[];
  /** Addresses dropped as undeliverable, for a note to default_contact. */
  invalid: string[];
  /** The developer's address as now resolved (valid or not), or null when nobody is blamed. */
  developer: string | null;
}

export interface RecipientsInput {
  record: ErrorRecord;
  knownError: CodeRule | null;
  rules: RuleSet;
  settings: Pick<NotifySettings, 'emailDomainName' | 'ignoreVcsEmailDomain'>;
}

/**
 * Collects the recipients of an error email: the developer (re-resolved from the author
 * email so a remap or disownership added since the blame applies), watchers of the
 * blamed file or a parent folder, "all errors" watchers of any blamable frame's file or
 * folder, and a known error's extra recipients. Duplicates (case-insensitive) are
 * dropped, and so are invalid addresses, which come back in `invalid`.
 */
export function collectRecipients({ record, knownError, rules, settings }: RecipientsInput): Recipients {
  const blamedPath = record.key.filename;
  const developer =
    record.author_email !== null
      ? resolveDeveloperEmail(record.author_email, blamedPath, rules, settings)
      : record.developer_email;

  const candidates: string[] = [];
  if (developer !== null) candidates.push(developer);
  const blamable = record.blamable_paths.includes(blamedPath)
    ? record.blamable_paths
    : [blamedPath, ...record.blamable_paths];
  for (const watch of rules.watchers) {
    const paths = watch.watch_all_errors ? blamable : [blamedPath];
    if (paths.some((p) => pathCovers(watch.filepath, p))) candidates.push(watch.email);
  }
  if (knownError) candidates.push(...knownError.email_recipients);

  const seen = new Set<string>();
  const to: string[] = [];
  const invalid: string[] = [];
  for (const raw of candidates) {
    const address = raw.trim();
    const id = address.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    (isValidEmail(address) ? to : invalid).push(address);
  }
  return { to, invalid, developer };
}
