/** Shapes of the billing and telephony API (src/modules/billing, src/modules/telephony). */

export type Interval = 'monthly' | 'annual';
export type Feature = 'automations' | 'telephony' | 'booking_pages_team' | 'auto_scheduling';

export interface Plan {
  id: string;
  name: string;
  description?: string;
  prices: Record<Interval, { amount: number }>;
  limits: { seats: number | null; storageBytes: number | null };
  features: Feature[];
  trialDays: number;
}

export interface Catalog {
  currency: string;
  plans: Plan[];
  addons: {
    storage: { unitBytes: number; monthly: { amount: number } };
    telephonyCredits: { unitCredit: number; price: { amount: number }; perMinute: { amount: number } };
  };
  featureLabels: Record<string, string>;
  pricing: string;
}

export type SubscriptionStatus = 'free' | 'trialing' | 'active' | 'past_due' | 'paused';

export interface Subscription {
  planId: string;
  planName: string;
  interval: Interval;
  status: SubscriptionStatus;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pendingPlanId: string | null;
  pendingInterval: Interval | null;
  trialEnd: string | null;
  pastDueSince: string | null;
  storageUnits: number;
  pendingStorageUnits: number | null;
}

export interface InvoiceLine {
  description: string;
  amount: number;
  quantity: number;
  periodStart?: string;
  periodEnd?: string;
}

export interface ChangePreview {
  kind: 'start' | 'upgrade' | 'downgrade' | 'cancel' | 'unchanged';
  planId: string;
  interval: Interval;
  currency: string;
  effectiveAt: string;
  chargeNow: number;
  credit: number;
  refund: number;
  lines: InvoiceLine[];
  trialEnd: string | null;
  nextInvoice: { date: string | null; total: number; lines: InvoiceLine[] };
  refundPolicy: string;
  paymentMethodRequired: boolean;
}

export interface PaymentMethod {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  addedAt: string;
}

export interface Invoice {
  id: string;
  number: string;
  kind: 'subscription' | 'proration' | 'renewal' | 'addon' | 'credits' | 'credit_note';
  status: 'draft' | 'open' | 'paid' | 'void';
  total: number;
  currency: string;
  lines: InvoiceLine[];
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  paidAt: string | null;
  refersTo: string | null;
}

export interface UpcomingInvoice {
  total: number;
  currency: string;
  lines: InvoiceLine[];
  date: string | null;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface Call {
  id: string;
  phone: string;
  direction: 'inbound' | 'outbound';
  durationSeconds: number;
  billedMinutes: number;
  cost: Money;
  contactId: string | null;
  userId: string | null;
  startedAt: string;
}

export interface TelephonySettings {
  autoTopUp: { enabled: boolean; thresholdAmount: number; topUpQuantity: number };
  rates: { perMinute: number; unitCredit: number; unitPrice: number; currency: string };
}
