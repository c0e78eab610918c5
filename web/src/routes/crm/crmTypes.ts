/** Shapes of the CRM API, from the generated OpenAPI types. Money is in minor units beside an ISO 4217 code. */
import type { Schema } from '../../api/types';

export type Company = Schema<'Company'>;
export type Contact = Schema<'Contact'>;
export type Lead = Schema<'Lead'>;
export type Stage = Schema<'PipelineStage'>;
export type Pipeline = Schema<'Pipeline'>;
export type Board = Schema<'PipelineBoard'>;
export type Deal = Schema<'Deal'>;
export type StageChange = Schema<'DealStageChange'>;
export type Activity = Schema<'Activity'>;

export type EmailType = Schema<'ContactEmail'>['type'];
export type PhoneType = Schema<'ContactPhone'>['type'];
export type LeadStatus = Lead['status'];
export type LeadSource = Lead['source'];
export type StageKind = Stage['kind'];
export type ActivityKind = Activity['kind'];
/** The CRM records activities hang off in this app (the server also allows tasks and events). */
export type RecordType = Exclude<Activity['recordType'], 'task' | 'event'>;

export const EMAIL_TYPES: EmailType[] = ['work', 'home', 'other'];
export const PHONE_TYPES: PhoneType[] = ['work', 'mobile', 'home', 'fax', 'other'];
export const LEAD_STATUSES: LeadStatus[] = ['new', 'in_progress', 'qualified', 'converted', 'lost'];
export const LEAD_SOURCES: LeadSource[] = ['website', 'referral', 'email', 'call', 'event', 'advertising', 'social', 'other'];
export const ACTIVITY_KINDS: ActivityKind[] = ['note', 'call', 'email', 'meeting', 'task'];

/** "in_progress" → "In progress". */
export const label = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replace(/_/g, ' ');
