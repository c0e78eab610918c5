/** Shapes of the lifecycle API, from the generated OpenAPI types. */
import type { Json, Schema } from '../../api/types';

export type Money = Schema<'MoneyTotal'>;
export type DowngradeImpact = Schema<'DowngradeImpact'>;
export type CancelMode = Schema<'Cancellation'>['mode'];
export type Pause = Schema<'Pause'>;
export type LifecycleState = Schema<'LifecycleState'>;
export type CancelResult = Schema<'Cancellation'>;
export type DeletionPreview = Json<'/api/portal/deletion-preview'>;

export const LIFECYCLE_KEY = '/api/billing/lifecycle';
