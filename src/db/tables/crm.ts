// Row types of the crm module's tables (see src/db/types.ts for the conventions).
// `name_key` / `title_key` columns hold searchKey(name): the case- and accent-insensitive
// `name` sort (the same order on SQLite and PostgreSQL) and same-name matching.
// `search_text` holds searchKey of every searchable field plus the digits of phone numbers.

export type EmailType = 'work' | 'home' | 'other';
export type PhoneType = 'work' | 'mobile' | 'home' | 'fax' | 'other';
export type LeadStatus = 'new' | 'in_progress' | 'qualified' | 'converted' | 'lost';
export type LeadSource = 'website' | 'referral' | 'email' | 'call' | 'event' | 'advertising' | 'social' | 'other';
export type StageKind = 'open' | 'won' | 'lost';
export type ActivityKind = 'note' | 'call' | 'email' | 'meeting' | 'task';
export type ActivityRecordType = 'company' | 'contact' | 'lead' | 'deal' | 'task' | 'event';

export interface CompanyRow {
  id: string;
  portal_id: string;
  name: string;
  name_key: string;
  website: string | null;
  industry: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  owner_id: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface ContactRow {
  id: string;
  portal_id: string;
  first_name: string;
  last_name: string;
  name_key: string;
  company_id: string | null;
  job_title: string | null;
  /** JSON: [{ value, type: EmailType }] */
  emails: string;
  /** JSON: [{ value, type: PhoneType }] */
  phones: string;
  owner_id: string | null;
  notes: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface LeadRow {
  id: string;
  portal_id: string;
  title: string;
  title_key: string;
  name: string | null;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  status: LeadStatus;
  source: LeadSource;
  /** Minor units; set together with currency or not at all. */
  amount: number | null;
  currency: string | null;
  owner_id: string | null;
  notes: string | null;
  search_text: string;
  converted_at: string | null;
  converted_contact_id: string | null;
  converted_company_id: string | null;
  converted_deal_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PipelineRow {
  id: string;
  portal_id: string;
  name: string;
  name_key: string;
  /** 1 for exactly one pipeline per portal (a partial unique index keeps it so). */
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface PipelineStageRow {
  id: string;
  portal_id: string;
  pipeline_id: string;
  name: string;
  kind: StageKind;
  /** 0-based order within the pipeline. */
  position: number;
  created_at: string;
  updated_at: string;
}

export interface DealRow {
  id: string;
  portal_id: string;
  title: string;
  title_key: string;
  /** Minor units, >= 0. */
  amount: number;
  currency: string;
  pipeline_id: string;
  stage_id: string;
  /** 0-based order within the stage (the board's column order); kept dense. */
  position: number;
  contact_id: string | null;
  company_id: string | null;
  owner_id: string | null;
  /** YYYY-MM-DD */
  expected_close_date: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

/** One move of a deal between stages; automations trigger on these. */
export interface DealStageChangeRow {
  id: string;
  portal_id: string;
  deal_id: string;
  from_stage_id: string;
  to_stage_id: string;
  changed_by: string | null;
  changed_at: string;
}

export interface ActivityRow {
  id: string;
  portal_id: string;
  kind: ActivityKind;
  subject: string | null;
  /** searchKey(subject), '' when there is none: the `subject` sort. */
  subject_key: string;
  body: string;
  occurred_at: string;
  record_type: ActivityRecordType;
  record_id: string;
  created_by: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface CrmTables {
  companies: CompanyRow;
  contacts: ContactRow;
  leads: LeadRow;
  pipelines: PipelineRow;
  pipeline_stages: PipelineStageRow;
  deals: DealRow;
  deal_stage_changes: DealStageChangeRow;
  activities: ActivityRow;
}
