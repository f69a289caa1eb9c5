import type { SendMailOptions } from 'nodemailer';
import type { MailTransport } from './types';

/**
 * One message as nodemailer composes it, the same for SMTP and .eml files:
 * multipart/alternative text + HTML in UTF-8, with the outbox's Message-ID.
 */
export function mailOptions(message: Parameters<MailTransport['send']>[0]): SendMailOptions {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    // Non-ASCII text stays readable in raw form (and in .eml files) as quoted-printable.
    textEncoding: 'quoted-printable',
  };
}
