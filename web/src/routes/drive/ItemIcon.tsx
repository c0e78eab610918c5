import {
  IconFile,
  IconFileCode,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypePdf,
  IconFileZip,
  IconFolder,
  IconMovie,
  IconMusic,
  IconPhoto,
} from '@tabler/icons-react';

function iconFor(contentType: string) {
  if (contentType === 'application/pdf') return IconFileTypePdf;
  if (contentType.startsWith('image/')) return IconPhoto;
  if (contentType.startsWith('audio/')) return IconMusic;
  if (contentType.startsWith('video/')) return IconMovie;
  if (/csv|spreadsheet|excel|tab-separated/.test(contentType)) return IconFileSpreadsheet;
  if (/zip|gzip|tar|7z|compressed/.test(contentType)) return IconFileZip;
  if (/html|javascript|json|xml|css/.test(contentType)) return IconFileCode;
  if (contentType.startsWith('text/') || /word|document|rtf/.test(contentType)) return IconFileText;
  return IconFile;
}

/** A folder, or a file's icon by its type. Decorative: the name beside it says what it is. */
export function ItemIcon({ contentType }: { contentType?: string }) {
  if (contentType === undefined) return <IconFolder size={20} color="var(--mantine-color-yellow-7)" aria-hidden />;
  const Icon = iconFor(contentType);
  return <Icon size={20} color="var(--mantine-color-blue-6)" aria-hidden />;
}
