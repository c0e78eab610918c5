import { Stack } from '@mantine/core';
import { ForbiddenNotice } from '../../components/ForbiddenNotice';
import { PageHeader } from '../../components/PageHeader';
import { isAdminRole, useSession } from '../../lib/session';
import { ApiError } from '../../api';
import { BitrixSection } from './BitrixSection';
import { CsvImportSection } from './CsvImportSection';
import { ExportSection } from './ExportSection';
import { RestoreSection } from './RestoreSection';

/** Settings → Data: export everything, restore an export, import CSV files, migrate from Bitrix24 (admins). */
export function DataPage() {
  const { role } = useSession();
  return (
    <>
      <PageHeader order={2} title="Data" description="Your data is yours: take all of it with you, or bring it in from elsewhere." />
      {isAdminRole(role) ? (
        <Stack gap="lg">
          <ExportSection />
          <RestoreSection />
          <CsvImportSection />
          <BitrixSection />
        </Stack>
      ) : (
        <ForbiddenNotice error={new ApiError(403, 'FORBIDDEN', 'Only an admin can export or import data.')} />
      )}
    </>
  );
}
