import { Select } from '@mantine/core';
import { ROLES, ROLE_LABELS, type Role, roleAtLeast } from '@relata/shared';

/**
 * The role of one member as a select. Disabled unless the viewer is an admin; only owners may grant
 * the owner role or change an owner's role (the server enforces the same rules).
 */
export function RoleSelect({
  memberName,
  value,
  viewerRole,
  onChange,
  disabled,
}: {
  memberName: string;
  value: Role;
  viewerRole: Role | null;
  onChange: (role: Role) => void;
  disabled?: boolean;
}) {
  const isAdmin = viewerRole !== null && roleAtLeast(viewerRole, 'admin');
  const isOwner = viewerRole === 'owner';
  const locked = !isAdmin || (value === 'owner' && !isOwner);
  const options = ROLES.filter((r) => isOwner || r !== 'owner' || r === value).map((r) => ({
    value: r,
    label: ROLE_LABELS[r],
  }));
  return (
    <Select
      aria-label={`Role of ${memberName}`}
      data={options}
      value={value}
      onChange={(v) => v && v !== value && onChange(v as Role)}
      disabled={locked || disabled}
      allowDeselect={false}
      size="xs"
      w={130}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
