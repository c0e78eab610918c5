import { Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

import { invalidateCrm } from './crmQueries';
import type { Lead } from './crmTypes';
import { FormModal } from './FormModal';
import { formatMoney } from './money';
import type { Json } from '../../api/types';
import { client, unwrap } from '../../api/client';

/** Converts a lead into a contact (and its company), optionally with a deal, then opens the new contact. */
export function ConvertLeadModal({ lead, opened, onClose }: { lead: Lead; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [createDeal, setCreateDeal] = useState<'yes' | 'no'>('yes');
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const pipelines = useQuery<Json<'/api/crm/pipelines'>>({ queryKey: ['/api/crm/pipelines?limit=100'], enabled: opened });
  const items = pipelines.data?.items ?? [];
  useEffect(() => {
    if (opened && !pipelineId) setPipelineId(items.find((p) => p.isDefault)?.id ?? null);
  }, [opened, items, pipelineId]);

  const convert = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/crm/leads/{id}/convert', {
          params: { path: { id: lead.id } },
          body: { createDeal: createDeal === 'yes', ...(createDeal === 'yes' && pipelineId ? { pipelineId } : {}) },
        }),
      ),
    onSuccess: (res) => {
      void invalidateCrm(queryClient, 'leads', 'contacts', 'companies', 'deals');
      notifications.show({ title: 'Lead converted', message: res.dealId ? 'A contact and a deal were created.' : 'A contact was created.', color: 'green' });
      onClose();
      void navigate(`/app/crm/contacts/${res.contactId}`);
    },
  });

  const value = lead.amount != null && lead.currency ? formatMoney(lead.amount, lead.currency) : null;
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={`Convert "${lead.title}"`}
      submitLabel="Convert"
      onSubmit={(e) => {
        e?.preventDefault();
        convert.mutate();
      }}
      pending={convert.isPending}
      error={convert.error ? (convert.error as Error).message : null}
      size="md"
    >
      <Text fz="sm">
        This creates a contact{lead.name ? ` for ${lead.name}` : ''}
        {lead.companyName ? ` at ${lead.companyName} (an existing company of that name is reused)` : ''} and marks the lead converted.
      </Text>
      <Radio.Group label="Create a deal too?" value={createDeal} onChange={(v) => setCreateDeal(v as 'yes' | 'no')}>
        <Stack gap="xs" mt="xs">
          <Radio value="yes" label={`Yes, a deal "${lead.title}"${value ? ` worth ${value}` : ''}`} />
          <Radio value="no" label="No, only the contact" />
        </Stack>
      </Radio.Group>
      {createDeal === 'yes' && items.length > 1 ? (
        <Select
          label="Pipeline"
          data={items.map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId}
          onChange={setPipelineId}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      ) : null}
    </FormModal>
  );
}
