import { z } from 'zod';
import { FEATURES, subscriptionOut } from '../billing/index.js';

const money = z.object({ amount: z.number().int(), currency: z.string() });
const userId = z.string().min(1).max(100);

export const impactQuery = z.object({
  planId: z.string().min(1).max(40).default('free').describe('The plan to move to at the period end: "free" or a cheaper paid plan'),
  keepUserIds: z
    .string()
    .max(5000)
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .describe('Comma-separated ids of users to keep when the seats run short (the owner always stays)'),
});

export const impactOut = z
  .object({
    fromPlanId: z.string(),
    planId: z.string(),
    planName: z.string(),
    featuresLost: z.array(z.object({ feature: z.enum(FEATURES), label: z.string() })),
    seats: z.object({ limit: z.number().int().nullable(), active: z.number().int() }),
    usersOverLimit: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })).describe('Deactivated at the period end (never deleted)'),
    storage: z.object({ usedBytes: z.number().int(), quotaBytes: z.number().int().nullable() }),
    inaccessibleFiles: z
      .object({
        count: z.number().int(),
        bytes: z.number().int(),
        items: z
          .array(z.object({ id: z.string(), name: z.string(), sizeBytes: z.number().int(), createdAt: z.string() }))
          .describe('The first 200, oldest first'),
      })
      .describe('Files over the quota: listed, never deleted, not downloadable until the portal is under quota or upgrades'),
    readOnly: z.record(z.string(), z.number().int()).describe('Records of paid-only features that stay visible and exportable, read-only, by kind'),
    addonsEnded: z.array(z.object({ kind: z.enum(['storage', 'telephony_credits']), description: z.string() })),
    telephonyBalanceForfeited: money,
    refund: money,
    effectiveAt: z.string(),
  })
  .meta({ id: 'DowngradeImpact' });

export const cancelBody = z.object({
  mode: z.enum(['downgrade', 'cancel']).describe('"downgrade": to a lower plan (Free by default); "cancel": end the paid plan (to Free)'),
  planId: z.string().min(1).max(40).optional(),
  reason: z.string().max(1000).optional().describe('Optional: why you are leaving'),
  keepUserIds: z
    .array(userId)
    .max(1000)
    .optional()
    .describe('Users to keep when the seats run short; otherwise owner and admins first, then the most recently active'),
});

export const cancelOut = z
  .object({
    reference: z.string(),
    effectiveAt: z.string().describe('When the paid plan ends; paid features stay until then'),
    mode: z.enum(['downgrade', 'cancel']),
    planId: z.string(),
    subscription: subscriptionOut,
  })
  .meta({ id: 'Cancellation' });

export const pauseBody = z.object({
  months: z.number().int().min(1, { message: 'must be 1, 2 or 3' }).max(3, { message: 'must be 1, 2 or 3' }),
  source: z
    .enum(['settings', 'retention_offer'])
    .default('settings')
    .describe('Where the pause was chosen (the retention offer of the cancel flow, or settings)'),
});

export const pauseOut = z
  .object({
    id: z.string(),
    months: z.number().int(),
    pausedAt: z.string(),
    resumeAt: z.string(),
    status: z.enum(['active', 'ended']),
    source: z.string(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'Pause' });

export const pauseResultOut = z.object({ pause: pauseOut, subscription: subscriptionOut });

export const resumeOut = z.object({
  resumed: z.enum(['pause', 'cancellation']).nullable().describe('What was undone: a pause ended early, a scheduled cancel withdrawn, or nothing'),
  subscription: subscriptionOut,
});

export const lifecycleOut = z
  .object({
    subscription: subscriptionOut,
    cancellation: z
      .object({
        reference: z.string(),
        mode: z.enum(['downgrade', 'cancel']),
        planId: z.string(),
        effectiveAt: z.string(),
        reason: z.string().nullable(),
        createdAt: z.string(),
      })
      .nullable(),
    pause: pauseOut.nullable(),
    retentionOffer: z
      .object({ kind: z.literal('pause'), months: z.array(z.number().int()) })
      .nullable()
      .describe('The one offer shown beside "Cancel anyway"'),
    lastDowngrade: z
      .object({
        fromPlanId: z.string(),
        planId: z.string(),
        appliedAt: z.string(),
        restoredAt: z.string().nullable(),
        usersDeactivated: z.number().int(),
        impact: impactOut,
      })
      .nullable(),
  })
  .meta({ id: 'LifecycleState' });

export const deleteBody = z.object({
  password: z.string().min(1, { message: 'is required' }).max(200),
  confirmSlug: z.string().min(1, { message: 'is required' }).max(100).describe('The portal address, typed again'),
});

export const deleteOut = z.object({ reference: z.string(), status: z.enum(['erasing', 'completed']), requestedAt: z.string() }).meta({ id: 'PortalDeletion' });

export const deletionPreviewOut = z.object({
  portal: z.object({ slug: z.string(), name: z.string() }),
  records: z.number().int().describe('Rows of the portal in every table'),
  storedBytes: z.number().int(),
  exportPage: z.string().describe('Where to export everything first'),
});
