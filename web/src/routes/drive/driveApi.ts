import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api';
import { apiErrorFromBody } from '../../api/client';
import type { DriveFile } from './types';

/** Query paths of the drive; every drive query key starts with one of them. */
export const foldersPath = (parentId: string | null) => (parentId ? `/api/drive/folders?parentId=${encodeURIComponent(parentId)}` : '/api/drive/folders');
export const filesPath = (folderId: string | null) => (folderId ? `/api/drive/files?folderId=${encodeURIComponent(folderId)}` : '/api/drive/files');
export const TRASHED_FOLDERS = '/api/drive/folders?trashed=true';
export const TRASHED_FILES = '/api/drive/files?trashed=true';
export const USAGE_KEY = ['/api/drive/usage'] as const;

export const contentUrl = (file: Pick<DriveFile, 'id'>, inline = false) =>
  `/api/drive/files/${encodeURIComponent(file.id)}/content${inline ? '?inline=1' : ''}`;

/** After any change: every drive list, folder and the usage meter refresh. */
export function invalidateDrive(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('/api/drive') });
}

/** Types the server shows in the browser with ?inline=1 (see content-types.ts on the server). */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/x-icon', 'application/pdf']);
export const opensInline = (file: Pick<DriveFile, 'contentType'>) => INLINE.has(file.contentType);

function errorFrom(status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return apiErrorFromBody(status, body, status >= 500 ? 'The server had a problem with this upload. Please try again.' : 'Upload failed');
}

/**
 * Uploads one file with XMLHttpRequest, because fetch reports no upload
 * progress. Resolves with the stored file (its name may have become "x (2)").
 */
export function uploadWithProgress(
  file: File,
  folderId: string | null,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<DriveFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/drive/files${folderId ? `?folderId=${encodeURIComponent(folderId)}` : ''}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 201) resolve(JSON.parse(xhr.responseText) as DriveFile);
      else reject(errorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'Could not reach the server. Check your connection and try again.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
