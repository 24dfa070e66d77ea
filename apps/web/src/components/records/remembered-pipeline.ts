/**
 * The pipeline a person last chose on the leads or deals page, remembered in localStorage per user,
 * organisation and entity (`relata:pipeline:<user>:<org>:<entity>`). Knowing it before the pipeline
 * list arrives lets the board request start at once instead of after `/pipelines`.
 */
import { useCallback, useEffect, useState } from 'react';
import { useMe } from '../session';

function read(key: string | null): string | null {
  if (!key) return null;
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * The pipeline id to show: the chosen or remembered one while the list is loading or when the list
 * holds it, else the default (or first) pipeline of `pipelines`; null while nothing is known.
 */
export function useRememberedPipeline(
  entity: 'lead' | 'deal',
  pipelines: ReadonlyArray<{ id: string; is_default: boolean }> | undefined,
) {
  const { data: me } = useMe();
  const key = me?.org ? `relata:pipeline:${me.user.id}:${me.org.id}:${entity}` : null;
  const [chosen, setChosen] = useState<{ key: string | null; id: string | null }>(() => ({ key, id: read(key) }));
  const wanted = chosen.key === key ? chosen.id : read(key);
  const fallback = pipelines?.find((p) => p.is_default)?.id ?? pipelines?.[0]?.id ?? null;
  const pipelineId = wanted && (!pipelines || pipelines.some((p) => p.id === wanted)) ? wanted : fallback;
  // Remember the pipeline shown once the list confirms it (the default too), for the next visit.
  useEffect(() => {
    if (!key || !pipelines || !pipelineId || read(key) === pipelineId) return;
    try {
      window.localStorage.setItem(key, pipelineId);
    } catch {
      // Storage full or disabled: nothing to remember.
    }
  }, [key, pipelines, pipelineId]);
  const choose = useCallback(
    (id: string) => {
      setChosen({ key, id });
      if (!key) return;
      try {
        window.localStorage.setItem(key, id);
      } catch {
        // Storage full or disabled: the choice lasts for this page only.
      }
    },
    [key],
  );
  return [pipelineId, choose] as const;
}
