import { ActionIcon, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { requiredText } from '../../lib/validators';
import { blankToNull, invalidateCrm, placeErrors } from './crmQueries';
import { EMAIL_TYPES, label, PHONE_TYPES, type Contact, type EmailType, type PhoneType } from './crmTypes';
import { FormModal } from './FormModal';
import { CompanySelect, OwnerSelect } from './pickers';
import { client, unwrap } from '../../api/client';
import { useSession } from '../../lib/session';
import { limitedInputs } from '../../lib/limits';

interface Values {
  firstName: string;
  lastName: string;
  companyId: string | null;
  jobTitle: string;
  emails: { value: string; type: EmailType }[];
  phones: { value: string; type: PhoneType }[];
  ownerId: string | null;
  notes: string;
}

const valuesOf = (c?: Contact | null, companyId?: string | null, me: string | null = null): Values => ({
  firstName: c?.firstName ?? '',
  lastName: c?.lastName ?? '',
  companyId: c?.companyId ?? companyId ?? null,
  jobTitle: c?.jobTitle ?? '',
  emails: c?.emails.length ? c.emails : [{ value: '', type: 'work' }],
  phones: c?.phones.length ? c.phones : [{ value: '', type: 'work' }],
  ownerId: c ? c.ownerId : me,
  notes: c?.notes ?? '',
});

interface Props {
  opened: boolean;
  onClose: () => void;
  contact?: Contact | null;
  /** A new contact's company, with its name (e.g. from the company page). */
  company?: { id: string; name: string } | null;
  onSaved?: (c: Contact) => void;
}

/** Create a contact, or edit `contact`: names, company, several emails and phones, each with a type. */
export function ContactFormModal({ opened, onClose, contact, company, onSaved }: Props) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  // A new record is the creating user's until they choose someone else.
  const me = useSession().user.id;
  const form = useForm<Values>({ initialValues: valuesOf(contact, company?.id, me), validate: { firstName: requiredText('a first name') } });
  const input = limitedInputs(form, 'POST /api/crm/contacts');
  useEffect(() => {
    if (!opened) return;
    form.setValues(valuesOf(contact, company?.id, me));
    form.clearErrors();
    setError(null);
    // Fill the form each time it opens, from the record as it is now.
  }, [opened, contact, company]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        firstName: v.firstName.trim(),
        lastName: v.lastName.trim(),
        companyId: v.companyId,
        jobTitle: blankToNull(v.jobTitle),
        // Empty rows are left out rather than refused.
        emails: v.emails.filter((e) => e.value.trim()).map((e) => ({ ...e, value: e.value.trim() })),
        phones: v.phones.filter((p) => p.value.trim()).map((p) => ({ ...p, value: p.value.trim() })),
        ownerId: v.ownerId,
        notes: blankToNull(v.notes),
      };
      return contact
        ? unwrap(client.PATCH('/api/crm/contacts/{id}', { params: { path: { id: contact.id } }, body }))
        : unwrap(client.POST('/api/crm/contacts', { body }));
    },
    onSuccess: (saved) => {
      void invalidateCrm(queryClient, 'contacts', 'deals');
      onSaved?.(saved);
      onClose();
    },
    onError: (err) => setError(placeErrors(form, err)),
  });

  const typed = <K extends 'emails' | 'phones'>(list: K, types: string[], inputLabel: string, inputType: string) => (
    <Stack gap="xs">
      <Text fz="sm" fw={500}>
        {inputLabel}s
      </Text>
      {form.values[list].map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput aria-label={`${inputLabel} ${i + 1}`} type={inputType} placeholder={inputLabel} style={{ flex: 1 }} {...input(`${list}.${i}.value`)} />
          <Select
            aria-label={`${inputLabel} ${i + 1} type`}
            data={types.map((t) => ({ value: t, label: label(t) }))}
            allowDeselect={false}
            w={120}
            comboboxProps={{ withinPortal: true }}
            {...input(`${list}.${i}.type`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Remove ${inputLabel.toLowerCase()} ${i + 1}`}
            onClick={() => form.removeListItem(list, i)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem(list, { value: '', type: 'work' } as never)}
        style={{ alignSelf: 'flex-start' }}
      >
        Add {inputLabel.toLowerCase()}
      </Button>
    </Stack>
  );

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={contact ? `Edit ${contact.name}` : 'New contact'}
      submitLabel={contact ? 'Save' : 'Create contact'}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      pending={save.isPending}
      error={error}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="First name" required data-autofocus {...input('firstName')} />
        <TextInput label="Last name" {...input('lastName')} />
        <CompanySelect currentLabel={contact?.companyName ?? company?.name ?? null} {...input('companyId')} />
        <TextInput label="Job title" {...input('jobTitle')} />
      </SimpleGrid>
      {typed('emails', EMAIL_TYPES, 'Email', 'email')}
      {typed('phones', PHONE_TYPES, 'Phone', 'tel')}
      <OwnerSelect {...input('ownerId')} />
      <Textarea label="Notes" autosize minRows={3} {...input('notes')} />
    </FormModal>
  );
}
