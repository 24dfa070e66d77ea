/**
 * Which view of a record page (table or board) a person chose, remembered in localStorage per user,
 * organisation and entity (`relata:view:<user>:<org>:<entity>`), like the column chooser.
 */
import { useCallback, useState } from 'react';
import { useMe } from '../session';

export type RecordViewMode = 'table' | 'board';

export const viewStorageKey = (userId: string, orgId: string, entity: string) =>
  `relata:view:${userId}:${orgId}:${entity}`;

function read(key: string | null, fallback: RecordViewMode): RecordViewMode {
  if (!key) return fallback;
  try {
    const raw = window.localStorage.getItem(key);
    return raw === 'table' || raw === 'board' ? raw : fallback;
  } catch {
    return fallback;
  }
}

/** The remembered view of `entity` (`fallback` until one is chosen) and its setter. */
export function useViewMode(entity: string, fallback: RecordViewMode = 'table') {
  const { data: me } = useMe();
  const key = me?.org ? viewStorageKey(me.user.id, me.org.id, entity) : null;
  const [chosen, setChosen] = useState<{ key: string | null; value: RecordViewMode }>(() => ({
    key,
    value: read(key, fallback),
  }));
  const mode = chosen.key === key ? chosen.value : read(key, fallback);
  const setMode = useCallback(
    (value: RecordViewMode) => {
      setChosen({ key, value });
      if (!key) return;
      try {
        window.localStorage.setItem(key, value);
      } catch {
        // Storage full or disabled: the choice lasts for this page only.
      }
    },
    [key],
  );
  return [mode, setMode] as const;
}
