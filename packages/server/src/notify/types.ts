import type { EmailMessage } from '../store/types';

/** Where rendered emails go: an SMTP server, or .eml files. */
export interface MailTransport {
  /** Delivers one message; throws on failure (the outbox retries). */
  send(message: EmailMessage & { from: string; messageId: string }): Promise<void>;
  close(): Promise<void>;
}
