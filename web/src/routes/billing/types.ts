/** Shapes of the billing and telephony API, from the generated OpenAPI types. */
import type { Schema } from '../../api/types';

export type Plan = Schema<'Plan'>;
export type Catalog = Schema<'PlanCatalog'>;
export type Interval = Subscription['interval'];
export type Feature = Plan['features'][number];
export type Subscription = Schema<'Subscription'>;
export type SubscriptionStatus = Subscription['status'];
export type InvoiceLine = Schema<'InvoiceLine'>;
export type ChangePreview = Schema<'ChangePreview'>;
/** GET/POST /api/billing/payment-method: `{ paymentMethod }`, the card on file or null. */
export type PaymentMethodState = Schema<'PaymentMethod'>;
export type PaymentMethod = NonNullable<PaymentMethodState['paymentMethod']>;
export type Invoice = Schema<'Invoice'>;
export type UpcomingInvoice = Schema<'UpcomingInvoice'>;
export type Money = Schema<'MoneyTotal'>;
export type Call = Schema<'Call'>;
export type TelephonySettings = Schema<'TelephonySettings'>;
