import { SegmentedControl } from '@mantine/core';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

const views = [
  { value: '/app/scheduling/booking-pages', label: 'Booking pages' },
  { value: '/app/scheduling/bookings', label: 'Bookings' },
];

/** Header of the scheduling pages: title and the switch between pages and bookings. */
export function SchedulingHeader({ title, description, actions }: { title: string; description: ReactNode; actions?: ReactNode }) {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <PageHeader
      title={title}
      description={description}
      actions={
        <>
          <SegmentedControl aria-label="Scheduling view" data={views} value={pathname} onChange={(v) => navigate(v)} />
          {actions}
        </>
      }
    />
  );
}
