import { Avatar, Badge, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RoleBadge, UserStatusBadge } from '../../../components/Badges';
import { QueryError } from '../../../components/QueryError';
import { TableSkeleton } from '../../../components/TableSkeleton';
import { formatRelative } from '../../../lib/format';
import { initials } from '../../../lib/initials';
import { isAdminRole, useSession } from '../../../lib/session';
import type { User } from '../../../types';
import { UserRoleSelect } from './UserRoleSelect';
import { UserStatusAction } from './UserStatusAction';
import type { Json } from '../../../api/types';

const roleOrder = { owner: 0, admin: 1, member: 2 } as const;

function sortUsers(users: User[]): User[] {
  return [...users].sort(
    (a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name),
  );
}

export function UsersCard() {
  const session = useSession();
  const admin = isAdminRole(session.role);
  const users = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'] });
  const columns = admin ? 5 : 4;

  if (users.isError) return <QueryError error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <Paper withBorder radius="md" component="section" aria-label="Users">
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Last active</Table.Th>
              {admin ? (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          {users.isPending ? (
            <TableSkeleton columns={columns} />
          ) : (
            <Table.Tbody>
              {sortUsers(users.data.items).map((user) => {
                const isSelf = user.id === session.user.id;
                const editable = admin && !isSelf && user.role !== 'owner';
                return (
                  <Table.Tr key={user.id} opacity={user.status === 'active' ? 1 : 0.65}>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <Avatar radius="xl" size={34} color="indigo">
                          {initials(user.name)}
                        </Avatar>
                        <div style={{ minWidth: 0 }}>
                          <Group gap={6} wrap="nowrap">
                            <Text fz="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                              {user.name}
                            </Text>
                            {isSelf ? (
                              <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>
                                You
                              </Badge>
                            ) : null}
                          </Group>
                          <Text fz="xs" c="dimmed">
                            {user.email}
                          </Text>
                        </div>
                      </Group>
                    </Table.Td>
                    <Table.Td>{editable ? <UserRoleSelect user={user} /> : <RoleBadge role={user.role} />}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <UserStatusBadge status={user.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {formatRelative(user.lastActiveAt)}
                      </Text>
                    </Table.Td>
                    {admin ? <Table.Td ta="right">{editable ? <UserStatusAction user={user} /> : null}</Table.Td> : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          )}
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
