import { z } from 'zod';

/**
 * Validation messages people can read. Zod's own ("Too big: expected string to have
 * <=120 characters") reach users beside form fields and in API errors; these say the
 * same as a short predicate after the field's name ("title must have at most 120
 * characters"), as the messages written in the schemas do. A message given in a schema
 * wins over these. Each field error also carries the rule and its limit
 * (`validationRule`), so a client can word it in the user's language.
 */
type Issue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  null: 'empty',
};

const FORMAT_NAMES: Record<string, string> = {
  email: 'an email address',
  url: 'a web address',
  uuid: 'an id',
  guid: 'an id',
  datetime: 'a date and time (ISO 8601, e.g. 2026-12-07T09:30:00Z)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time of day (HH:MM)',
  duration: 'a duration (ISO 8601)',
  e164: 'a phone number in international format',
  base64: 'base64 text',
};

const quantity = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

/** The predicate for one issue, or undefined to keep Zod's own. */
export function validationMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const { maximum, origin } = issue;
      const exclusive = issue.inclusive === false;
      if (origin === 'string') return `must have at most ${quantity(exclusive ? Number(maximum) - 1 : maximum, 'character', 'characters')}`;
      if (origin === 'array' || origin === 'set') return `must have at most ${quantity(exclusive ? Number(maximum) - 1 : maximum, 'item', 'items')}`;
      if (origin === 'file') return `must be at most ${maximum} bytes`;
      return exclusive ? `must be less than ${maximum}` : `must be at most ${maximum}`;
    }
    case 'too_small': {
      const { minimum, origin } = issue;
      const exclusive = issue.inclusive === false;
      if (origin === 'string') {
        const n = exclusive ? Number(minimum) + 1 : Number(minimum);
        return n <= 1 ? 'must not be empty' : `must have at least ${quantity(n, 'character', 'characters')}`;
      }
      if (origin === 'array' || origin === 'set') {
        const n = exclusive ? Number(minimum) + 1 : Number(minimum);
        return n <= 1 ? 'must have at least one item' : `must have at least ${quantity(n, 'item', 'items')}`;
      }
      return exclusive ? `must be more than ${minimum}` : `must be at least ${minimum}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return 'is not in the expected format';
      if (issue.format === 'starts_with') return `must start with "${String((issue as { prefix?: string }).prefix ?? '')}"`;
      if (issue.format === 'ends_with') return `must end with "${String((issue as { suffix?: string }).suffix ?? '')}"`;
      return `must be ${FORMAT_NAMES[issue.format] ?? `in ${issue.format} format`}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      if (values.length === 1) return `must be ${values[0]}`;
      return values.length <= 12 ? `must be one of ${values.join(', ')}` : 'is not one of the allowed values';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'is not valid';
    default:
      return undefined;
  }
}

/** The rule an issue broke and its limit, for clients that word messages themselves. */
export function validationRule(issue: { code?: string; maximum?: unknown; minimum?: unknown; format?: string }): { rule: string; limit?: number } {
  const rule = issue.format ? `${issue.code}:${issue.format}` : (issue.code ?? 'invalid');
  const bound = issue.maximum ?? issue.minimum;
  return typeof bound === 'number' || typeof bound === 'bigint' ? { rule, limit: Number(bound) } : { rule };
}

let installed = false;
/** Makes these messages Zod's default for the whole process (once). */
export function installValidationMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (issue) => validationMessage(issue) });
}
