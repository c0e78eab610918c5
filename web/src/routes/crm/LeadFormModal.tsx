import { Group, Select, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { requiredText } from '../../lib/validators';
import { blankToNull, invalidateCrm, placeErrors } from './crmQueries';
import { label, LEAD_SOURCES, LEAD_STATUSES, type Lead, type LeadSource, type LeadStatus } from './crmTypes';
import { FormModal } from './FormModal';
import { decimalToMinor, minorToDecimal } from './money';
import { CurrencySelect, OwnerSelect } from './pickers';
import { client, unwrap } from '../../api/client';
import { useSession } from '../../lib/session';
import { limitedInputs } from '../../lib/limits';

interface Values {
  title: string;
  name: string;
  companyName: string;
  email: string;
  phone: string;
  status: LeadStatus;
  source: LeadSource;
  amount: string;
  currency: string;
  ownerId: string | null;
  notes: string;
}

const valuesOf = (l?: Lead | null, me: string | null = null): Values => ({
  title: l?.title ?? '',
  name: l?.name ?? '',
  companyName: l?.companyName ?? '',
  email: l?.email ?? '',
  phone: l?.phone ?? '',
  status: l?.status ?? 'new',
  source: l?.source ?? 'website',
  amount: l?.amount != null && l.currency ? minorToDecimal(l.amount, l.currency) : '',
  currency: l?.currency ?? 'EUR',
  ownerId: l ? l.ownerId : me,
  notes: l?.notes ?? '',
});

/** Create a lead, or edit `lead`. */
export function LeadFormModal({ opened, onClose, lead, onSaved }: { opened: boolean; onClose: () => void; lead?: Lead | null; onSaved?: (l: Lead) => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  // A new record is the creating user's until they choose someone else.
  const me = useSession().user.id;
  const form = useForm<Values>({
    initialValues: valuesOf(lead, me),
    validate: {
      title: requiredText('a title'),
      amount: (v, all) => (v.trim() && decimalToMinor(v, all.currency) === null ? 'Enter an amount such as 1200.50' : null),
    },
  });
  const input = limitedInputs(form, 'POST /api/crm/leads');
  useEffect(() => {
    if (!opened) return;
    form.setValues(valuesOf(lead, me));
    form.clearErrors();
    setError(null);
    // Fill the form each time it opens, from the record as it is now.
  }, [opened, lead]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const amount = v.amount.trim() ? decimalToMinor(v.amount, v.currency) : null;
      const body = {
        title: v.title.trim(),
        name: blankToNull(v.name),
        companyName: blankToNull(v.companyName),
        email: blankToNull(v.email),
        phone: blankToNull(v.phone),
        source: v.source,
        ...(lead?.status === 'converted' ? {} : { status: v.status }),
        amount,
        currency: amount === null ? null : v.currency,
        ownerId: v.ownerId,
        notes: blankToNull(v.notes),
      };
      return lead ? unwrap(client.PATCH('/api/crm/leads/{id}', { params: { path: { id: lead.id } }, body })) : unwrap(client.POST('/api/crm/leads', { body }));
    },
    onSuccess: (saved) => {
      void invalidateCrm(queryClient, 'leads');
      onSaved?.(saved);
      onClose();
    },
    onError: (err) => setError(placeErrors(form, err)),
  });

  const statuses = LEAD_STATUSES.filter((s) => s !== 'converted' || lead?.status === 'converted');
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={lead ? `Edit ${lead.title}` : 'New lead'}
      submitLabel={lead ? 'Save' : 'Create lead'}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      pending={save.isPending}
      error={error}
    >
      <TextInput label="Title" description="What the lead is about" required data-autofocus {...input('title')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Person" {...input('name')} />
        <TextInput label="Company" {...input('companyName')} />
        <TextInput label="Email" type="email" {...input('email')} />
        <TextInput label="Phone" type="tel" {...input('phone')} />
        <Select
          label="Status"
          data={statuses.map((s) => ({ value: s, label: label(s) }))}
          allowDeselect={false}
          disabled={lead?.status === 'converted'}
          comboboxProps={{ withinPortal: true }}
          {...input('status')}
        />
        <Select
          label="Source"
          data={LEAD_SOURCES.map((s) => ({ value: s, label: label(s) }))}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...input('source')}
        />
      </SimpleGrid>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <TextInput label="Expected value" inputMode="decimal" placeholder="0.00" style={{ flex: 1 }} {...input('amount')} />
        <CurrencySelect {...input('currency')} />
      </Group>
      <OwnerSelect {...input('ownerId')} />
      <Textarea label="Notes" autosize minRows={3} {...input('notes')} />
    </FormModal>
  );
}
