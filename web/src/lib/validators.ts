import { PASSWORD_MIN, slugProblem } from './slug';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredText(label: string) {
  return (value: string) => (value.trim() ? null : `Enter ${label}`);
}

export function emailRule(value: string): string | null {
  if (!value.trim()) return 'Enter an email address';
  return EMAIL_RE.test(value.trim()) ? null : 'Enter a valid email address';
}

export function newPasswordRule(value: string): string | null {
  if (!value) return 'Choose a password';
  return value.length >= PASSWORD_MIN ? null : `Use at least ${PASSWORD_MIN} characters`;
}

export function slugRule(value: string): string | null {
  return slugProblem(value.trim());
}
