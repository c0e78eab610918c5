import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installValidationMessages } from './validation.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal } from '../test/factories.js';

beforeAll(() => installValidationMessages());

/** The message of the first issue when `schema` reads `input`. */
function messageOf(schema: z.ZodType, input: unknown): string {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues[0]!.message;
}

describe('validation messages people can read', () => {
  it('says what a value must be, in words, for each kind of rule', () => {
    expect(messageOf(z.object({ a: z.string() }), {})).toBe('is required');
    expect(messageOf(z.string().max(120), 'x'.repeat(121))).toBe('must have at most 120 characters');
    expect(messageOf(z.string().max(1), 'xy')).toBe('must have at most 1 character');
    expect(messageOf(z.string().min(1), '')).toBe('must not be empty');
    expect(messageOf(z.string().min(8), 'short')).toBe('must have at least 8 characters');
    expect(messageOf(z.number().int(), 1.5)).toBe('must be a whole number');
    expect(messageOf(z.number(), 'seven')).toBe('must be a number');
    expect(messageOf(z.number().min(1), 0)).toBe('must be at least 1');
    expect(messageOf(z.number().max(10), 11)).toBe('must be at most 10');
    expect(messageOf(z.number().lt(10), 10)).toBe('must be less than 10');
    expect(messageOf(z.number().gt(0), 0)).toBe('must be more than 0');
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('must have at most 2 items');
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('must have at least one item');
    expect(messageOf(z.email(), 'nope')).toBe('must be an email address');
    expect(messageOf(z.url(), 'nope')).toBe('must be a web address');
    expect(messageOf(z.iso.date(), '07.12.2026')).toBe('must be a date (YYYY-MM-DD)');
    expect(messageOf(z.enum(['open', 'won', 'lost']), 'maybe')).toBe('must be one of "open", "won", "lost"');
    expect(messageOf(z.literal('yes'), 'no')).toBe('must be "yes"');
    expect(messageOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toBe('has unknown fields: b, c');
    expect(messageOf(z.number().multipleOf(5), 7)).toBe('must be a multiple of 5');
    expect(messageOf(z.string().regex(/^\d+$/), 'abc')).toBe('is not in the expected format');
  });

  it("keeps a schema's own message", () => {
    expect(messageOf(z.string().min(1, { message: 'is required' }), '')).toBe('is required');
  });
});

describe('validation errors over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    return () => server.close();
  });

  it('names the field, says the rule in words and gives the rule and its limit', async () => {
    const p = await signupPortal(server);
    const res = await p.client.post('/api/crm/contacts', { firstName: 'x'.repeat(121) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toBe('firstName must have at most 120 characters');
    expect(res.body.error.details.fields[0]).toMatchObject({
      path: 'firstName',
      message: 'must have at most 120 characters',
      in: 'body',
      rule: 'too_big',
      limit: 120,
    });
    const email = await p.client.post('/api/crm/contacts', { firstName: 'Ann', emails: [{ value: 'not-an-email', type: 'work' }] });
    expect(email.status).toBe(400);
    expect(email.body.error.details.fields[0].message).not.toMatch(/Invalid|expected|Too big/);
  });
});
