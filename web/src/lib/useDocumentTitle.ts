import { useEffect } from 'react';

/** Sets the browser tab title to "<title> · SchedulingKit". */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    if (!title) return;
    const previous = document.title;
    document.title = `${title} · SchedulingKit`;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
