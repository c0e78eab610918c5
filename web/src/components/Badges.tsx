import { Badge } from '@mantine/core';
import { roleLabels } from '../lib/session';
import type { InviteStatus, OutboxStatus, Role, UserStatus } from '../types';

const roleColors: Record<Role, string> = { owner: 'grape', admin: 'indigo', member: 'gray' };

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={roleColors[role]} size="sm">
      {roleLabels[role]}
    </Badge>
  );
}

export function UserStatusBadge({ status }: { status: UserStatus }) {
  return status === 'active' ? (
    <Badge variant="dot" color="green" size="sm">
      Active
    </Badge>
  ) : (
    <Badge variant="dot" color="gray" size="sm">
      Deactivated
    </Badge>
  );
}

const inviteColors: Record<InviteStatus, string> = {
  pending: 'blue',
  accepted: 'green',
  revoked: 'gray',
  expired: 'orange',
};

export function InviteStatusBadge({ status }: { status: InviteStatus }) {
  return (
    <Badge variant="light" color={inviteColors[status]} size="sm">
      {status[0]?.toUpperCase() + status.slice(1)}
    </Badge>
  );
}

const outboxColors: Record<OutboxStatus, string> = {
  queued: 'blue',
  sent: 'green',
  failed: 'red',
  stored: 'gray',
};

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  return (
    <Badge variant="light" color={outboxColors[status]} size="sm">
      {status[0]?.toUpperCase() + status.slice(1)}
    </Badge>
  );
}
