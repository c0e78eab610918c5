import { IconFolder } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

/** Placeholder: the Drive module replaces this page. */
export function DrivePage() {
  return (
    <ComingSoon
      title="Drive"
      description="Files and folders shared with your team."
      icon={<IconFolder size={28} />}
      pitch="Upload, organise and share files with your team, with previews and version history."
    />
  );
}
