// Row types of the telephony module's tables (see src/db/types.ts for the conventions).

/** `forfeit`: the balance left when a downgrade ended telephony (LIF-2). */
export type LedgerKind = 'purchase' | 'auto_top_up' | 'call' | 'adjustment' | 'forfeit';

/** The prepaid credit balance is the sum of these entries (append-only), never a stored number. */
export interface TelephonyLedgerRow {
  id: string;
  portal_id: string;
  kind: LedgerKind;
  /** Signed, minor units: + credit bought, − a call. */
  amount: number;
  currency: string;
  call_id: string | null;
  invoice_id: string | null;
  created_at: string;
}

export interface TelephonyCallRow {
  id: string;
  portal_id: string;
  phone: string;
  phone_digits: string;
  direction: 'inbound' | 'outbound';
  duration_seconds: number;
  billed_minutes: number;
  cost: number;
  currency: string;
  contact_id: string | null;
  user_id: string | null;
  started_at: string;
  created_at: string;
}

/** Auto top-up is off until an admin turns it on (BIL-5). */
export interface TelephonySettingsRow {
  portal_id: string;
  auto_top_up_enabled: number;
  threshold_amount: number;
  top_up_quantity: number;
  updated_at: string;
}

export interface TelephonyTables {
  telephony_ledger: TelephonyLedgerRow;
  telephony_calls: TelephonyCallRow;
  telephony_settings: TelephonySettingsRow;
}
