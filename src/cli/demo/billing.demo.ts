import type { PortalContext } from '../../kernel/context.js';
import { contactList, listContacts } from '../../modules/crm/index.js';
import { buyCredits, recordCall, updateSettings } from '../../modules/telephony/index.js';
import { addStorage, changeSubscription, inBillingTx, savePaymentMethod, TEST_CARDS } from '../../modules/billing/index.js';

/**
 * `skit demo`: the portal on Business with the test card, a unit of extra
 * storage, telephony credit and a few calls with its CRM contacts. Run it
 * after the CRM demo. Uses the built-in test payment provider only.
 */
export async function seedBillingDemo(ctx: PortalContext): Promise<void> {
  await inBillingTx(ctx, (tx) => savePaymentMethod(tx, { cardNumber: TEST_CARDS.succeeds, expMonth: 12, expYear: 2099, cvc: '123' }));
  const sub = await inBillingTx(ctx, (tx) => changeSubscription(tx, { planId: 'business', interval: 'monthly' }));
  if (sub.planId !== 'business') return; // an operator catalog without a Business plan: leave the portal as it is
  if (sub.storageUnits === 0) await inBillingTx(ctx, (tx) => addStorage(tx, 1));
  await inBillingTx(ctx, (tx) => buyCredits(tx, 3));
  await updateSettings(ctx, { autoTopUp: { enabled: true, thresholdAmount: 500, topUpQuantity: 2 } });
  const contacts = (await listContacts(ctx, contactList.parse({ limit: 5 }))).items;
  const calls = [
    { direction: 'outbound' as const, durationSeconds: 312, hoursAgo: 2 },
    { direction: 'inbound' as const, durationSeconds: 95, hoursAgo: 5 },
    { direction: 'outbound' as const, durationSeconds: 0, hoursAgo: 26 },
    { direction: 'inbound' as const, durationSeconds: 1260, hoursAgo: 49 },
    { direction: 'outbound' as const, durationSeconds: 47, hoursAgo: 75 },
  ];
  const now = ctx.deps.clock.now(ctx.portalId).getTime();
  for (const [i, c] of calls.entries()) {
    const contact = contacts[i % Math.max(1, contacts.length)];
    await inBillingTx(ctx, (tx) =>
      recordCall(tx, {
        phone: contact?.phones[0]?.value ?? `+1 555 010${i}`,
        direction: c.direction,
        durationSeconds: c.durationSeconds,
        contactId: contact?.id ?? null,
        startedAt: new Date(now - c.hoursAgo * 3_600_000).toISOString(),
      }),
    );
  }
}
