import { Button, Group, NumberInput, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { applyFormError } from '../../lib/errors';
import { invalidateBilling } from './ChangePlanModal';
import { idempotencyHeader } from './http';
import type { PaymentMethodState } from './types';
import { client, unwrap } from '../../api/client';

interface CardValues {
  cardNumber: string;
  expMonth: number | string;
  expYear: number | string;
  cvc: string;
}

const required = (label: string) => (v: unknown) => (v === '' || v === null || v === undefined ? `${label} is required` : null);

/** The card on file, and the form that replaces it. Test cards: 4242 4242 4242 4242 works, 4000 0000 0000 0002 is declined. */
export function PaymentMethodCard() {
  const queryClient = useQueryClient();
  const current = useQuery<PaymentMethodState>({ queryKey: ['/api/billing/payment-method'] });
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CardValues>({
    initialValues: { cardNumber: '', expMonth: '', expYear: '', cvc: '' },
    validate: { cardNumber: required('Card number'), expMonth: required('Expiry month'), expYear: required('Expiry year'), cvc: required('CVC') },
  });
  const save = useMutation({
    mutationFn: (v: CardValues) =>
      unwrap(
        client.POST('/api/billing/payment-method', {
          params: { header: idempotencyHeader() },
          body: {
            cardNumber: v.cardNumber,
            expMonth: Number(v.expMonth),
            expYear: Number(v.expYear),
            cvc: v.cvc,
          },
        }),
      ),
    onSuccess: (res) => {
      queryClient.setQueryData(['/api/billing/payment-method'], res);
      invalidateBilling(queryClient);
      form.reset();
      const card = res.paymentMethod;
      notifications.show({ color: 'green', title: 'Card saved', message: card ? `${card.brand} ending in ${card.last4}` : 'Your card is on file.' });
    },
    onError: (err) => setFormError(applyFormError(form, err, { codeFields: { CARD_DECLINED: 'cardNumber' } })),
  });
  const pm = current.data?.paymentMethod;

  return (
    <SectionCard title="Payment method" description="We keep only a token from the payment provider, never your card number or CVC.">
      <Stack gap="md">
        <Text fz="sm" data-testid="card-on-file">
          {current.isPending
            ? 'Loading…'
            : pm
              ? `Card on file: ${pm.brand} ending in ${pm.last4}, expires ${String(pm.expMonth).padStart(2, '0')}/${pm.expYear}`
              : 'No card on file.'}
        </Text>
        <form
          noValidate
          onSubmit={form.onSubmit((v) => {
            setFormError(null);
            save.mutate(v);
          })}
        >
          <Stack gap="sm">
            <ErrorAlert error={formError} />
            <TextInput
              label="Card number"
              inputMode="numeric"
              autoComplete="cc-number"
              placeholder="4242 4242 4242 4242"
              required
              {...form.getInputProps('cardNumber')}
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <NumberInput
                label="Expiry month"
                min={1}
                max={12}
                autoComplete="cc-exp-month"
                placeholder="MM"
                required
                hideControls
                {...form.getInputProps('expMonth')}
              />
              <NumberInput
                label="Expiry year"
                min={2000}
                max={2100}
                autoComplete="cc-exp-year"
                placeholder="YYYY"
                required
                hideControls
                {...form.getInputProps('expYear')}
              />
              <PasswordInput label="CVC" autoComplete="cc-csc" inputMode="numeric" placeholder="123" required {...form.getInputProps('cvc')} />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Save card
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </SectionCard>
  );
}
