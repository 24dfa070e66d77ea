/**
 * Imports (`/api/v1/imports`, `/api/v1/import-mappings`; contracts in packages/shared/src/imports.ts):
 * TanStack Query hooks for the wizard and the history, and the upload with progress.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateImportMappingBody,
  Import,
  ImportEntity,
  ImportIssue,
  ImportMapping,
  ImportTarget,
  UpdateImportBody,
  Wire,
} from '@relata/shared';
import { api, ApiError, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { BUSY_STATUSES } from './labels';

export type ImportWire = Wire<typeof Import>;
export type ImportIssueWire = Wire<typeof ImportIssue>;
export type ImportMappingWire = Wire<typeof ImportMapping>;
export type ImportTargetWire = Wire<typeof ImportTarget>;

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  one: (id: string) => [...importKeys.all, 'one', id] as const,
  issues: (id: string) => [...importKeys.all, 'issues', id] as const,
  targets: (entity: ImportEntity) => [...importKeys.all, 'targets', entity] as const,
  mappings: (entity: ImportEntity) => [...importKeys.all, 'mappings', entity] as const,
};

/** Past imports, newest first, 20 per page; polled every 3 s while one of them is busy. */
export function useImports() {
  return useInfiniteQuery({
    queryKey: importKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<ImportWire>>(`/api/v1/imports${query({ limit: 20, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.data.some((i) => BUSY_STATUSES.includes(i.status))) ? 3000 : false,
  });
}

/** One import; polled every `pollMs` (default 1 s) while a job works on it (dry run, run, revert). */
export function useImport(id: string, pollMs = 1000) {
  return useQuery({
    queryKey: importKeys.one(id),
    queryFn: ({ signal }) => api<ImportWire>(`/api/v1/imports/${id}`, { signal }),
    refetchInterval: (q) => (q.state.data && BUSY_STATUSES.includes(q.state.data.status) ? pollMs : false),
  });
}

/** The fields `entity` columns can map to (`GET /imports/targets`; custom fields as `cf.<key>`). */
export function useImportTargets(entity: ImportEntity) {
  return useQuery({
    queryKey: importKeys.targets(entity),
    queryFn: ({ signal }) =>
      api<{ data: ImportTargetWire[] }>(`/api/v1/imports/targets${query({ entity })}`, { signal }).then((r) => r.data),
    staleTime: 60_000,
  });
}

/** Saved mappings of `entity` (first 100). */
export function useImportMappings(entity: ImportEntity) {
  return useQuery({
    queryKey: importKeys.mappings(entity),
    queryFn: ({ signal }) =>
      api<PageOf<ImportMappingWire>>(`/api/v1/import-mappings${query({ entity, limit: 100 })}`, { signal }).then(
        (r) => r.data,
      ),
  });
}

/** One page (`limit` issues from `cursor`) of an import's row issues, by row then column. */
export function useImportIssues(id: string, cursor: string | undefined, limit = 50, enabled = true) {
  return useQuery({
    queryKey: [...importKeys.issues(id), cursor ?? '', limit],
    queryFn: ({ signal }) =>
      api<PageOf<ImportIssueWire>>(`/api/v1/imports/${id}/issues${query({ limit, cursor })}`, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Where the browser downloads every issue of an import as CSV. */
export const issuesCsvUrl = (id: string) => `/api/v1/imports/${id}/issues.csv`;

function useStore() {
  const qc = useQueryClient();
  return (imp: ImportWire) => {
    qc.setQueryData(importKeys.one(imp.id), imp);
    void qc.invalidateQueries({ queryKey: importKeys.list() });
    void qc.invalidateQueries({ queryKey: importKeys.issues(imp.id) });
  };
}

/** `PATCH /imports/{id}` with `If-Match` (400 with field paths `body.mapping.<col>`, `body.options.<key>`). */
export function useUpdateImport(imp: Pick<ImportWire, 'id' | 'version'>) {
  const store = useStore();
  return useMutation({
    mutationFn: (body: UpdateImportBody) =>
      api<ImportWire>(`/api/v1/imports/${imp.id}`, { method: 'PATCH', body, headers: ifMatch(imp.version) }),
    onSuccess: store,
  });
}

/** `POST /imports/{id}/dry-run | run | revert` (202 → the import with its new status). */
export function useImportAction(id: string) {
  const store = useStore();
  return useMutation({
    mutationFn: (kind: 'dry-run' | 'run' | 'revert') =>
      api<ImportWire>(`/api/v1/imports/${id}/${kind}`, { method: 'POST' }),
    onSuccess: store,
  });
}

/** `POST /import-mappings` (409 when the name is taken for the entity). */
export function useSaveMapping(entity: ImportEntity) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateImportMappingBody) =>
      api<ImportMappingWire>('/api/v1/import-mappings', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: importKeys.mappings(entity) }),
  });
}

/** The content type sent for a file, from its name (the API reads the bytes, not the type). */
export function uploadType(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'csv') return 'text/csv';
  if (ext === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (ext === 'vcf') return 'text/vcard';
  return 'application/octet-stream';
}

/**
 * `POST /imports?entity=&file_name=` with the file as the raw body, through XMLHttpRequest so the
 * upload reports progress (`onProgress(0..1)`). Resolves to the new import (status `uploaded`);
 * rejects with an ApiError carrying the server's message (400 malformed file, 413 too large).
 */
export function uploadImport(
  params: { entity: ImportEntity; file: File },
  onProgress: (fraction: number) => void,
): Promise<ImportWire> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports${query({ entity: params.entity, file_name: params.file.name })}`);
    xhr.setRequestHeader('content-type', uploadType(params.file.name));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: handled below.
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve(body as ImportWire);
        return;
      }
      const err = (body as { error?: { code: ApiError['code']; message: string; details?: Record<string, unknown> } })
        ?.error;
      if (err?.message) reject(new ApiError(xhr.status, err.code, err.message, err.details));
      else if (xhr.status === 413) reject(new ApiError(413, 'payload_too_large', 'The file is too large to import.'));
      else reject(new ApiError(xhr.status, 'bad_request', `The upload failed (HTTP ${xhr.status})`));
    };
    xhr.send(params.file);
  });
}
