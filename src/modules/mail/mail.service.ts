import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/scope.js';
import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { scopeOf } from '../../kernel/context.js';
import { PermanentJobError, type JobHandler } from '../../kernel/jobs/runner.js';
import { keyset, toPage } from '../../kernel/pagination.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /** Extra headers. Every mail gets `Auto-Submitted: auto-generated` (RFC 3834): the app writes them all, no person does. */
  headers?: Record<string, string>;
  /**
   * An iTIP message (RFC 5546) sent as iMIP (RFC 6047): a `text/calendar; method=…` part
   * beside the text and HTML in the multipart/alternative, which calendar clients read
   * as an invitation (REQUEST), or its withdrawal (CANCEL). ADR 0029.
   */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** RFC 3834: mail the app sends by itself, so that auto-responders do not answer it. */
export const AUTO_SUBMITTED = { 'Auto-Submitted': 'auto-generated' } as const;

export const MAIL_SEND_JOB = 'mail.send';

/**
 * Queues a mail: a row in the outbox and a job to deliver it, both written with
 * the caller's transaction, so a mail goes out if and only if the change commits.
 */
export async function queueMail(deps: AppDeps, executor: Executor, portalId: string | null, msg: MailMessage): Promise<string> {
  const id = randomUUID();
  const now = deps.clock.now(portalId).toISOString();
  await executor
    .insertInto('mail_outbox')
    .values({
      id,
      portal_id: portalId,
      to_address: msg.to,
      subject: msg.subject,
      text_body: msg.text,
      html_body: msg.html ?? null,
      attachments: msg.attachments
        ? JSON.stringify(msg.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('base64') })))
        : null,
      headers: JSON.stringify({ ...AUTO_SUBMITTED, ...msg.headers }),
      calendar_method: msg.calendar?.method ?? null,
      calendar_body: msg.calendar?.content ?? null,
      status: 'queued',
      attempts: 0,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
  await deps.jobs.enqueue(executor, MAIL_SEND_JOB, { mailId: id }, { portalId, maxAttempts: 10 });
  return id;
}

export const sendMailJob: JobHandler<{ mailId: string }> = async (deps, job) => {
  const mail = await deps.db.selectFrom('mail_outbox').selectAll().where('id', '=', job.payload.mailId).executeTakeFirst();
  if (!mail) throw new PermanentJobError(`mail ${job.payload.mailId} no longer exists`);
  if (mail.status === 'sent' || mail.status === 'stored') return; // delivered by an earlier attempt
  const now = () => deps.clock.now(mail.portal_id).toISOString();
  if (deps.mail.kind === 'outbox') {
    await deps.db.updateTable('mail_outbox').set({ status: 'stored', sent_at: now() }).where('id', '=', mail.id).execute();
    return;
  }
  try {
    await deps.mail.send({
      from: deps.config.MAIL_FROM,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.text_body,
      html: mail.html_body,
      headers: mail.headers ? (JSON.parse(mail.headers) as Record<string, string>) : undefined,
      calendar: mail.calendar_method && mail.calendar_body !== null ? { method: mail.calendar_method, content: mail.calendar_body } : undefined,
      attachments: mail.attachments
        ? (JSON.parse(mail.attachments) as { filename: string; contentType: string; content: string }[]).map((a) => ({
            ...a,
            content: Buffer.from(a.content, 'base64'),
          }))
        : undefined,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.db
      .updateTable('mail_outbox')
      .set({ attempts: mail.attempts + 1, last_error: message, status: job.attempt >= 10 ? 'failed' : 'queued' })
      .where('id', '=', mail.id)
      .execute();
    throw err;
  }
  await deps.db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: now(), attempts: mail.attempts + 1, last_error: null })
    .where('id', '=', mail.id)
    .execute();
};

export async function listOutbox(ctx: PortalContext, opts: { limit: number; cursor?: string }) {
  let q = scopeOf(ctx).selectFrom('mail_outbox').select(['id', 'to_address', 'subject', 'text_body', 'status', 'created_at', 'sent_at']);
  q = keyset(q, { column: 'created_at', direction: 'desc' }, 'id', opts.cursor, opts.limit);
  const { page, nextCursor } = toPage(await q.execute(), opts.limit, (r) => ({ v: r.created_at, id: r.id }));
  return {
    nextCursor,
    items: page.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      text: r.text_body,
      status: r.status,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
  };
}
