import type { Config } from '../config/definitions';

/** The part of the configuration the email code reads. */
export interface NotifySettings {
  /** report_error_threshold: occurrences before the first email of an unknown error. */
  threshold: number;
  /** report_only_after_minimum_date, YYYY-MM-DD: older lines are not emailed about. */
  minimumDate: string;
  /** Public base URL for links, with a scheme and without a trailing slash. */
  hostname: string;
  /** email_domain_name */
  emailDomainName: string;
  /** ignore_vcs_email_domain */
  ignoreVcsEmailDomain: boolean;
  /** Who hears about problems; null: nobody. */
  defaultContact: string | null;
  /** The From address. */
  from: string;
}

/** Picks the email settings out of the configuration (From defaults to error_report@<email_domain_name>). */
export function notifySettingsFrom(config: Config): NotifySettings {
  return {
    threshold: config.report_error_threshold,
    minimumDate: config.report_only_after_minimum_date,
    hostname: config.hostname.replace(/\/+$/, ''),
    emailDomainName: config.email_domain_name,
    ignoreVcsEmailDomain: config.ignore_vcs_email_domain,
    defaultContact: config.default_contact,
    from: config.smtp_from ?? `error_report@${config.email_domain_name}`,
  };
}
