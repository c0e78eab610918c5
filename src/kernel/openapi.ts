// Route-schema helpers for the OpenAPI document, used by every module's routes. The document
// itself is assembled in src/server/openapi.ts.
import { z } from 'zod';
import type { ErrorCode } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The error codes this route's use cases answer with, besides the ones every
     * route of its kind can get (see `routeErrorCodes`): documented in OpenAPI.
     */
    errors?: readonly ErrorCode[];
    /**
     * The form of a multipart/form-data upload (files as `z.file()`), for the
     * OpenAPI document only: the handler reads the parts itself.
     */
    multipart?: z.ZodObject;
  }
}

/** A response without a body (204, 304): documented as no content, sent with `reply.send()`. */
export const noContent = z.undefined().describe('No content');

/** A response whose body is not JSON: a file, a feed, a page (the handler sets the Content-Type). */
export function fileResponse(contentType: string, description: string, body: z.ZodType = z.string().meta({ format: 'binary' })) {
  return { description, content: { [contentType]: { schema: body } } };
}
