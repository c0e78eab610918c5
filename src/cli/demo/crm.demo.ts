import type { PortalContext } from '../../kernel/context.js';
import { DAY } from '../../kernel/clock.js';
import { getUsers } from '../../modules/accounts/index.js';
import {
  convertLead,
  createActivity,
  createCompany,
  createContact,
  createDeal,
  createLead,
  createPipeline,
  ensureDefaultPipeline,
  getPipeline,
  listCompanies,
  updateDeal,
} from '../../modules/crm/index.js';

type Ids = Record<string, string>;

const COMPANIES = [
  {
    name: 'Nordwind Logistik GmbH',
    industry: 'Logistics',
    website: 'https://nordwind-logistik.example',
    phone: '+49 40 3187 2200',
    email: 'info@nordwind-logistik.example',
    address: 'Am Sandtorkai 12, 20457 Hamburg',
  },
  {
    name: 'Bäckerei Müller & Söhne',
    industry: 'Food & Beverage',
    website: 'https://baeckerei-mueller.example',
    phone: '+49 89 2345 6780',
    email: 'kontakt@baeckerei-mueller.example',
    address: 'Sendlinger Str. 8, 80331 München',
  },
  {
    name: 'Lumen Solar SARL',
    industry: 'Energy',
    website: 'https://lumen-solar.example',
    phone: '+33 4 72 10 20 30',
    email: 'hello@lumen-solar.example',
    address: '14 Rue de la République, 69002 Lyon',
  },
  {
    name: 'Brightside Dental',
    industry: 'Healthcare',
    website: 'https://brightside-dental.example',
    phone: '+44 20 7946 0018',
    email: 'practice@brightside-dental.example',
    address: '221 Baker Street, London',
  },
  {
    name: 'Kowalski Architekci',
    industry: 'Architecture',
    phone: '+48 22 555 01 77',
    email: 'biuro@kowalski-arch.example',
    address: 'ul. Marszałkowska 104, Warszawa',
  },
  { name: 'Fjord Outdoor AS', industry: 'Retail', website: 'https://fjord-outdoor.example', phone: '+47 22 33 44 55', email: 'post@fjord-outdoor.example' },
  {
    name: 'Greenleaf Property Management',
    industry: 'Real Estate',
    phone: '+1 415 555 0142',
    email: 'office@greenleaf-pm.example',
    address: '500 Market St, San Francisco, CA',
  },
  { name: 'Studio Ñandú', industry: 'Design', website: 'https://studio-nandu.example', phone: '+34 91 123 45 67', email: 'hola@studio-nandu.example' },
] as const;

const CONTACTS = [
  ['Jörg', 'Albrecht', 0, 'Head of Operations'],
  ['Svenja', 'Krüger', 0, 'Procurement'],
  ['Anna', 'Müller', 1, 'Owner'],
  ['Lukas', 'Müller', 1, 'Finance'],
  ['Camille', 'Lefèvre', 2, 'CEO'],
  ['Théo', 'Moreau', 2, 'Project Engineer'],
  ['Priya', 'Shah', 3, 'Practice Manager'],
  ['Tom', 'Hughes', 3, 'Dentist'],
  ['Zofia', 'Kowalska', 4, 'Partner'],
  ['Ingrid', 'Solberg', 5, 'Store Manager'],
  ['Marcus', 'Reed', 6, 'Facilities Director'],
  ['Lucía', 'Fernández', 7, 'Creative Director'],
] as const;

/** A lively CRM for `skit demo`: companies, people, leads in every state, deals across the board, a timeline. */
export async function seedCrmDemo(ctx: PortalContext): Promise<void> {
  // Run once per portal: a second `skit demo` should not duplicate the CRM.
  if ((await listCompanies(ctx, { sort: 'name', limit: 1 })).items.length > 0) return;
  const users = (await getUsers(ctx)).filter((u) => u.status === 'active');
  const owner = (i: number) => users[i % users.length]?.id ?? null;
  const now = ctx.deps.clock.now(ctx.portalId).getTime();
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const at = (offsetDays: number, hour = 10) => new Date(Math.floor((now + offsetDays * DAY) / DAY) * DAY + hour * 3_600_000).toISOString();

  const companies: Ids = {};
  for (const [i, c] of COMPANIES.entries()) companies[c.name] = (await createCompany(ctx, { ...c, ownerId: owner(i) })).id;
  const companyIds = Object.values(companies);

  const contacts: Ids = {};
  const companyOf: Ids = {};
  for (const [i, [firstName, lastName, company, jobTitle]] of CONTACTS.entries()) {
    const domain = (COMPANIES[company].email.split('@')[1] ?? 'example.test').toLowerCase();
    const local = `${firstName}.${lastName}`
      .normalize('NFKD')
      .replace(/[^\w.]/g, '')
      .toLowerCase();
    const contact = await createContact(ctx, {
      firstName,
      lastName,
      companyId: companyIds[company],
      jobTitle,
      emails: [{ value: `${local}@${domain}`, type: 'work' }, ...(i % 3 === 0 ? [{ value: `${local}@mail.example`, type: 'home' as const }] : [])],
      phones: [
        { value: COMPANIES[company].phone.replace(/\d{2}$/, String(10 + i)), type: 'work' },
        ...(i % 2 === 0 ? [{ value: `+49 151 ${String(2000_0000 + i * 7919).slice(0, 8)}`, type: 'mobile' as const }] : []),
      ],
      ownerId: owner(i),
    });
    contacts[`${firstName} ${lastName}`] = contact.id;
    companyOf[`${firstName} ${lastName}`] = companyIds[company]!;
  }

  const sales = await getPipeline(ctx, (await ensureDefaultPipeline(ctx)).id);
  const stage = (name: string) => sales.stages.find((s) => s.name === name)!.id;
  const deals: [string, number, string, string, string, number][] = [
    ['Fleet telematics rollout', 4_800_000, 'EUR', 'Jörg Albrecht', 'Negotiation', 21],
    ['Warehouse scanners (40 units)', 1_250_000, 'EUR', 'Svenja Krüger', 'Proposal', 35],
    ['Online ordering for 6 shops', 890_000, 'EUR', 'Anna Müller', 'Qualified', 45],
    ['Rooftop PV monitoring', 2_150_000, 'EUR', 'Camille Lefèvre', 'New', 60],
    ['Patient booking portal', 640_000, 'GBP', 'Priya Shah', 'Won', -5],
    ['Office refit planning tool', 310_000, 'PLN', 'Zofia Kowalska', 'Lost', -12],
    ['Seasonal staff scheduling', 450_000, 'NOK', 'Ingrid Solberg', 'Proposal', 28],
    ['Tenant service desk', 1_990_000, 'USD', 'Marcus Reed', 'New', 75],
    ['Brand asset library', 275_000, 'EUR', 'Lucía Fernández', 'Qualified', 40],
  ];
  const path = ['New', 'Qualified', 'Proposal', 'Negotiation'];
  for (const [i, [title, amount, currency, person, target, closeIn]] of deals.entries()) {
    const deal = await createDeal(ctx, {
      title,
      amount,
      currency,
      contactId: contacts[person],
      companyId: companyOf[person],
      ownerId: owner(i),
      expectedCloseDate: day(closeIn),
      stageId: stage('New'),
    });
    // Walk the deal through the stages it passed, so that its history reads like a real one.
    const steps = target === 'Won' || target === 'Lost' ? [...path.slice(1, 3), target] : path.slice(1, path.indexOf(target) + 1);
    for (const step of steps) await updateDeal(ctx, deal.id, { stageId: stage(step) });
    await createActivity(ctx, {
      kind: 'call',
      subject: `Kick-off: ${title}`,
      body: 'Walked through requirements and timeline; sending a written summary.',
      recordType: 'deal',
      recordId: deal.id,
      occurredAt: at(-20 + i, 9),
    });
  }

  const partners = await createPipeline(ctx, {
    name: 'Partnerships',
    stages: [
      { name: 'Intro', kind: 'open' },
      { name: 'Pilot', kind: 'open' },
      { name: 'Contract', kind: 'open' },
      { name: 'Partner', kind: 'won' },
      { name: 'Not a fit', kind: 'lost' },
    ],
  });
  await createDeal(ctx, {
    title: 'Reseller agreement Nordics',
    amount: 0,
    currency: 'EUR',
    pipelineId: partners.id,
    stageId: partners.stages[1]!.id,
    companyId: companies['Fjord Outdoor AS'],
  });

  const leads = [
    {
      title: 'Demo request: 25 seats',
      name: 'Hannah Becker',
      companyName: 'Becker Steuerberatung',
      email: 'h.becker@becker-stb.example',
      phone: '+49 221 987 6543',
      source: 'website',
      status: 'new',
      amount: 300_000,
      currency: 'EUR',
    },
    {
      title: 'Referral from Nordwind',
      name: 'Oskar Lindqvist',
      companyName: 'Lindqvist Frakt AB',
      email: 'oskar@lindqvist-frakt.example',
      source: 'referral',
      status: 'in_progress',
    },
    {
      title: 'Trade fair contact – Hannover Messe booth',
      name: 'Élodie Garnier',
      email: 'elodie.garnier@mail.example',
      phone: '+33 6 12 34 56 78',
      source: 'event',
      status: 'qualified',
      amount: 1_200_000,
      currency: 'EUR',
    },
    { title: 'Inbound call about pricing', name: 'Raj Patel', phone: '+44 161 496 0753', source: 'call', status: 'new' },
    { title: 'Newsletter reply', name: 'Greta Weiß', companyName: 'Weiß Möbelbau', email: 'greta@weiss-moebel.example', source: 'email', status: 'lost' },
    {
      title: 'Partner webinar sign-up',
      name: 'Daniel Ortega',
      companyName: 'Studio Ñandú',
      email: 'daniel@studio-nandu.example',
      source: 'event',
      status: 'qualified',
      amount: 150_000,
      currency: 'EUR',
    },
  ] as const;
  const leadIds: string[] = [];
  for (const [i, l] of leads.entries()) leadIds.push((await createLead(ctx, { ...l, ownerId: owner(i) })).id);
  // Two leads have already turned into customers: one with a deal, one (an existing company) without.
  await convertLead(ctx, leadIds[2]!, { createDeal: true });
  await convertLead(ctx, leadIds[5]!, { createDeal: false });

  const timeline: [string, string, 'note' | 'call' | 'email' | 'meeting' | 'task', string | undefined, string, number][] = [
    [
      'contact',
      contacts['Anna Müller']!,
      'meeting',
      'Visit at the Sendling shop',
      'Tour of the bakery; online orders are handled by phone today. Interested in a pilot for two shops.',
      -9,
    ],
    ['contact', contacts['Anna Müller']!, 'email', 'Pilot proposal sent', 'Sent the two-shop pilot proposal with pricing in EUR.', -3],
    ['contact', contacts['Jörg Albrecht']!, 'call', 'Telematics follow-up', 'Needs sign-off from the CFO; decision expected within three weeks.', -2],
    ['company', companies['Nordwind Logistik GmbH']!, 'note', undefined, 'Largest customer in the north; renewal of the scanner contract is due in Q3.', -30],
    ['company', companies['Brightside Dental']!, 'note', undefined, 'Go-live for the booking portal went smoothly. Ask for a case study.', -4],
    ['lead', leadIds[0]!, 'task', 'Book a demo', 'Propose two slots next week.', 0],
    ['lead', leadIds[1]!, 'call', 'First call', 'Oskar was referred by Jörg at Nordwind; 12 drivers, wants shift planning.', -1],
  ];
  for (const [recordType, recordId, kind, subject, body, offset] of timeline) {
    await createActivity(ctx, { recordType: recordType as 'contact', recordId, kind, subject, body, occurredAt: at(offset, 14) });
  }
}
