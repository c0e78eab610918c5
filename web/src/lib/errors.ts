import { ApiError, type AdminContact } from '../api';

/** "Ask Ann (ann@x.io) or Bob (bob@x.io)". */
export function askAdminsText(admins: AdminContact[]): string {
  if (admins.length === 0) return 'Ask an admin of your portal.';
  const people = admins.slice(0, 3).map((a) => `${a.name} (${a.email})`);
  return `Ask ${people.join(' or ')}.`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'FORBIDDEN') return `You need an admin for this. ${askAdminsText(error.admins)}`;
    if (error.code === 'RATE_LIMITED') {
      return error.message || 'Too many attempts. Please wait a moment and try again.';
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export interface ApplyErrorOptions {
  /**
   * Error codes that belong to one field, e.g. `{ SLUG_TAKEN: 'portalSlug' }`,
   * optionally with a friendlier message than the server's.
   */
  codeFields?: Record<string, string | { field: string; message: string }>;
}

/**
 * Puts the server's errors where people look for them: field errors beside
 * the matching inputs, anything else is returned so it can go in an Alert
 * above the form. Returns null when every problem landed on a field.
 */
/** The part of a `useForm()` result that {@link applyFormError} needs. */
export interface FormErrorTarget {
  getValues: () => object;
  setFieldError: (path: never, error: string) => void;
}

export function applyFormError(form: FormErrorTarget, error: unknown, options: ApplyErrorOptions = {}): string | null {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const known = new Set(Object.keys(form.getValues()));

  const mapping = options.codeFields?.[error.code];
  if (mapping) {
    const field = typeof mapping === 'string' ? mapping : mapping.field;
    const message = typeof mapping === 'string' ? error.message : mapping.message;
    if (known.has(field)) {
      form.setFieldError(field as never, message);
      return null;
    }
  }

  if (error.code === 'VALIDATION_FAILED') {
    const fields = error.fieldErrors;
    const leftovers: string[] = [];
    let placed = 0;
    for (const [path, message] of Object.entries(fields)) {
      if (known.has(path)) {
        form.setFieldError(path as never, message);
        placed += 1;
      } else {
        leftovers.push(path ? `${path}: ${message}` : message);
      }
    }
    if (leftovers.length > 0) return leftovers.join('\n');
    if (placed > 0) return null;
  }
  return errorMessage(error);
}
