/**
 * Which columns of a record list are visible, remembered in localStorage per user, organisation and
 * entity (`relata:columns:<user>:<org>:<entity>`), so each person keeps their own layout.
 */
import { useCallback, useState } from 'react';
import { useMe } from '../session';

export type ColumnVisibility = Record<string, boolean>;

/** The storage key of a user's columns of `entity` in organisation `orgId`. */
export const columnsStorageKey = (userId: string, orgId: string, entity: string) =>
  `relata:columns:${userId}:${orgId}:${entity}`;

function read(key: string | null): ColumnVisibility {
  if (!key) return {};
  try {
    const raw = window.localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'boolean')) as ColumnVisibility;
  } catch {
    return {};
  }
}

/**
 * The visibility of each column (`defaults` where the user chose nothing) and a setter that
 * remembers the choice. `reset` goes back to the defaults.
 */
export function useColumnVisibility(entity: string, defaults: ColumnVisibility) {
  const { data: me } = useMe();
  const key = me?.org ? columnsStorageKey(me.user.id, me.org.id, entity) : null;
  const [chosen, setChosen] = useState<{ key: string | null; value: ColumnVisibility }>(() => ({
    key,
    value: read(key),
  }));
  // Another user or organisation than the remembered state: read their choice.
  const current = chosen.key === key ? chosen.value : read(key);

  const save = useCallback(
    (value: ColumnVisibility) => {
      setChosen({ key, value });
      if (!key) return;
      try {
        if (Object.keys(value).length === 0) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Storage full or disabled: the choice lasts for this page only.
      }
    },
    [key],
  );
  const visibility: ColumnVisibility = { ...defaults, ...current };
  const setColumn = useCallback((id: string, visible: boolean) => save({ ...current, [id]: visible }), [current, save]);
  const reset = useCallback(() => save({}), [save]);
  return { visibility, setColumn, reset };
}
