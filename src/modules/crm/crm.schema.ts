import { z } from 'zod';
import { pageQuery, sortQuery } from '../../kernel/pagination.js';
import { httpUrl } from '../../kernel/url.js';

// --- Building blocks ------------------------------------------------------------------------

const required = (max: number) => z.string().trim().min(1, { message: 'is required' }).max(max);
/** An optional text field; an empty string clears it (stored as null). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const idSchema = z.string().min(1).max(100);
export const refSchema = idSchema.nullable().optional();
export const idParams = z.object({ id: idSchema });
const email = z.email({ message: 'must be an email address' }).max(254);
const optionalEmail = z.preprocess(blankToNull, email.nullable().optional());
export const phoneValue = z
  .string()
  .trim()
  .max(50)
  .refine((v) => (v.match(/\d/g)?.length ?? 0) >= 3, { message: 'must contain at least 3 digits' });
const optionalPhone = z.preprocess(blankToNull, phoneValue.nullable().optional());
export const amountSchema = z.number().int({ message: 'must be a whole number of minor units (cents)' }).min(0).max(Number.MAX_SAFE_INTEGER);
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code of 3 uppercase letters, such as EUR' });
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' }).transform((v) => new Date(v).toISOString());

/** `?q=&sort=&limit=&cursor=` for a list sorted by one of `sorts`. */
function listQuery<const F extends readonly [string, ...string[]]>(sorts: F, fallback: `${'' | '-'}${F[number]}`) {
  return pageQuery.extend({ q: z.string().trim().max(200).optional(), sort: sortQuery(sorts, fallback) });
}
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const EMAIL_TYPES = ['work', 'home', 'other'] as const;
export const PHONE_TYPES = ['work', 'mobile', 'home', 'fax', 'other'] as const;
export const LEAD_STATUSES = ['new', 'in_progress', 'qualified', 'converted', 'lost'] as const;
export const LEAD_SOURCES = ['website', 'referral', 'email', 'call', 'event', 'advertising', 'social', 'other'] as const;
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const DEAL_STATUSES = STAGE_KINDS;
export const ACTIVITY_KINDS = ['note', 'call', 'email', 'meeting', 'task'] as const;
export const ACTIVITY_RECORD_TYPES = ['company', 'contact', 'lead', 'deal', 'task', 'event'] as const;

// --- Companies --------------------------------------------------------------------------------

const companyFields = {
  website: httpUrl(300),
  industry: optionalText(120),
  phone: optionalPhone,
  email: optionalEmail,
  address: optionalText(500),
  notes: optionalText(20_000),
  ownerId: refSchema,
};
export const companyCreate = z.object({ name: required(200), ...companyFields });
export const companyUpdate = z.object({ name: required(200).optional(), ...companyFields });
export const companyOut = z
  .object({
    id: z.string(),
    name: z.string(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable(),
    ownerId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Company' });
export const companyList = listQuery(['name', 'createdAt', 'updatedAt'], 'name').extend({ ownerId: idSchema.optional() });
export const companyPage = page(companyOut);

// --- Contacts ---------------------------------------------------------------------------------

export const contactEmail = z.object({ value: email, type: z.enum(EMAIL_TYPES).default('work') }).meta({ id: 'ContactEmail' });
export const contactPhone = z.object({ value: phoneValue, type: z.enum(PHONE_TYPES).default('work') }).meta({ id: 'ContactPhone' });
const contactFields = {
  lastName: z.string().trim().max(120).optional(),
  companyId: refSchema,
  jobTitle: optionalText(200),
  emails: z.array(contactEmail).max(20).optional(),
  phones: z.array(contactPhone).max(20).optional(),
  ownerId: refSchema,
  notes: optionalText(20_000),
};
export const contactCreate = z.object({ firstName: required(120), ...contactFields });
export const contactUpdate = z.object({ firstName: required(120).optional(), ...contactFields });
export const contactOut = z
  .object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    emails: z.array(z.object({ value: z.string(), type: z.enum(EMAIL_TYPES) })),
    phones: z.array(z.object({ value: z.string(), type: z.enum(PHONE_TYPES) })),
    ownerId: z.string().nullable(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });
export const contactList = listQuery(['name', 'createdAt', 'updatedAt'], 'name').extend({ companyId: idSchema.optional(), ownerId: idSchema.optional() });
export const contactPage = page(contactOut);

// --- Leads ------------------------------------------------------------------------------------

/** Every status but `converted`, which only the convert action sets. */
const settableLeadStatus = z.enum(LEAD_STATUSES).refine((s) => s !== 'converted', { message: 'is set by converting the lead' });
const leadFields = {
  name: optionalText(200),
  companyName: optionalText(200),
  email: optionalEmail,
  phone: optionalPhone,
  source: z.enum(LEAD_SOURCES).optional(),
  status: settableLeadStatus.optional(),
  amount: amountSchema.nullable().optional(),
  currency: currencySchema.nullable().optional(),
  ownerId: refSchema,
  notes: optionalText(20_000),
};
const amountNeedsCurrency = (v: { amount?: number | null; currency?: string | null }) => v.amount == null || v.currency != null;
export const leadCreate = z
  .object({ title: required(200), ...leadFields })
  .refine(amountNeedsCurrency, { path: ['currency'], message: 'is required with an amount' });
export const leadUpdate = z.object({ title: required(200).optional(), ...leadFields });
export const leadOut = z
  .object({
    id: z.string(),
    title: z.string(),
    name: z.string().nullable(),
    companyName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(LEAD_STATUSES),
    source: z.enum(LEAD_SOURCES),
    amount: z.number().nullable(),
    currency: z.string().nullable(),
    ownerId: z.string().nullable(),
    notes: z.string().nullable(),
    convertedAt: z.string().nullable(),
    convertedContactId: z.string().nullable(),
    convertedCompanyId: z.string().nullable(),
    convertedDealId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Lead' });
export const leadList = listQuery(['title', 'createdAt', 'updatedAt'], '-createdAt').extend({
  status: z.enum(LEAD_STATUSES).optional(),
  ownerId: idSchema.optional(),
});
export const leadPage = page(leadOut);
export const leadConvert = z.object({ createDeal: z.boolean().default(false), pipelineId: idSchema.optional(), stageId: idSchema.optional() });
export const leadConversionOut = z
  .object({ contactId: z.string(), companyId: z.string().nullable(), dealId: z.string().nullable() })
  .meta({ id: 'LeadConversion' });

// --- Pipelines --------------------------------------------------------------------------------

export const stageIn = z.object({
  id: idSchema.optional(),
  name: required(80),
  kind: z.enum(STAGE_KINDS).default('open'),
  position: z.number().int().min(0).max(1000).optional(),
});
export const pipelineCreate = z.object({ name: required(120), stages: z.array(stageIn).min(1).max(50).optional(), isDefault: z.boolean().optional() });
export const pipelineUpdate = z.object({
  name: required(120).optional(),
  stages: z.array(stageIn).min(1).max(50).optional(),
  isDefault: z.literal(true, { message: 'can only be set to true; make another pipeline the default instead' }).optional(),
  /** Where the deals of removed stages go. */
  moveDealsToStageId: idSchema.optional(),
});
export const stageOut = z.object({ id: z.string(), name: z.string(), kind: z.enum(STAGE_KINDS), position: z.number() }).meta({ id: 'PipelineStage' });
export const pipelineOut = z
  .object({ id: z.string(), name: z.string(), isDefault: z.boolean(), stages: z.array(stageOut), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Pipeline' });
export const pipelineList = listQuery(['name', 'createdAt', 'updatedAt'], 'name');
export const pipelinePage = page(pipelineOut);
export const moneyOut = z.object({ currency: z.string(), amount: z.number() }).meta({ id: 'MoneyTotal' });
export const boardOut = z
  .object({
    pipeline: pipelineOut,
    stages: z.array(stageOut.extend({ dealCount: z.number(), totals: z.array(moneyOut) })),
  })
  .meta({ id: 'PipelineBoard' });

// --- Deals ------------------------------------------------------------------------------------

const dealFields = {
  contactId: refSchema,
  companyId: refSchema,
  ownerId: refSchema,
  expectedCloseDate: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }).nullable().optional(),
  /** 0-based index within the stage; the end of the column when left out. */
  position: z.number().int().min(0).max(1_000_000).optional(),
};
export const dealCreate = z.object({
  title: required(200),
  amount: amountSchema.default(0),
  currency: currencySchema.optional(),
  pipelineId: idSchema.optional(),
  stageId: idSchema.optional(),
  ...dealFields,
});
export const dealUpdate = z.object({
  title: required(200).optional(),
  amount: amountSchema.optional(),
  currency: currencySchema.optional(),
  pipelineId: idSchema.optional(),
  stageId: idSchema.optional(),
  ...dealFields,
});
export const dealOut = z
  .object({
    id: z.string(),
    title: z.string(),
    amount: z.number(),
    currency: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    status: z.enum(DEAL_STATUSES),
    position: z.number(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
    ownerId: z.string().nullable(),
    expectedCloseDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Deal' });
export const dealList = listQuery(['title', 'createdAt', 'updatedAt', 'amount', 'position'], '-createdAt').extend({
  pipelineId: idSchema.optional(),
  stageId: idSchema.optional(),
  ownerId: idSchema.optional(),
  companyId: idSchema.optional(),
  contactId: idSchema.optional(),
});
export const dealPage = page(dealOut);
export const stageChangeOut = z
  .object({ id: z.string(), dealId: z.string(), fromStageId: z.string(), toStageId: z.string(), changedBy: z.string().nullable(), changedAt: z.string() })
  .meta({ id: 'DealStageChange' });
export const stageChangeList = pageQuery;
export const stageChangePage = page(stageChangeOut);

// --- Activities -------------------------------------------------------------------------------

export const activityCreate = z.object({
  kind: z.enum(ACTIVITY_KINDS).default('note'),
  subject: optionalText(300),
  body: required(20_000),
  occurredAt: instant.optional(),
  recordType: z.enum(ACTIVITY_RECORD_TYPES),
  recordId: idSchema,
});
export const activityUpdate = z.object({
  kind: z.enum(ACTIVITY_KINDS).optional(),
  subject: optionalText(300),
  body: required(20_000).optional(),
  occurredAt: instant.optional(),
});
export const activityOut = z
  .object({
    id: z.string(),
    kind: z.enum(ACTIVITY_KINDS),
    subject: z.string().nullable(),
    body: z.string(),
    occurredAt: z.string(),
    recordType: z.enum(ACTIVITY_RECORD_TYPES),
    recordId: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Activity' });
export const activityList = listQuery(['occurredAt', 'subject', 'createdAt', 'updatedAt'], '-occurredAt')
  .extend({ recordType: z.enum(ACTIVITY_RECORD_TYPES).optional(), recordId: idSchema.optional(), kind: z.enum(ACTIVITY_KINDS).optional() })
  .refine((v) => !v.recordId || v.recordType, { path: ['recordType'], message: 'is required with recordId' });
export const activityPage = page(activityOut);

export type CompanyCreate = z.infer<typeof companyCreate>;
export type CompanyUpdate = z.infer<typeof companyUpdate>;
export type CompanyOut = z.infer<typeof companyOut>;
export type ContactCreate = z.infer<typeof contactCreate>;
export type ContactUpdate = z.infer<typeof contactUpdate>;
export type ContactOut = z.infer<typeof contactOut>;
export type LeadCreate = z.infer<typeof leadCreate>;
export type LeadUpdate = z.infer<typeof leadUpdate>;
export type LeadOut = z.infer<typeof leadOut>;
export type LeadConvert = z.infer<typeof leadConvert>;
export type PipelineCreate = z.infer<typeof pipelineCreate>;
export type PipelineUpdate = z.infer<typeof pipelineUpdate>;
export type PipelineOut = z.infer<typeof pipelineOut>;
export type StageIn = z.infer<typeof stageIn>;
export type DealCreate = z.infer<typeof dealCreate>;
export type DealUpdate = z.infer<typeof dealUpdate>;
export type DealOut = z.infer<typeof dealOut>;
export type ActivityCreate = z.infer<typeof activityCreate>;
export type ActivityUpdate = z.infer<typeof activityUpdate>;
export type ActivityOut = z.infer<typeof activityOut>;
export type CompanyListQuery = z.infer<typeof companyList>;
export type ContactListQuery = z.infer<typeof contactList>;
export type LeadListQuery = z.infer<typeof leadList>;
export type DealListQuery = z.infer<typeof dealList>;
export type PipelineListQuery = z.infer<typeof pipelineList>;
export type ActivityListQuery = z.infer<typeof activityList>;
