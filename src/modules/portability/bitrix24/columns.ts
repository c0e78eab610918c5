import { headerKey } from '../values.js';

/**
 * How Bitrix24's list exports name their columns (pure), and which field of ours
 * each one fills. Every column is known by the English name its UI shows (what the
 * "CSV" and "Excel" exports write as the header) and by its field code (what an
 * export with field codes, or the REST API, writes). Researched from Bitrix24's own
 * list components and language files; see docs/migrate-from-bitrix24.md.
 *
 * Targets are our import fields (see csv-fields.ts) plus a few of the migration's own:
 * bitrixId (the source's ID, for links), middleName, dealStatus, crmLinks, closedAt.
 */

export type BitrixEntity = 'companies' | 'contacts' | 'leads' | 'deals' | 'tasks';

export interface BitrixColumn {
  target: string;
  /** The parser that reads the cell (see bitrix.values.ts). */
  kind: 'text' | 'url' | 'phones' | 'emails' | 'money' | 'moneyCurrency' | 'date' | 'instant' | 'duration' | 'crmLinks';
  /** For phones and emails: the type the values get. */
  type?: string;
  names: string[];
}

const c = (target: string, kind: BitrixColumn['kind'], names: string[], type?: string): BitrixColumn => ({ target, kind, names, ...(type ? { type } : {}) });

/** The multi-fields (CCrmFieldMulti) every CRM entity exports: a column per type of phone, email and website. */
const phones = [
  c('workPhone', 'phones', ['Work Phone', 'PHONE_WORK'], 'work'),
  c('mobilePhone', 'phones', ['Mobile', 'Mobile Phone', 'PHONE_MOBILE'], 'mobile'),
  c('fax', 'phones', ['Fax', 'PHONE_FAX'], 'fax'),
  c('homePhone', 'phones', ['Home Phone', 'PHONE_HOME'], 'home'),
  c('phones', 'phones', ['Pager Number', 'PHONE_PAGER', 'SMS marketing phone', 'PHONE_MAILING', 'Other Phone Number', 'PHONE_OTHER'], 'other'),
  c('phones', 'phones', ['Phone', 'PHONE'], 'work'),
];
const emails = [
  c('workEmail', 'emails', ['Work E-mail', 'EMAIL_WORK'], 'work'),
  c('homeEmail', 'emails', ['Home E-mail', 'Private E-mail', 'EMAIL_HOME'], 'home'),
  c('otherEmail', 'emails', ['Newsletters email', 'EMAIL_MAILING', 'Other E-mail', 'EMAIL_OTHER'], 'other'),
  c('emails', 'emails', ['E-mail', 'Email', 'EMAIL'], 'work'),
];
const websites = [c('website', 'url', ['Corporate Website', 'WEB_WORK', 'Site', 'Website', 'WEB', 'Personal Page', 'WEB_HOME', 'Other Website', 'WEB_OTHER'])];
const common = [
  c('bitrixId', 'text', ['ID']),
  c('owner', 'text', ['Responsible', 'Responsible person', 'ASSIGNED_BY', 'ASSIGNED_BY_ID', 'ASSIGNED_BY_NAME']),
  c('createdAt', 'instant', ['Created', 'DATE_CREATE']),
  c('notes', 'text', ['Comment', 'Comments', 'COMMENTS']),
];

export const BITRIX_COLUMNS: Record<BitrixEntity, BitrixColumn[]> = {
  companies: [
    ...common,
    c('name', 'text', ['Company Name', 'Company', 'TITLE']),
    c('industry', 'text', ['Industry', 'INDUSTRY']),
    c('address', 'text', ['Address', 'ADDRESS', 'Legal address', 'ADDRESS_LEGAL', 'REG_ADDRESS']),
    ...phones,
    ...emails,
    ...websites,
  ],
  contacts: [
    ...common,
    c('firstName', 'text', ['First Name', 'Name', 'NAME']),
    c('middleName', 'text', ['Middle Name', 'Second Name', 'SECOND_NAME']),
    c('lastName', 'text', ['Last Name', 'LAST_NAME']),
    c('fullName', 'text', ['First and Last Names', 'Full name', 'FULL_NAME']),
    c('jobTitle', 'text', ['Position', 'POST']),
    c('company', 'text', ['Company', 'Company Name', 'COMPANY_ID', 'COMPANY_TITLE']),
    c('address', 'text', ['Address', 'ADDRESS']),
    ...phones,
    ...emails,
  ],
  leads: [
    ...common,
    c('title', 'text', ['Lead Name', 'Lead', 'TITLE']),
    c('firstName', 'text', ['First Name', 'Name', 'NAME']),
    c('middleName', 'text', ['Middle Name', 'SECOND_NAME']),
    c('lastName', 'text', ['Last Name', 'LAST_NAME']),
    c('fullName', 'text', ['Full name', 'FULL_NAME']),
    c('companyName', 'text', ['Company Name', 'COMPANY_TITLE']),
    c('status', 'text', ['Status', 'STATUS_ID']),
    c('source', 'text', ['Source', 'SOURCE_ID']),
    c('amount', 'money', ['Opportunity', 'Total', 'Income', 'OPPORTUNITY']),
    c('currency', 'text', ['Currency', 'CURRENCY_ID']),
    c('amountCurrency', 'moneyCurrency', ['Amount/Currency']),
    ...phones,
    ...emails,
  ],
  deals: [
    ...common,
    c('title', 'text', ['Deal Name', 'Deal', 'TITLE']),
    c('pipeline', 'text', ['Pipeline', 'CATEGORY_ID', 'Category']),
    c('stage', 'text', ['Stage', 'STAGE_ID']),
    c('dealStatus', 'text', ['Deal status', 'STAGE_SEMANTIC_ID']),
    c('amount', 'money', ['Income', 'Opportunity', 'OPPORTUNITY']),
    c('currency', 'text', ['Currency', 'CURRENCY_ID']),
    c('amountCurrency', 'moneyCurrency', ['Amount/Currency']),
    c('contact', 'text', ['Contact', 'CONTACT_ID', 'CONTACT_FULL_NAME']),
    c('company', 'text', ['Company', 'COMPANY_ID', 'COMPANY_TITLE']),
    c('expectedCloseDate', 'date', ['Assumed close date', 'Estimated close date', 'CLOSEDATE']),
  ],
  tasks: [
    c('bitrixId', 'text', ['ID']),
    c('title', 'text', ['Task', 'Name', 'TITLE']),
    c('description', 'text', ['Description', 'DESCRIPTION']),
    c('status', 'text', ['Status', 'REAL_STATUS', 'STATUS']),
    c('priority', 'text', ['Priority', 'PRIORITY']),
    c('assignee', 'text', ['Responsible person', 'Responsible', 'Assignee', 'RESPONSIBLE_NAME', 'RESPONSIBLE_ID']),
    c('dueAt', 'instant', ['Deadline', 'DEADLINE']),
    c('estimateMinutes', 'duration', ['Planned duration', 'Time estimate', 'TIME_ESTIMATE']),
    c('project', 'text', ['Project', 'Group', 'GROUP_NAME', 'GROUP_ID']),
    c('tags', 'text', ['Tags', 'TAG']),
    c('crmLinks', 'crmLinks', ['CRM', 'UF_CRM_TASK']),
    c('createdAt', 'instant', ['Created on', 'CREATED_DATE']),
    c('closedAt', 'instant', ['Closed on', 'CLOSED_DATE']),
  ],
};

/** Which column of a Bitrix24 header goes where; columns we do not take are listed so the report can name them. */
export function matchBitrixColumns(entity: BitrixEntity, header: string[]): { columns: (BitrixColumn | null)[]; unused: string[] } {
  const known = BITRIX_COLUMNS[entity];
  const singles = new Set<string>();
  const columns = header.map((h) => {
    const key = headerKey(h);
    if (!key) return null;
    const col = known.find((k) => k.names.some((n) => headerKey(n) === key)) ?? null;
    // A single-valued target takes its first column (e.g. "Company" and "COMPANY_ID" both there).
    if (col && col.kind !== 'phones' && col.kind !== 'emails') {
      if (singles.has(col.target)) return null;
      singles.add(col.target);
    }
    return col;
  });
  return { columns, unused: header.filter((h, i) => headerKey(h) && !columns[i]) };
}

/** Bitrix24's status and priority names (English UI), mapped to ours. */
export const BITRIX_TASK_STATUS: Record<string, string> = {
  new: 'todo',
  pending: 'todo',
  '1': 'todo',
  '2': 'todo',
  'in progress': 'in_progress',
  '3': 'in_progress',
  'pending review': 'in_progress',
  'supposedly completed': 'in_progress',
  '4': 'in_progress',
  completed: 'done',
  '5': 'done',
  deferred: 'todo',
  '6': 'todo',
  declined: 'done',
  '7': 'done',
};
export const BITRIX_TASK_PRIORITY: Record<string, string> = {
  low: 'low',
  '0': 'low',
  medium: 'normal',
  normal: 'normal',
  '1': 'normal',
  high: 'high',
  '2': 'high',
};
export const BITRIX_LEAD_STATUS: Record<string, string> = {
  unassigned: 'new',
  new: 'new',
  'in progress': 'in_progress',
  'in process': 'in_progress',
  in_process: 'in_progress',
  processed: 'qualified',
  'good lead': 'qualified',
  converted: 'qualified',
  'junk lead': 'lost',
  junk: 'lost',
};
export const BITRIX_LEAD_SOURCE: Record<string, string> = {
  website: 'website',
  web: 'website',
  'crm form': 'website',
  webform: 'website',
  'online store': 'website',
  store: 'website',
  call: 'call',
  callback: 'call',
  'call tracker': 'call',
  'e-mail': 'email',
  email: 'email',
  'by recommendation': 'referral',
  recommendation: 'referral',
  'existing client': 'referral',
  partner: 'referral',
  'show/exhibition': 'event',
  trade_show: 'event',
  advertising: 'advertising',
  'sales boost': 'advertising',
  other: 'other',
};
/** Default deal stage names (English UI) and what kind of stage each is. */
export const BITRIX_WON_STAGES = ['deal won', 'won'];
export const BITRIX_LOST_STAGES = ['deal lost', 'lost', 'analyze failure', 'analyse failure'];
