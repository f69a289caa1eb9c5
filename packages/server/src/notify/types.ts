/** One email, fully rendered, as it waits in the outbox. */
export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** An email the pipeline decided to send, with the key that makes it happen once. */
export interface EmailDraft extends EmailMessage {
  /** Unique across instances and restarts: the same dedupe key is never sent twice. */
  dedupeKey: string;
  /** 'error' for a developer email, 'problem' for a note to default_contact. */
  kind: 'error' | 'problem';
}

/** Where rendered emails go: an SMTP server, or .eml files. */
export interface MailTransport {
  /** Delivers one message; throws on failure (the outbox retries). */
  send(message: EmailMessage & { from: string; messageId: string }): Promise<void>;
  close(): Promise<void>;
}
