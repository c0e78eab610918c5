import { SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { requiredText } from '../../lib/validators';
import { blankToNull, invalidateCrm, placeErrors } from './crmQueries';
import type { Company } from './crmTypes';
import { FormModal } from './FormModal';
import { OwnerSelect } from './pickers';
import { client, unwrap } from '../../api/client';
import { useSession } from '../../lib/session';
import { limitedInputs } from '../../lib/limits';

interface Values {
  name: string;
  website: string;
  industry: string;
  phone: string;
  email: string;
  address: string;
  notes: string;
  ownerId: string | null;
}

const valuesOf = (c?: Company | null, me: string | null = null): Values => ({
  name: c?.name ?? '',
  website: c?.website ?? '',
  industry: c?.industry ?? '',
  phone: c?.phone ?? '',
  email: c?.email ?? '',
  address: c?.address ?? '',
  notes: c?.notes ?? '',
  ownerId: c ? c.ownerId : me,
});

/** Create a company, or edit `company`. */
export function CompanyFormModal({
  opened,
  onClose,
  company,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  company?: Company | null;
  onSaved?: (c: Company) => void;
}) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  // A new record is the creating user's until they choose someone else.
  const me = useSession().user.id;
  const form = useForm<Values>({ initialValues: valuesOf(company, me), validate: { name: requiredText('a name') } });
  const input = limitedInputs(form, 'POST /api/crm/companies');
  useEffect(() => {
    if (!opened) return;
    form.setValues(valuesOf(company, me));
    form.clearErrors();
    setError(null);
    // Fill the form each time it opens, from the record as it is now.
  }, [opened, company]);
  const close = () => onClose();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        ...v,
        name: v.name.trim(),
        website: blankToNull(v.website),
        industry: blankToNull(v.industry),
        phone: blankToNull(v.phone),
        email: blankToNull(v.email),
        address: blankToNull(v.address),
        notes: blankToNull(v.notes),
      };
      return company
        ? unwrap(client.PATCH('/api/crm/companies/{id}', { params: { path: { id: company.id } }, body }))
        : unwrap(client.POST('/api/crm/companies', { body }));
    },
    onSuccess: (saved) => {
      void invalidateCrm(queryClient, 'companies', 'contacts', 'deals');
      onSaved?.(saved);
      onClose();
    },
    onError: (err) => setError(placeErrors(form, err)),
  });

  return (
    <FormModal
      opened={opened}
      onClose={close}
      title={company ? `Edit ${company.name}` : 'New company'}
      submitLabel={company ? 'Save' : 'Create company'}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      pending={save.isPending}
      error={error}
    >
      <TextInput label="Name" required data-autofocus {...input('name')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Website" placeholder="https://" {...input('website')} />
        <TextInput label="Industry" {...input('industry')} />
        <TextInput label="Phone" type="tel" {...input('phone')} />
        <TextInput label="Email" type="email" {...input('email')} />
      </SimpleGrid>
      <Textarea label="Address" autosize minRows={2} {...input('address')} />
      <OwnerSelect {...input('ownerId')} />
      <Textarea label="Notes" autosize minRows={3} {...input('notes')} />
    </FormModal>
  );
}
