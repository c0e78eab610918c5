import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime } from '../../lib/format';
import { invalidateBilling } from './ChangePlanModal';
import type { Json } from '../../api/types';
import { client, unwrap } from '../../api/client';

/** Only with TEST_CLOCK=1 (never in production): move this portal's time forward to see renewals happen. */
export function TestClockCard() {
  const queryClient = useQueryClient();
  const clock = useQuery<Json<'/api/test-clock'>>({ queryKey: ['/api/test-clock'] });
  const [days, setDays] = useState<number | string>(30);
  const advance = useMutation({
    mutationFn: () => unwrap(client.POST('/api/test-clock/advance', { body: { days: Number(days) } })),
    onSuccess: (res) => {
      queryClient.setQueryData(['/api/test-clock'], { enabled: true, now: res.now });
      invalidateBilling(queryClient);
    },
  });
  if (!clock.data?.enabled) return null;
  return (
    <SectionCard
      title="Test clock"
      description="This server runs with TEST_CLOCK=1. Moving the clock runs every renewal, retry and reminder that falls due. Sessions expire after 30 days of portal time."
    >
      <Stack gap="sm">
        <ErrorAlert error={advance.error} />
        <Text fz="sm">Portal time: {formatDateTime(clock.data.now)}</Text>
        <Group align="flex-end" gap="sm">
          <NumberInput label="Days to advance" min={0} max={3660} value={days} onChange={setDays} w={160} />
          <Button variant="default" onClick={() => advance.mutate()} loading={advance.isPending}>
            Advance clock
          </Button>
        </Group>
      </Stack>
    </SectionCard>
  );
}
