import nodemailer from 'nodemailer';
import { mailOptions } from './mail-options';
import type { MailTransport } from './types';

export interface SmtpOptions {
  host: string;
  port: number;
  user?: string | null;
  password?: string | null;
  /** Require STARTTLS: never send in the clear when the server does not offer it. */
  useTls?: boolean;
  /** Bound on connecting, the greeting and every command: a slow server cannot hang a send. */
  timeoutMs: number;
  /** TLS options (tests use them to trust a self-signed certificate). */
  tls?: { rejectUnauthorized?: boolean; ca?: string | Buffer };
}

/**
 * Sends through an SMTP server with nodemailer: multipart/alternative (text + HTML),
 * UTF-8, the given Message-ID. Port 465 uses implicit TLS; with `useTls` other ports
 * require STARTTLS. Every phase has a timeout, unlike the original, where a slow mail
 * server hung request threads forever.
 */
export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: 2,
    host: options.host,
    port: options.port,
    secure: options.port === 465,
    requireTLS: options.useTls === true && options.port !== 465,
    auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    tls: options.tls,
  });
  return {
    async send(message) {
      const info = await transporter.sendMail(mailOptions(message));
      // nodemailer resolves when at least one recipient was accepted; none accepted is a failure.
      if (info.accepted.length === 0) throw new Error(`SMTP server accepted no recipient: ${info.response}`);
    },
    async close() {
      transporter.close();
    },
  };
}
