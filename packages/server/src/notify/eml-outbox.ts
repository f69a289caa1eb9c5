import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { mailOptions } from './mail-options';
import type { MailTransport } from './types';

/** A Message-ID as a file name part: only safe characters, bounded length. */
function safeId(messageId: string): string {
  return (
    messageId
      .replace(/^<|>$/g, '')
      .replace(/[^A-Za-z0-9._@-]+/g, '_')
      .slice(0, 120) || 'message'
  );
}

/** 2024-01-31T12:00:00.123Z → 20240131T120000123Z: sorts by time and is valid on every file system. */
const stamp = (date: Date) => date.toISOString().replace(/[-:.]/g, '');

/**
 * Writes each email as an RFC 822 `.eml` file in `dir`, named `<timestamp>-<message id>.eml`:
 * the outbox used when no SMTP server is configured. A file is written to a temporary
 * name, synced, and renamed, so a reader never sees half a message. A message whose
 * Message-ID already has a file is not written again (a retry after a crash).
 */
export function createEmlTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const id = safeId(message.messageId);
      const suffix = `-${id}.eml`;
      if ((await readdir(dir)).some((name) => name.endsWith(suffix))) return;
      const info = await composer.sendMail(mailOptions(message));
      if (!Buffer.isBuffer(info.message)) throw new Error('nodemailer did not buffer the message');
      // nodemailer leaves a body's bare LFs alone (its SMTP client fixes them on the wire);
      // a file has no wire, so make every line end CRLF as RFC 822 wants. latin1 keeps bytes.
      const raw = Buffer.from(info.message.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      const tmp = join(dir, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
      const file = await open(tmp, 'wx');
      try {
        await file.writeFile(raw);
        await file.sync();
      } catch (err) {
        await file.close();
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
      await file.close();
      await rename(tmp, join(dir, `${stamp(new Date())}${suffix}`));
    },
    async close() {
      // Nothing is held open between messages.
    },
  };
}
