export type MailStatus = 'queued' | 'sent' | 'failed' | 'stored';

export interface MailRow {
  id: string;
  /** Null for mail that belongs to no portal (e.g. an operator's, or a deletion receipt). */
  portal_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** JSON array of {filename, contentType, content(base64)} or null. */
  attachments: string | null;
  /** JSON object of extra headers (e.g. Auto-Submitted) or null. */
  headers: string | null;
  /** The iTIP method of the text/calendar alternative (RFC 6047), e.g. REQUEST or CANCEL; null: no invitation. */
  calendar_method: string | null;
  /** The iCalendar document sent inline as that alternative. */
  calendar_body: string | null;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface MailTables {
  mail_outbox: MailRow;
}
