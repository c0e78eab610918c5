/** Shapes of the connected-calendars and app-password APIs, from the generated OpenAPI types. */
import type { Body, Item, Json } from '../../api/types';

export type ConnectionList = Json<'/api/calendar-connections'>;
/** A connected external calendar account or subscription (never with its password). */
export type Connection = Json<'/api/calendar-connections/{id}'>;
export type ConnectionKind = Connection['kind'];
export type ConnectionStatus = Connection['status'];
/** One calendar of a connection: whether it counts as busy, whether bookings are written into it. */
export type RemoteCalendar = Item<Connection['calendars']>;
export type NewConnection = Body<'/api/calendar-connections', 'post'>;
export type ConnectionPatch = Body<'/api/calendar-connections/{id}', 'patch'>;
export type ConnectionTest = Body<'/api/calendar-connections/test', 'post'>;

/** One event of a connected calendar in the calendar view (read-only). */
export type ExternalEvent = Item<Json<'/api/calendar-connections/events'>['items']>;

export type AppPassword = Item<Json<'/api/me/app-passwords'>['items']>;
export type CreatedAppPassword = Json<'/api/me/app-passwords', 'post', 201>;
