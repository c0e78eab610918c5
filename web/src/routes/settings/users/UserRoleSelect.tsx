import { Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors';
import { roleLabels } from '../../../lib/session';
import type { AssignableRole, User } from '../../../types';
import { client, unwrap } from '../../../api/client';

const options = [
  { value: 'admin', label: 'Admin' },
  { value: 'member', label: 'Member' },
];

/** Inline role picker in the users table (admins only, never for the owner). */
export function UserRoleSelect({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (role: AssignableRole) => unwrap(client.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: { role } })),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: ['/api/users'] });
      notifications.show({
        message: `${updated.name} is now ${roleLabels[updated.role].toLowerCase()}.`,
        color: 'green',
      });
    },
    onError: (error) => {
      notifications.show({ title: 'Could not change the role', message: errorMessage(error), color: 'red' });
    },
  });

  return (
    <Select
      aria-label={`Role of ${user.name}`}
      data={options}
      value={change.isPending && change.variables ? change.variables : user.role}
      onChange={(value) => {
        if (value && value !== user.role) change.mutate(value as AssignableRole);
      }}
      allowDeselect={false}
      disabled={change.isPending || user.status !== 'active'}
      size="xs"
      w={130}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
