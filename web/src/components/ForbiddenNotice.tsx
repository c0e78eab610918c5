import { Anchor, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Fragment } from 'react';
import type { ApiError } from '../api';
import { EmptyPanel } from './EmptyPanel';

/** Full-panel version of the 403 message: "You need an admin for this. Ask …". */
export function ForbiddenNotice({ error }: { error: ApiError }) {
  const admins = error.admins.slice(0, 3);
  return (
    <EmptyPanel
      icon={<IconLock size={28} />}
      title="Admins only"
      description={
        admins.length === 0 ? (
          <Text span inherit>
            You need an admin for this. Ask an admin of your portal.
          </Text>
        ) : (
          <Text span inherit>
            You need an admin for this. Ask{' '}
            {admins.map((a, i) => (
              <Fragment key={a.email}>
                {i > 0 && ' or '}
                {a.name} (
                <Anchor href={`mailto:${a.email}`} inherit>
                  {a.email}
                </Anchor>
                )
              </Fragment>
            ))}
            .
          </Text>
        )
      }
    />
  );
}
