import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { formatMoney } from '../billing/money';
import { dayFromNow, OVERVIEW_KEY, portalKey, type OperatorExport, type OperatorPortal, type Overview } from './operatorApi';
import { client, unwrap } from '../../api/client';

/** The four things an operator does to a portal (LIF-7), each a small form in a dialog. Every one is audited. */

interface ActionProps {
  portal: OperatorPortal;
  opened: boolean;
  onClose: () => void;
}

function useRefresh(portalId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: portalKey(portalId) });
    await queryClient.invalidateQueries({ queryKey: OVERVIEW_KEY });
    await queryClient.invalidateQueries({ queryKey: ['/api/operator/portals'], exact: false });
  };
}

function Footer({ onClose, label, loading, color }: { onClose: () => void; label: string; loading: boolean; color?: string }) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onClose} disabled={loading}>
        Cancel
      </Button>
      <Button type="submit" loading={loading} color={color}>
        {label}
      </Button>
    </Group>
  );
}

export function GrantPlanModal({ portal, opened, onClose }: ActionProps) {
  const overview = useQuery<Overview>({ queryKey: OVERVIEW_KEY });
  const refresh = useRefresh(portal.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { planId: '', until: dayFromNow(30), note: '' },
    validate: { planId: (v) => (v ? null : 'Choose a plan'), until: (v) => (v ? null : 'Choose the last day') },
  });
  const grant = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        client.POST('/api/operator/portals/{id}/comp', {
          params: { path: { id: portal.id } },
          body: { planId: v.planId, until: v.until, note: v.note.trim() || undefined },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      notifications.show({ message: `${portal.name} has the plan for free until ${form.values.until}.`, color: 'green' });
      onClose();
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });
  const plans = (overview.data?.plans ?? []).map((p) => ({ value: p.id, label: `${p.name} (${formatMoney(p.monthly, overview.data!.currency)}/month)` }));
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Grant a plan for free</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => (setFormError(null), grant.mutate(v)))}>
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            The portal gets the plan at once, free of charge until the date. Then what was due happens: a paying portal goes on with its plan, a portal on Free
            goes back to Free unless an admin keeps the plan.
          </Text>
          <ErrorAlert error={formError} />
          <Select label="Plan" placeholder="Choose a plan" data={plans} required {...form.getInputProps('planId')} />
          <TextInput label="Free until" type="date" required description="The plan is free until 00:00 UTC that day." {...form.getInputProps('until')} />
          <Textarea label="Note" description="Why, for the operator log (optional)." autosize minRows={2} {...form.getInputProps('note')} />
          <Footer onClose={onClose} label="Grant plan" loading={grant.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function ExtendTrialModal({ portal, opened, onClose }: ActionProps) {
  const refresh = useRefresh(portal.id);
  const [formError, setFormError] = useState<string | null>(null);
  const current = portal.plan?.trialEnd ? new Date(portal.plan.trialEnd) : new Date();
  const form = useForm({ initialValues: { until: dayFromNow(14, current), note: '' }, validate: { until: (v) => (v ? null : 'Choose the new end') } });
  const extend = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        client.POST('/api/operator/portals/{id}/trial-extension', {
          params: { path: { id: portal.id } },
          body: { until: v.until, note: v.note.trim() || undefined },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      notifications.show({ message: `The trial of ${portal.name} now ends on ${form.values.until}.`, color: 'green' });
      onClose();
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Extend the trial</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => (setFormError(null), extend.mutate(v)))}>
        <Stack gap="md">
          <ErrorAlert error={formError} />
          <TextInput label="New end of the trial" type="date" required {...form.getInputProps('until')} />
          <Textarea label="Note" description="Why, for the operator log (optional)." autosize minRows={2} {...form.getInputProps('note')} />
          <Footer onClose={onClose} label="Extend trial" loading={extend.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function ExportModal({ portal, opened, onClose }: ActionProps) {
  const refresh = useRefresh(portal.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim().length >= 3 ? null : REASON_HINT) },
  });
  const start = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(client.POST('/api/operator/portals/{id}/exports', { params: { path: { id: portal.id } }, body: { reason: v.reason.trim() } })),
    onSuccess: async () => {
      await refresh();
      notifications.show({ message: `Export of ${portal.name} started. It appears under Exports when ready.`, color: 'green' });
      form.reset();
      onClose();
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Export everything in {portal.name}</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => (setFormError(null), start.mutate(v)))}>
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            An export is the only way to a portal's data. It is recorded, with your name and reason, in the portal's own audit log, where its admins see it.
          </Text>
          <ErrorAlert error={formError} />
          <Textarea label="Reason" required placeholder="Customer asked for a copy, ticket 4711" autosize minRows={2} {...form.getInputProps('reason')} />
          <Footer onClose={onClose} label="Start export" loading={start.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

const REASON_HINT = 'Say why: the portal’s admins see it in their audit log';

/** Downloading an export asks for a reason too, whoever started it: the portal's admins see it, with your name, in their audit log. */
export function DownloadExportModal({ portal, exp, onClose }: { portal: OperatorPortal; exp: OperatorExport; onClose: () => void }) {
  const refresh = useRefresh(portal.id);
  const form = useForm({ initialValues: { reason: '' }, validate: { reason: (v) => (v.trim().length >= 3 ? null : REASON_HINT) } });
  const download = async (v: typeof form.values) => {
    // The browser downloads the ZIP itself (streamed to disk); the reason rides along as ?reason=.
    const link = document.createElement('a');
    link.href = `${exp.downloadUrl}?${new URLSearchParams({ reason: v.reason.trim() }).toString()}`;
    link.download = '';
    document.body.append(link);
    link.click();
    link.remove();
    notifications.show({ message: `Downloading the export of ${portal.name}. The download is in its audit log with your reason.`, color: 'green' });
    onClose();
    await refresh();
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Download the export of {portal.name}</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => void download(v))}>
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            The download is recorded, with your name and reason, in the portal's own audit log, where its admins see it.
          </Text>
          <Textarea label="Reason" required placeholder="Customer asked for a copy, ticket 4711" autosize minRows={2} {...form.getInputProps('reason')} />
          <Footer onClose={onClose} label="Download ZIP" loading={false} />
        </Stack>
      </form>
    </Modal>
  );
}

export function DeletePortalModal({ portal, opened, onClose }: ActionProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { confirmSlug: '', reason: '' },
    validate: { confirmSlug: (v) => (v.trim() === portal.slug ? null : `Type ${portal.slug} to confirm`) },
  });
  const remove = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        client.POST('/api/operator/portals/{id}/delete', {
          params: { path: { id: portal.id } },
          body: { confirmSlug: v.confirmSlug.trim(), reason: v.reason.trim() || undefined },
        }),
      ),
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: ['/api/operator/portals'], exact: false });
      await queryClient.invalidateQueries({ queryKey: OVERVIEW_KEY });
      notifications.show({ message: `${portal.name} is being deleted (${res.reference}). Its owner gets the receipt.`, color: 'gray' });
      await navigate('/operator/portals', { replace: true });
    },
    onError: (error) => setFormError(applyFormError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Delete {portal.name} for good</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => (setFormError(null), remove.mutate(v)))}>
        <Stack gap="md">
          <Text fz="sm">
            The portal stops answering at once and every session ends; then every record and file is erased and its owner is mailed a receipt. This cannot be
            undone. Start an export first if anyone may need the data.
          </Text>
          <ErrorAlert error={formError} />
          <TextInput
            label="Portal address"
            description={`Type ${portal.slug} to confirm.`}
            required
            autoComplete="off"
            {...form.getInputProps('confirmSlug')}
          />
          <Textarea label="Reason" description="For the operator log (optional)." autosize minRows={2} {...form.getInputProps('reason')} />
          <Footer onClose={onClose} label="Delete portal" loading={remove.isPending} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}
