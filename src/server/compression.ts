import type { FastifyInstance } from 'fastify';
import compress from '@fastify/compress';

/** Bodies smaller than this go out as they are: compressing them saves too little for the CPU it costs. */
export const COMPRESS_THRESHOLD = 1024;

/**
 * What is worth compressing: JSON, text, XML, JavaScript, SVG. Never an event
 * stream (it must reach the client event by event), never what is already
 * compressed (ZIP exports, images, PDFs) or opaque (octet-stream).
 */
export function isCompressible(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return false;
  return type.startsWith('text/') || /[/+](json|xml)$/.test(type) || type === 'application/javascript' || type === 'image/svg+xml';
}

/**
 * Compresses responses on the fly (ADR 0019): API JSON above 1 kB, brotli or gzip by
 * the request's Accept-Encoding. The web app's files come pre-compressed from the
 * build (static.ts) and pass untouched (they already carry Content-Encoding).
 * Responses that announce byte ranges (drive downloads) keep their exact bytes:
 * their strong ETag and Range offsets describe the file itself.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.getHeader('accept-ranges') === 'bytes') request.headers['x-no-compression'] = '1';
    return payload;
  });
  await app.register(compress, {
    global: true,
    threshold: COMPRESS_THRESHOLD,
    encodings: ['br', 'gzip'],
    customTypes: isCompressible,
  });
}
