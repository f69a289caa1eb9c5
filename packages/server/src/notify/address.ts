import type { RuleSet } from '../rules/types';
import { pathCoverage } from './path-prefix';
import type { NotifySettings } from './settings';

type AddressSettings = Pick<NotifySettings, 'emailDomainName' | 'ignoreVcsEmailDomain'>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function splitAddress(address: string): { local: string; domain: string | null } {
  const at = address.lastIndexOf('@');
  return at < 0 ? { local: address, domain: null } : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** The remap table: the full address first, then its local part (case-insensitive). */
function remap(address: string, rules: RuleSet): string | null {
  const full = rules.remaps.find((r) => same(r.from, address));
  if (full) return full.to.trim();
  const { local, domain } = splitAddress(address);
  if (domain === null) return null;
  const byLocal = rules.remaps.find((r) => same(r.from, local));
  return byLocal ? byLocal.to.trim() : null;
}

/**
 * The address that hears about a line git blamed on `authorEmail`:
 * 1. the remap table (full address, then local part) — an explicit target is used as
 *    written, only a bare local part gets `@email_domain_name`;
 * 2. otherwise a domain without a dot (`alice@laptop`), a missing domain, or
 *    ignore_vcs_email_domain → `local@email_domain_name`;
 * 3. then disownership: a rule whose file or folder covers `repoPath` and whose `email`
 *    is the address (before or after steps 1–2) hands the line to its designated email;
 *    the most specific path wins.
 * Returns `''` for an empty author email (invalid, so default_contact hears of it).
 */
export function resolveDeveloperEmail(
  authorEmail: string,
  repoPath: string,
  rules: RuleSet,
  settings: AddressSettings,
): string {
  const original = authorEmail.trim();
  if (original === '') return '';
  let address: string;
  const remapped = remap(original, rules);
  if (remapped !== null) {
    address = remapped.includes('@') ? remapped : `${remapped}@${settings.emailDomainName}`;
  } else {
    const { local, domain } = splitAddress(original);
    const bogus = domain === null || !domain.includes('.');
    address = bogus || settings.ignoreVcsEmailDomain ? `${local}@${settings.emailDomainName}` : original;
  }

  let best: { designated: string; specificity: number } | null = null;
  for (const rule of rules.disownerships) {
    if (!same(rule.email, address) && !same(rule.email, original)) continue;
    const specificity = pathCoverage(rule.filepath, repoPath);
    if (specificity < 0 || (best && best.specificity >= specificity)) continue;
    best = { designated: rule.designated_email.trim(), specificity };
  }
  return best ? best.designated : address;
}

// Characters that have no business in a plain mailbox and would break headers.
const FORBIDDEN = /[\s<>()[\],;:"\\]|\p{Cc}/u;

/**
 * A sane check of a mailbox address (not RFC 5322-perfect): one `@`, no spaces, quotes
 * or control characters, and a domain with a dot and no empty labels. GitHub's
 * `users.noreply.github.com` addresses count as invalid: mail sent there is lost, so the
 * error goes to default_contact with a note instead.
 */
export function isValidEmail(address: string): boolean {
  if (address.length > 254 || FORBIDDEN.test(address)) return false;
  const parts = address.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  if (local === '' || local.length > 64) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => l === '' || l.startsWith('-') || l.endsWith('-'))) return false;
  return domain.toLowerCase() !== 'users.noreply.github.com';
}
