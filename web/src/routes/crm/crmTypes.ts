/** Shapes of the CRM API (src/modules/crm/crm.schema.ts). Money is in minor units beside an ISO 4217 code. */

export type EmailType = 'work' | 'home' | 'other';
export type PhoneType = 'work' | 'mobile' | 'home' | 'fax' | 'other';
export type LeadStatus = 'new' | 'in_progress' | 'qualified' | 'converted' | 'lost';
export type LeadSource = 'website' | 'referral' | 'email' | 'call' | 'event' | 'advertising' | 'social' | 'other';
export type StageKind = 'open' | 'won' | 'lost';
export type ActivityKind = 'note' | 'call' | 'email' | 'meeting' | 'task';
export type RecordType = 'company' | 'contact' | 'lead' | 'deal';

export interface Company {
  id: string;
  name: string;
  website: string | null;
  industry: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  companyId: string | null;
  companyName: string | null;
  jobTitle: string | null;
  emails: { value: string; type: EmailType }[];
  phones: { value: string; type: PhoneType }[];
  ownerId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Lead {
  id: string;
  title: string;
  name: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  status: LeadStatus;
  source: LeadSource;
  amount: number | null;
  currency: string | null;
  ownerId: string | null;
  notes: string | null;
  convertedAt: string | null;
  convertedContactId: string | null;
  convertedCompanyId: string | null;
  convertedDealId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Stage {
  id: string;
  name: string;
  kind: StageKind;
  position: number;
}

export interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  stages: Stage[];
  createdAt: string;
  updatedAt: string;
}

export interface Board {
  pipeline: Pipeline;
  stages: (Stage & { dealCount: number; totals: { currency: string; amount: number }[] })[];
}

export interface Deal {
  id: string;
  title: string;
  amount: number;
  currency: string;
  pipelineId: string;
  stageId: string;
  status: StageKind;
  position: number;
  contactId: string | null;
  contactName: string | null;
  companyId: string | null;
  companyName: string | null;
  ownerId: string | null;
  expectedCloseDate: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StageChange {
  id: string;
  dealId: string;
  fromStageId: string;
  toStageId: string;
  changedBy: string | null;
  changedAt: string;
}

export interface Activity {
  id: string;
  kind: ActivityKind;
  subject: string | null;
  body: string;
  occurredAt: string;
  recordType: RecordType | 'task' | 'event';
  recordId: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const EMAIL_TYPES: EmailType[] = ['work', 'home', 'other'];
export const PHONE_TYPES: PhoneType[] = ['work', 'mobile', 'home', 'fax', 'other'];
export const LEAD_STATUSES: LeadStatus[] = ['new', 'in_progress', 'qualified', 'converted', 'lost'];
export const LEAD_SOURCES: LeadSource[] = ['website', 'referral', 'email', 'call', 'event', 'advertising', 'social', 'other'];
export const ACTIVITY_KINDS: ActivityKind[] = ['note', 'call', 'email', 'meeting', 'task'];

/** "in_progress" → "In progress". */
export const label = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replace(/_/g, ' ');
