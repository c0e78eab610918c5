import { Alert, Anchor, Button, Group, Paper, Radio, Select, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconPlayerPause } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate } from '../../lib/format';
import { invalidateBilling } from '../billing/ChangePlanModal';
import { idempotencyHeader } from '../billing/http';
import { idempotencyKey } from '../billing/money';
import type { Catalog } from '../billing/types';
import { ImpactReview } from './ImpactReview';
import { ResumeButton } from './ResumeButton';
import { LIFECYCLE_KEY, type DowngradeImpact, type LifecycleState } from './types';
import type { Json } from '../../api/types';
import { client, unwrap } from '../../api/client';

const BILLING = '/app/settings/billing';

/** A choice of the first step: cancel the paid plan, or move to Free or a cheaper paid plan. */
function choiceToRequest(choice: string): { mode: 'cancel' | 'downgrade'; planId: string } {
  if (choice === 'cancel') return { mode: 'cancel', planId: 'free' };
  return { mode: 'downgrade', planId: choice };
}

function ScheduledPanel({ state }: { state: LifecycleState }) {
  const sub = state.subscription;
  const c = state.cancellation;
  const until = formatDate(c?.effectiveAt ?? sub.currentPeriodEnd);
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCircleCheck size={20} />}
      title={c?.mode === 'downgrade' ? 'Downgrade confirmed' : 'Cancellation confirmed'}
      data-testid="cancel-confirmed"
    >
      <Stack gap="xs">
        <Text fz="sm" data-testid="paid-until">
          Paid features active until {until}.
        </Text>
        {c ? (
          <Text fz="sm">
            Reference <strong data-testid="cancel-reference">{c.reference}</strong>. We emailed the confirmation with this reference and the date to the
            portal’s admins.
          </Text>
        ) : null}
        <Text fz="sm">
          {c?.mode === 'downgrade' ? `From ${until} the new plan is billed instead.` : 'No further invoices.'} Changed your mind? Keep your plan until {until}:
          nothing is lost.
        </Text>
        <Group gap="sm">
          <ResumeButton label="Keep my plan" variant="default" />
          <Button component={Link} to={BILLING} variant="subtle">
            Back to billing
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function RetentionOffer({ months, onPause, pending }: { months: number[]; onPause: (m: number) => void; pending: boolean }) {
  const [chosen, setChosen] = useState(String(months[0] ?? 1));
  return (
    <Paper withBorder radius="md" p="md" style={{ flex: 1, minWidth: 260 }} component="aside" aria-label="Pause instead">
      <Group gap="xs" mb={4}>
        <IconPlayerPause size={18} />
        <Text fw={600}>Not sure? Pause instead</Text>
      </Group>
      <Text fz="sm" c="dimmed" mb="sm">
        No invoices for up to 3 months; everything stays readable. It resumes by itself, with a reminder a week before.
      </Text>
      <Group gap="sm" align="flex-end">
        <Select
          label="Pause for"
          data={months.map((m) => ({ value: String(m), label: `${m} month${m === 1 ? '' : 's'}` }))}
          value={chosen}
          onChange={(v) => v && setChosen(v)}
          allowDeselect={false}
          w={140}
        />
        <Button variant="light" onClick={() => onPause(Number(chosen))} loading={pending}>
          Pause instead
        </Button>
      </Group>
    </Paper>
  );
}

function CancelForm({ state, catalog, initial }: { state: LifecycleState; catalog: Catalog; initial: string | null }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sub = state.subscription;
  const current = catalog.plans.find((p) => p.id === sub.planId);
  const lower = catalog.plans.filter((p) => p.id !== 'free' && current && p.prices.monthly.amount < current.prices.monthly.amount);
  const [choice, setChoice] = useState(initial && (initial === 'free' || lower.some((p) => p.id === initial)) ? initial : 'cancel');
  const [reason, setReason] = useState('');
  const [kept, setKept] = useState<string[] | null>(null);
  const { mode, planId } = choiceToRequest(choice);
  const users = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'] });
  const impact = useQuery<DowngradeImpact>({
    queryKey: ['/api/billing/downgrade-impact', planId, kept?.join(',') ?? ''],
    queryFn: ({ signal }) => unwrap(client.GET('/api/billing/downgrade-impact', { signal, params: { query: { planId, keepUserIds: kept?.join(',') } } })),
    placeholderData: keepPreviousData,
  });
  const defaultKept = useMemo(() => {
    const over = new Set((impact.data?.usersOverLimit ?? []).map((u) => u.id));
    return (users.data?.items ?? []).filter((u) => u.status === 'active' && u.role !== 'owner' && !over.has(u.id)).map((u) => u.id);
  }, [impact.data, users.data]);
  const seatsTooMany = kept !== null && impact.data?.seats.limit != null && kept.length > impact.data.seats.limit - 1;
  const body = {
    mode,
    ...(mode === 'downgrade' ? { planId } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
    ...(kept ? { keepUserIds: kept } : {}),
  };
  const key = useMemo(() => idempotencyKey(), [JSON.stringify(body)]);
  const done = () => {
    invalidateBilling(queryClient);
    void queryClient.invalidateQueries({ queryKey: [LIFECYCLE_KEY] });
  };
  const confirm = useMutation({
    mutationFn: () => unwrap(client.POST('/api/billing/subscription/cancel', { body, params: { header: idempotencyHeader(key) } })),
    onSuccess: done,
  });
  const pause = useMutation({
    mutationFn: (months: number) =>
      unwrap(client.POST('/api/billing/subscription/pause', { body: { months, source: 'retention_offer' }, params: { header: idempotencyHeader() } })),
    onSuccess: () => {
      done();
      notifications.show({ color: 'green', title: 'Paused', message: 'No invoices while paused; the portal resumes by itself.' });
      void navigate(BILLING);
    },
  });
  const target = choice === 'cancel' ? 'Free' : (catalog.plans.find((p) => p.id === planId)?.name ?? planId);

  return (
    <Stack gap="lg">
      <Radio.Group label="What would you like to do?" value={choice} onChange={setChoice}>
        <Stack gap="xs" mt="xs">
          <Radio
            value="cancel"
            label="Cancel the paid plan"
            description="Paid features stay until the end of the period; then the portal is on Free, with all its data."
          />
          <Radio value="free" label="Downgrade to Free" description="The same, without calling it a cancellation: keep using SchedulingKit for free." />
          {lower.map((p) => (
            <Radio key={p.id} value={p.id} label={`Downgrade to ${p.name}`} description={`Keep a paid plan with fewer features, from the end of the period.`} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        label="Why are you leaving? (optional)"
        placeholder="It helps us get better; you can leave it empty."
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maxLength={1000}
        autosize
        minRows={2}
        maw={640}
      />
      {impact.isError ? (
        <ErrorAlert error={impact.error} title="Could not work out what changes" />
      ) : !impact.data ? (
        <Stack gap="sm" aria-busy>
          <Skeleton h={20} w={240} />
          <Skeleton h={100} />
        </Stack>
      ) : (
        <ImpactReview impact={impact.data} users={users.data?.items} kept={kept ?? defaultKept} onKeptChange={setKept} />
      )}
      <ErrorAlert error={confirm.error ?? pause.error} />
      <Group align="stretch" gap="md" wrap="wrap">
        {state.retentionOffer ? <RetentionOffer months={state.retentionOffer.months} onPause={(m) => pause.mutate(m)} pending={pause.isPending} /> : null}
        <Stack justify="flex-end" gap="xs">
          <Button color="red" onClick={() => confirm.mutate()} loading={confirm.isPending} disabled={!impact.data || seatsTooMany}>
            {mode === 'cancel' ? 'Cancel anyway' : `Downgrade to ${target} anyway`}
          </Button>
          <Button component={Link} to={BILLING} variant="subtle">
            Keep my plan
          </Button>
        </Stack>
      </Group>
    </Stack>
  );
}

/** Settings → Billing → Cancel or downgrade (LIF-1): choose, review the exact impact, confirm — one screen. */
export function CancelPage() {
  const [params] = useSearchParams();
  const state = useQuery<LifecycleState>({ queryKey: [LIFECYCLE_KEY] });
  const catalog = useQuery<Catalog>({ queryKey: ['/api/plans'] });
  const header = (
    <PageHeader
      order={2}
      title="Cancel or downgrade"
      description="Choose, see exactly what changes, confirm. Your plan stays until the end of the period, and you can change your mind until then."
    />
  );
  if (state.isError || catalog.isError) {
    return (
      <>
        {header}
        <QueryError error={state.error ?? catalog.error} onRetry={() => void state.refetch()} />
      </>
    );
  }
  if (!state.data || !catalog.data) {
    return (
      <>
        {header}
        <Skeleton h={320} radius="md" aria-busy />
      </>
    );
  }
  const s = state.data;
  let content;
  if (s.pause) {
    content = (
      <Alert color="yellow" variant="light" title={`Paused until ${formatDate(s.pause.resumeAt)}`}>
        <Stack gap="xs">
          <Text fz="sm">No invoices while paused; everything can be read, nothing can be changed. Resume first to cancel or downgrade.</Text>
          <Group>
            <ResumeButton label="Resume now" />
          </Group>
        </Stack>
      </Alert>
    );
  } else if (s.cancellation || s.subscription.cancelAtPeriodEnd) {
    content = <ScheduledPanel state={s} />;
  } else if (s.subscription.status === 'free') {
    content = (
      <EmptyPanel
        icon={<IconCircleCheck size={28} />}
        title="You are on Free"
        description="There is no paid plan to cancel. To remove the portal and all its data for good, see Delete portal."
        action={
          <Anchor component={Link} to="/app/settings/delete-portal">
            Delete portal
          </Anchor>
        }
      />
    );
  } else {
    content = <CancelForm state={s} catalog={catalog.data} initial={params.get('planId')} />;
  }
  return (
    <>
      {header}
      {content}
    </>
  );
}
