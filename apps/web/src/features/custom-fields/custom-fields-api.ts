/** Custom field definitions (`/api/v1/custom-fields`, admin+ to change): create, edit, archive, reorder. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateCustomFieldBody, CustomFieldEntity, UpdateCustomFieldBody } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch } from '../../components/api';
import { CUSTOM_FIELDS_KEY } from '../../components/records/records-api';
import type { CustomFieldWire } from '../../components/records/types';

function useFieldMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: CUSTOM_FIELDS_KEY }),
  });
}

/** `POST /api/v1/custom-fields`. */
export function useCreateCustomField() {
  return useFieldMutation((body: z.input<typeof CreateCustomFieldBody>) =>
    api<CustomFieldWire>('/api/v1/custom-fields', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/custom-fields/{id}` with `If-Match` (archive = `{ archived: true }`). */
export function useUpdateCustomField() {
  return useFieldMutation(
    ({ id, version, ...body }: z.input<typeof UpdateCustomFieldBody> & { id: string; version: number }) =>
      api<CustomFieldWire>(`/api/v1/custom-fields/${id}`, {
        method: 'PATCH',
        body,
        headers: ifMatch(version),
      }),
  );
}

/** `POST /api/v1/custom-fields/reorder`: the entity's fields in their new order. */
export function useReorderCustomFields() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { entity: CustomFieldEntity; ids: string[] }) =>
      api<{ data: CustomFieldWire[] }>('/api/v1/custom-fields/reorder', { method: 'POST', body: v }),
    // Show the new order at once; the server's answer (or a refetch after a failure) settles it.
    onMutate: async (v) => {
      const key = [...CUSTOM_FIELDS_KEY, v.entity, true];
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<{ data: CustomFieldWire[] }>(key);
      if (before) {
        const byId = new Map(before.data.map((f) => [f.id, f]));
        const data = v.ids.map((id, position) => ({ ...byId.get(id)!, position })).filter((f) => f.id);
        qc.setQueryData(key, { data });
      }
      return { before };
    },
    onError: (_e, v, ctx) => {
      if (ctx?.before) qc.setQueryData([...CUSTOM_FIELDS_KEY, v.entity, true], ctx.before);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: CUSTOM_FIELDS_KEY }),
  });
}
