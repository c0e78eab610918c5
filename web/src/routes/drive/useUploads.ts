import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { invalidateDrive, uploadWithProgress } from './driveApi';

export interface Upload {
  key: string;
  name: string;
  size: number;
  loaded: number;
  status: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
  /** The name it was stored under, when the folder already had one like it. */
  storedAs?: string;
}

const AT_ONCE = 3;
let seq = 0;

/** Uploads files a few at a time with per-file progress; lists refresh as each one lands. */
export function useUploads() {
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const queue = useRef<{ key: string; file: File; folderId: string | null }[]>([]);
  const running = useRef(0);

  const patch = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const pump = useCallback(() => {
    while (running.current < AT_ONCE && queue.current.length > 0) {
      const next = queue.current.shift()!;
      running.current += 1;
      patch(next.key, { status: 'uploading' });
      uploadWithProgress(next.file, next.folderId, (loaded) => patch(next.key, { loaded }))
        .then((stored) => {
          patch(next.key, { status: 'done', loaded: next.file.size, storedAs: stored.name !== next.file.name ? stored.name : undefined });
          void invalidateDrive(queryClient);
        })
        .catch((err: unknown) => patch(next.key, { status: 'failed', error: errorMessage(err) }))
        .finally(() => {
          running.current -= 1;
          pump();
        });
    }
  }, [patch, queryClient]);

  const start = useCallback(
    (files: Iterable<File>, folderId: string | null) => {
      const added: Upload[] = [];
      for (const file of files) {
        const key = `u${++seq}`;
        queue.current.push({ key, file, folderId });
        added.push({ key, name: file.name, size: file.size, loaded: 0, status: 'waiting' });
      }
      if (added.length === 0) return;
      setUploads((list) => [...list.filter((u) => u.status !== 'done'), ...added]);
      pump();
    },
    [pump],
  );

  const clearFinished = useCallback(() => setUploads((list) => list.filter((u) => u.status === 'waiting' || u.status === 'uploading')), []);

  return { uploads, start, clearFinished };
}
