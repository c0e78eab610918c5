import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  headers?: Record<string, string>;
  /** An iTIP message: the last part of the multipart/alternative, `text/calendar; method=…` (RFC 6047 §2.4). */
  calendar?: { method: string; content: string };
}

/** Where mail goes: an SMTP server, or nowhere (it stays in the outbox table). */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailTransport(smtpUrl: string | undefined): MailTransport {
  if (!smtpUrl) {
    return { kind: 'outbox', send: async () => {}, close: () => {} };
  }
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        // Inline only, no invite.ics attachment: the layout Exchange writes (ADR 0029).
        ...(mail.calendar
          ? { alternatives: [{ contentType: `text/calendar; charset=utf-8; method=${mail.calendar.method}`, content: mail.calendar.content }] }
          : {}),
        attachments: mail.attachments,
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
    },
    close: () => transporter.close(),
  };
}
