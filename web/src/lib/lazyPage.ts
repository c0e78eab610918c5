import type { ComponentType } from 'react';

/**
 * A route whose page is loaded the first time it is visited, as a chunk of its own
 * (React Router's `lazy`): the calendar's FullCalendar or the board's drag and drop
 * are not part of what every page downloads.
 */
export function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): { lazy: () => Promise<{ Component: ComponentType }> } {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}
