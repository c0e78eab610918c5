import { parseHttpUrl } from '../../../kernel/url.js';
import type { FieldValue } from '../csv-fields.js';
import { parseDate, parseMinutes, parseMoney, parseMoneyWithCurrency, splitList, splitPhones, toInstant, type Parsed } from '../values.js';
import type { BitrixColumn } from './columns.js';

/**
 * A Bitrix24 cell as the value of its field (pure). Multi-fields hold several values
 * joined with ", "; dates are in the portal's format (05/31/2024 02:00:00 pm in
 * English, 31.05.2024 14:00:00 in most others); durations are hh:mm:ss.
 */
export function bitrixValue(col: BitrixColumn, cell: string): Parsed<FieldValue | { amount: number; currency: string | null } | undefined> {
  const v = cell.trim();
  if (v === '') return { ok: true, value: undefined };
  switch (col.kind) {
    case 'text':
      return { ok: true, value: v };
    case 'url': {
      // A multi-field: the first address is the website.
      const url = parseHttpUrl(splitList(v)[0] ?? v);
      return url.ok ? { ok: true, value: url.value } : { ok: false, message: `${url.message}, not "${v}"` };
    }
    case 'phones':
      return { ok: true, value: splitPhones(v).map((value) => ({ value, type: col.type ?? 'work' })) };
    case 'emails':
      return { ok: true, value: splitList(v).map((value) => ({ value, type: col.type ?? 'work' })) };
    case 'money':
      return parseMoney(v);
    case 'moneyCurrency':
      return parseMoneyWithCurrency(v);
    case 'date': {
      const d = parseDate(v);
      return d.ok ? { ok: true, value: d.value.date } : d;
    }
    case 'instant': {
      const d = parseDate(v);
      return d.ok ? { ok: true, value: toInstant(d.value) } : d;
    }
    case 'duration':
      return parseMinutes(v);
    case 'crmLinks':
      return { ok: true, value: parseCrmLinks(v) };
  }
}

const LINK_TYPES: Record<string, string> = {
  contact: 'contact',
  contacts: 'contact',
  c: 'contact',
  company: 'company',
  companies: 'company',
  co: 'company',
  deal: 'deal',
  deals: 'deal',
  d: 'deal',
  lead: 'lead',
  leads: 'lead',
  l: 'lead',
};

/**
 * The CRM column of a task: "Contact: Anna Müller, Bob Smith;Deal: Big deal;" as the
 * Excel export writes it, or "C_12, CO_5, D_3" (type prefix and ID) as codes.
 * Each link is { type, value } where value is a name or "#<id>".
 */
export function parseCrmLinks(cell: string): { type: string; value: string }[] {
  const out: { type: string; value: string }[] = [];
  for (const code of cell.matchAll(/\b(CO|C|D|L)_(\d+)\b/g)) out.push({ type: LINK_TYPES[code[1]!.toLowerCase()]!, value: `#${code[2]}` });
  if (out.length) return out;
  for (const group of cell.split(';')) {
    const m = group.match(/^\s*([^:]+):\s*(.+)$/);
    const type = m ? LINK_TYPES[m[1]!.trim().toLowerCase()] : undefined;
    if (!m || !type) continue;
    for (const name of m[2]!.split(',')) if (name.trim()) out.push({ type, value: name.trim() });
  }
  return out;
}
