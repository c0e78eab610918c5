import { IconChecklist } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

/** Placeholder: the Tasks module replaces this page. */
export function TasksPage() {
  return (
    <ComingSoon
      title="Tasks"
      description="Projects and tasks for your team."
      icon={<IconChecklist size={28} />}
      pitch="Plan projects, assign tasks, set due dates and see what everyone is working on."
    />
  );
}
