import { z } from 'zod';

/** Membership roles, most privileged first (DESIGN §2). */
export const ROLES = ['owner', 'admin', 'manager', 'member', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { owner: 5, admin: 4, manager: 3, member: 2, viewer: 1 };

/** True when `role` is `min` or more privileged (owner > admin > manager > member > viewer). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** API key scopes. Each includes the ones before it: admin ⊃ write ⊃ read. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** True when a key holding `scopes` may perform an action that needs `needed` (admin ⊃ write ⊃ read). */
export function scopeAllows(scopes: readonly Scope[], needed: Scope): boolean {
  const want = SCOPES.indexOf(needed);
  return scopes.some((s) => SCOPES.indexOf(s) >= want);
}

/** The highest scope a role may grant to an API key: viewers read, members+ write, admins+ admin. */
export function maxScopeForRole(role: Role): Scope {
  if (roleAtLeast(role, 'admin')) return 'admin';
  if (roleAtLeast(role, 'member')) return 'write';
  return 'read';
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  member: 'Member',
  viewer: 'Viewer',
};
