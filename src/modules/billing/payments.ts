import { randomBytes } from 'node:crypto';

/**
 * How billing talks to a payment processor (BIL-3). The built-in test provider
 * charges nothing real; a hosted deployment plugs in a real one with
 * setPaymentProvider(). Tokens are all billing ever stores of a card.
 */

export interface CardInput {
  cardNumber: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface AttachedCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ChargeRequest {
  token: string;
  amount: number;
  currency: string;
  description: string;
  /** Same key, same charge: a retried request is not charged twice. */
  idempotencyKey: string;
}

/** A refusal by the card's bank: the caller answers 402 CARD_DECLINED and changes nothing. */
export class CardDeclined extends Error {
  constructor(
    message: string,
    readonly declineCode: string,
  ) {
    super(message);
  }
}

export interface PaymentProvider {
  readonly name: string;
  attachCard(card: CardInput): Promise<AttachedCard>;
  charge(req: ChargeRequest): Promise<{ id: string }>;
  refund(req: { chargeId: string | null; amount: number; currency: string; idempotencyKey: string }): Promise<{ id: string }>;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'card';
}

/** Test cards, as in the docs: 4242… succeeds, 4000…0002 is declined, 4000…0341 attaches but every charge fails. */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  chargeFails: '4000000000000341',
} as const;

/**
 * The built-in test provider. Stateless: what a card does is carried in its
 * token ("tok_test_<random>_<brand>_<last4>_<mm><yyyy>"), so it survives restarts.
 */
export const testProvider: PaymentProvider = {
  name: 'test',
  async attachCard(card) {
    const digits = card.cardNumber;
    if (digits === TEST_CARDS.declined) throw new CardDeclined('Your card was declined.', 'generic_decline');
    const brand = cardBrand(digits);
    const last4 = digits.slice(-4);
    const mm = String(card.expMonth).padStart(2, '0');
    return {
      token: `tok_test_${randomBytes(6).toString('hex')}_${brand}_${last4}_${mm}${card.expYear}`,
      brand,
      last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
  },
  async charge(req) {
    if (req.amount <= 0) return { id: `ch_test_none_${randomBytes(6).toString('hex')}` };
    if (req.token.includes(`_${TEST_CARDS.chargeFails.slice(-4)}_`)) throw new CardDeclined('Your card was declined.', 'charge_failed');
    return { id: `ch_test_${randomBytes(8).toString('hex')}` };
  },
  async refund() {
    return { id: `re_test_${randomBytes(8).toString('hex')}` };
  },
};

let provider: PaymentProvider = testProvider;

export function setPaymentProvider(p: PaymentProvider): void {
  provider = p;
}

export const paymentProvider = (): PaymentProvider => provider;
