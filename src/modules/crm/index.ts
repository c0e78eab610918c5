// The crm module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { createActivity } from './activities.service.js';
export { createCompany, getCompany, listCompanies, updateCompany } from './companies.service.js';
export { createContact, getContact, insertContact, listContacts, updateContact } from './contacts.service.js';
export { crmRecordExists, crmRecordOwner } from './crm.links.js';
export { crmLookup, crmPortable, crmTables } from './crm.portable.js';
export type { CrmLookup } from './crm.portable.js';
export { crmRoutes } from './crm.routes.js';
export { DEAL_STATUSES, LEAD_SOURCES, LEAD_STATUSES, companyUpdate, contactList, contactUpdate, dealList, dealUpdate, leadUpdate } from './crm.schema.js';
export type { ContactListQuery } from './crm.schema.js';
export { DEFAULT_CURRENCY, createDeal, getDeal, listDeals, updateDeal } from './deals.service.js';
export { convertLead, createLead, getLead, updateLead } from './leads.service.js';
export { splitName } from './names.js';
export { createPipeline, ensureDefaultPipeline, getPipeline, listPipelines } from './pipelines.service.js';
export { recordSearchText } from './search.js';
