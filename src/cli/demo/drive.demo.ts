import { Readable } from 'node:stream';
import type { PortalContext } from '../../kernel/context.js';
import { createFolder, listFolders, trashFile, uploadFile } from '../../modules/drive/index.js';

const text = (lines: string[]) => `${lines.join('\n')}\n`;

const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40">
  <rect width="40" height="40" rx="8" fill="#228be6"/>
  <path d="M12 20h16M20 12v16" stroke="#fff" stroke-width="4" stroke-linecap="round"/>
  <text x="50" y="27" font-family="sans-serif" font-size="18" fill="#1c7ed6">Acme</text>
</svg>
`;

/** Folder (null = root) → files with their type and text. */
const DEMO: Record<string, { name: string; type: string; body: string }[]> = {
  Contracts: [
    {
      name: 'Master services agreement – Globex.txt',
      type: 'text/plain',
      body: text([
        'MASTER SERVICES AGREEMENT',
        'Between Acme Inc. ("Provider") and Globex Corporation ("Client")',
        '',
        '1. Term: 12 months from 1 February, renewing yearly unless cancelled with 30 days notice.',
        '2. Fees: EUR 4,800 per month, invoiced monthly in advance, payable within 14 days.',
        '3. Support: business days 09:00–18:00 CET, response within 4 hours.',
      ]),
    },
    {
      name: 'NDA template.txt',
      type: 'text/plain',
      body: text(['MUTUAL NON-DISCLOSURE AGREEMENT', '', "Each party keeps the other party's Confidential Information secret for 3 years."]),
    },
    {
      name: 'Renewals 2026.csv',
      type: 'text/csv',
      body: text([
        'customer,contract,renews_on,monthly_eur',
        'Globex Corporation,MSA-2025-014,2026-02-01,4800',
        'Initech,MSA-2025-020,2026-04-15,2150',
        'Umbrella Ltd,SLA-2024-007,2026-06-30,990',
      ]),
    },
  ],
  Marketing: [
    { name: 'Acme logo.svg', type: 'image/svg+xml', body: logo },
    {
      name: 'Campaign budget Q3.csv',
      type: 'text/csv',
      body: text([
        'channel,planned_eur,spent_eur,leads',
        'Search ads,6000,4870,132',
        'LinkedIn,3500,3610,41',
        'Trade fair Berlin,9000,8200,77',
        'Newsletter,500,320,58',
      ]),
    },
    {
      name: 'Tagline ideas.txt',
      type: 'text/plain',
      body: text(['- Work together, without the lock-in.', '- Your team, your data, your server.', '- Cancel in a minute. Stay for years.']),
    },
  ],
  Team: [
    {
      name: 'Onboarding checklist.txt',
      type: 'text/plain',
      body: text([
        'Week 1',
        '[ ] Laptop and accounts',
        '[ ] Meet your buddy',
        '[ ] Read the handbook',
        '',
        'Week 2',
        '[ ] Shadow two customer calls',
        '[ ] First small task shipped',
      ]),
    },
    {
      name: 'Holiday rota.csv',
      type: 'text/csv',
      body: text(['name,from,to', 'Olivia,2026-07-06,2026-07-17', 'Adam,2026-08-03,2026-08-14', 'Mia,2026-12-21,2027-01-01']),
    },
  ],
};

/** A few folders with small text, CSV and SVG files, written through the service like any upload. */
export async function seedDriveDemo(ctx: PortalContext): Promise<void> {
  const existing = await listFolders(ctx, undefined, { trashed: false, sort: 'name', limit: 200 });
  if (existing.items.some((f) => f.name === 'Contracts')) return; // already seeded
  const put = (folderId: string | null, name: string, type: string, body: string) =>
    uploadFile(ctx, folderId, { name, contentType: type, stream: Readable.from([Buffer.from(body, 'utf8')]) });
  const folderIds: Record<string, string> = {};
  for (const [folderName, files] of Object.entries(DEMO)) {
    folderIds[folderName] = (await createFolder(ctx, { name: folderName })).id;
    for (const f of files) await put(folderIds[folderName]!, f.name, f.type, f.body);
  }
  const archive = await createFolder(ctx, { name: '2025', parentId: folderIds.Contracts });
  await put(archive.id, 'Signed MSA – Initech.txt', 'text/plain', text(['Signed copy on file.', 'Initech / Acme, 15 April 2025.']));
  await put(
    null,
    'Welcome to Drive.txt',
    'text/plain',
    text([
      'Drop files anywhere on this page to upload them.',
      'Drag a file onto a folder to move it.',
      'Deleted files wait in the Trash until you restore or delete them.',
    ]),
  );
  // Something in the trash, so the Trash view is not empty.
  const old = await put(null, 'Old price list.csv', 'text/csv', text(['plan,monthly_eur', 'Starter,9', 'Team,29']));
  await trashFile(ctx, old.id);
}
