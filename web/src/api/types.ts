/**
 * Helpers over the generated OpenAPI types (schema.d.ts, from `npm run openapi:generate`).
 *
 * Named server schemas are read with `Schema<'User'>`; inline ones with the
 * operation helpers below (`Json<'/api/users', 'get'>`, `Body<…>`, `Query<…>`).
 */
import type { components, paths } from './schema';

export type { components, paths, operations } from './schema';

export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** The operation object at `paths[P][M]` (never when the path has no such method). */
export type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type ResponsesOf<P extends keyof paths, M extends HttpMethod> = Operation<P, M> extends { responses: infer R } ? R : never;

/** JSON body of the response with status S (200 by default) of `M P`. */
export type Json<P extends keyof paths, M extends HttpMethod = 'get', S extends number = 200> =
  ResponsesOf<P, M> extends Record<S, { content: { 'application/json': infer J } }> ? J : never;

/** JSON request body of `M P`. */
export type Body<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** multipart/form-data request body of `M P` (fields as the document describes them; files are binary strings). */
export type FormBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody?: { content: { 'multipart/form-data': infer B } } } ? B : never;

/** Query parameters of `M P`. */
export type Query<P extends keyof paths, M extends HttpMethod = 'get'> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One element of an array type. */
export type Item<A> = A extends readonly (infer T)[] ? T : never;

/** A page of a cursor-paginated list (`{ items, nextCursor }`, e.g. GET /api/tasks), with items of type T. */
export type CursorPage<T> = Omit<Json<'/api/tasks'>, 'items'> & { items: T[] };
