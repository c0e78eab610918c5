import type { NotificationRow } from '../../db/tables/notifications.js';
import { escapeHtml } from '../../kernel/text.js';
import type { MailMessage } from '../mail/index.js';
import { SETTINGS_PATH, texts } from './notifications.catalog.js';

/** The mails of notifications: one at once, or the daily digest. Marked as automatic (RFC 3834). */

const AUTO = { 'Auto-Submitted': 'auto-generated' };

type Item = Pick<NotificationRow, 'title' | 'body' | 'url'>;

const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

export function instantMail(baseUrl: string, to: string, n: Item): MailMessage {
  const open = baseUrl + n.url;
  const settings = baseUrl + SETTINGS_PATH;
  return {
    to,
    subject: n.title,
    headers: AUTO,
    text: [n.title, '', n.body, '', `${texts.mail.open} ${open}`, '', '--', `${texts.mail.settings} ${settings}`].join('\n'),
    html: [
      `<p><strong>${escapeHtml(n.title)}</strong></p>`,
      `<p>${escapeHtml(n.body)}</p>`,
      `<p>${escapeHtml(texts.mail.open)} ${link(open, open)}</p>`,
      `<hr><p style="color:#666">${escapeHtml(texts.mail.settings)} ${link(settings, settings)}</p>`,
    ].join('\n'),
  };
}

export function digestMail(baseUrl: string, to: string, items: Item[]): MailMessage {
  const settings = baseUrl + SETTINGS_PATH;
  return {
    to,
    subject: texts.mail.digestSubject(items.length),
    headers: AUTO,
    text: [
      texts.mail.digestIntro(items.length),
      '',
      ...items.flatMap((n) => [`- ${n.title}`, `  ${n.body}`, `  ${baseUrl + n.url}`]),
      '',
      '--',
      `${texts.mail.settings} ${settings}`,
    ].join('\n'),
    html: [
      `<p>${escapeHtml(texts.mail.digestIntro(items.length))}</p>`,
      '<ul>',
      ...items.map((n) => `<li>${link(baseUrl + n.url, n.title)}<br>${escapeHtml(n.body)}</li>`),
      '</ul>',
      `<hr><p style="color:#666">${escapeHtml(texts.mail.settings)} ${link(settings, settings)}</p>`,
    ].join('\n'),
  };
}
