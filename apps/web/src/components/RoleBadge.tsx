import { Badge } from '@mantine/core';
import { ROLE_LABELS, type Role } from '@relata/shared';

const COLORS: Record<Role, string> = {
  owner: 'grape',
  admin: 'indigo',
  manager: 'cyan',
  member: 'teal',
  viewer: 'gray',
};

/** A coloured badge with the role's label. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge color={COLORS[role]} variant="light" radius="sm">
      {ROLE_LABELS[role]}
    </Badge>
  );
}
