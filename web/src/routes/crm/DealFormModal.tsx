import { Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { requiredText } from '../../lib/validators';

import { invalidateCrm, placeErrors } from './crmQueries';
import type { Deal } from './crmTypes';
import { FormModal } from './FormModal';
import { decimalToMinor, minorToDecimal } from './money';
import { CompanySelect, ContactSelect, CurrencySelect, OwnerSelect } from './pickers';
import type { Json } from '../../api/types';
import { client, unwrap } from '../../api/client';
import { useSession } from '../../lib/session';
import { closeDatePassed } from './CloseDate';
import { limitedInputs } from '../../lib/limits';

interface Values {
  title: string;
  amount: string;
  currency: string;
  pipelineId: string | null;
  stageId: string | null;
  companyId: string | null;
  contactId: string | null;
  ownerId: string | null;
  expectedCloseDate: string;
}

export interface DealDefaults {
  pipelineId?: string;
  stageId?: string;
  company?: { id: string; name: string };
  contact?: { id: string; name: string };
}

const valuesOf = (d?: Deal | null, defaults: DealDefaults = {}, me: string | null = null): Values => ({
  title: d?.title ?? '',
  amount: d ? minorToDecimal(d.amount, d.currency) : '',
  currency: d?.currency ?? 'EUR',
  pipelineId: d?.pipelineId ?? defaults.pipelineId ?? null,
  stageId: d?.stageId ?? defaults.stageId ?? null,
  companyId: d?.companyId ?? defaults.company?.id ?? null,
  contactId: d?.contactId ?? defaults.contact?.id ?? null,
  ownerId: d ? d.ownerId : me,
  expectedCloseDate: d?.expectedCloseDate ?? '',
});

interface Props {
  opened: boolean;
  onClose: () => void;
  deal?: Deal | null;
  defaults?: DealDefaults;
  onSaved?: (d: Deal) => void;
}

/** Create a deal (in the pipeline and stage chosen, else the default pipeline's first stage), or edit `deal`. */
export function DealFormModal({ opened, onClose, deal, defaults, onSaved }: Props) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const pipelines = useQuery<Json<'/api/crm/pipelines'>>({ queryKey: ['/api/crm/pipelines?limit=100'], enabled: opened });
  // A new record is the creating user's until they choose someone else.
  const me = useSession().user.id;
  const form = useForm<Values>({
    initialValues: valuesOf(deal, defaults, me),
    validate: {
      title: requiredText('a title'),
      amount: (v, all) => (v.trim() && decimalToMinor(v, all.currency) === null ? 'Enter an amount such as 1200.50' : null),
    },
  });
  const input = limitedInputs(form, 'POST /api/crm/deals');
  useEffect(() => {
    if (!opened) return;
    form.setValues(valuesOf(deal, defaults, me));
    form.clearErrors();
    setError(null);
    // Fill the form each time it opens, from the record as it is now.
  }, [opened, deal]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        title: v.title.trim(),
        // The form's validation rejects amounts that do not parse; an empty amount is 0.
        amount: (v.amount.trim() ? decimalToMinor(v.amount, v.currency) : null) ?? 0,
        currency: v.currency,
        ...(v.pipelineId ? { pipelineId: v.pipelineId } : {}),
        ...(v.stageId ? { stageId: v.stageId } : {}),
        companyId: v.companyId,
        contactId: v.contactId,
        ownerId: v.ownerId,
        expectedCloseDate: v.expectedCloseDate || null,
      };
      return deal ? unwrap(client.PATCH('/api/crm/deals/{id}', { params: { path: { id: deal.id } }, body })) : unwrap(client.POST('/api/crm/deals', { body }));
    },
    onSuccess: (saved) => {
      void invalidateCrm(queryClient, 'deals', 'pipelines');
      void queryClient.invalidateQueries({ queryKey: ['crm-board'] });
      onSaved?.(saved);
      onClose();
    },
    onError: (err) => setError(placeErrors(form, err)),
  });

  const items = pipelines.data?.items ?? [];
  const pipeline = items.find((p) => p.id === form.values.pipelineId) ?? items.find((p) => p.isDefault);
  // A deal without a chosen stage goes to the pipeline's first stage, which is open.
  const stageKind = pipeline?.stages.find((st) => st.id === form.values.stageId)?.kind ?? 'open';
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={deal ? `Edit ${deal.title}` : 'New deal'}
      submitLabel={deal ? 'Save' : 'Create deal'}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      pending={save.isPending}
      error={error}
    >
      <TextInput label="Title" required data-autofocus {...input('title')} />
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <TextInput label="Amount" inputMode="decimal" placeholder="0.00" style={{ flex: 1 }} {...input('amount')} />
        <CurrencySelect {...input('currency')} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Pipeline"
          data={items.map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline?.id ?? null}
          onChange={(id) => form.setValues({ pipelineId: id, stageId: null })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          error={form.errors.pipelineId}
        />
        <Select
          label="Stage"
          placeholder="First stage"
          data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
          clearable
          comboboxProps={{ withinPortal: true }}
          {...input('stageId')}
        />
        <CompanySelect currentLabel={deal?.companyName ?? defaults?.company?.name ?? null} {...input('companyId')} />
        <ContactSelect currentLabel={deal?.contactName ?? defaults?.contact?.name ?? null} {...input('contactId')} />
        <OwnerSelect {...input('ownerId')} />
        <TextInput
          label="Expected close"
          type="date"
          description={
            closeDatePassed({ status: stageKind, expectedCloseDate: form.values.expectedCloseDate || null })
              ? 'This date has passed and the deal is still open.'
              : undefined
          }
          {...input('expectedCloseDate')}
        />
      </SimpleGrid>
    </FormModal>
  );
}
