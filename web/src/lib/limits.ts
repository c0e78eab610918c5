import type { UseFormReturnType } from '@mantine/form';
import { INPUT_LIMITS, type LimitedRoute } from '../api/limits';

/** The longest text a route's body field takes ("emails.0.value" reads "emails.value"), if the server limits it. */
export function maxLengthOf(route: LimitedRoute, path: string): number | undefined {
  return (INPUT_LIMITS[route] as Record<string, number>)[path.replace(/\.\d+(?=\.|$)/g, '')];
}

/**
 * `form.getInputProps` with the server's limit as `maxLength`, so that a field stops at the
 * length the API takes instead of failing on save.
 */
export function limitedInputs<Values>(form: UseFormReturnType<Values>, route: LimitedRoute) {
  return (path: string, options?: Parameters<UseFormReturnType<Values>['getInputProps']>[1]) => {
    const props = form.getInputProps(path as never, options);
    const maxLength = maxLengthOf(route, path);
    return maxLength ? { ...props, maxLength } : props;
  };
}
