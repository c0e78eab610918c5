import { IconBolt } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

/** Placeholder: the Automations module replaces this page. */
export function AutomationsPage() {
  return (
    <ComingSoon
      title="Automations"
      description="Workflows that run on their own."
      icon={<IconBolt size={28} />}
      pitch="Connect triggers and actions across CRM, tasks and calendar so routine work happens by itself."
    />
  );
}
