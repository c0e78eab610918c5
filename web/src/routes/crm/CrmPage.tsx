import { IconAddressBook } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

/** Placeholder: the CRM module replaces this page. */
export function CrmPage() {
  return (
    <ComingSoon
      title="CRM"
      description="Contacts, companies and deals."
      icon={<IconAddressBook size={28} />}
      pitch="Keep track of the people and companies you work with, their deals and every conversation."
    />
  );
}
