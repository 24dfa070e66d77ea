/**
 * Reads the route table from the app's own OpenAPI document, so the isolation and fuzz harnesses
 * cover every `/api/v1` route — including routes added by later issues — without edits.
 * `sampleValue()` builds a minimal valid value from a JSON Schema (preferring `examples`,
 * `default` and enums), so a request gets past validation and reaches the handler.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../src/app.js';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. `/api/v1/teams/{id}`. */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

export async function loadOperations(app: App): Promise<{ doc: OpenApiDoc; operations: Operation[] }> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const doc = res.json() as OpenApiDoc;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(item)) {
      const params = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema })),
        body: op.requestBody?.content['application/json']?.schema ?? null,
      });
    }
  }
  return { doc, operations };
}

function resolve(schema: JsonSchema, doc: OpenApiDoc): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop()!;
  return doc.components?.schemas?.[name] ?? {};
}

/** A minimal valid value for `schema` (required properties only). Throws when it cannot make one. */
export function sampleValue(schema: JsonSchema, doc: OpenApiDoc, where = 'value'): unknown {
  const s = resolve(schema, doc);
  if (s.examples?.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const pick = alternatives.find((a) => resolve(a, doc).type !== 'null') ?? alternatives[0]!;
    return sampleValue(pick, doc, where);
  }
  if (s.allOf?.length) return sampleValue(s.allOf[0]!, doc, where);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sampleValue(s.properties?.[key] ?? {}, doc, `${where}.${key}`);
      return out;
    }
    case 'array': {
      const n = Math.max(s.minItems ?? 0, 0);
      return Array.from({ length: n }, () => sampleValue(s.items ?? {}, doc, `${where}[]`));
    }
    case 'string': {
      if (s.format === 'email') return `harness-${randomUUID().slice(0, 6)}@example.com`;
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (s.format === 'date') return new Date().toISOString().slice(0, 10);
      if (s.format === 'uri') return 'https://example.com/';
      if (s.pattern)
        throw new Error(`${where}: pattern-constrained string needs .meta({ examples: [...] }) in its contract`);
      const len = Math.min(Math.max(s.minLength ?? 0, 8), s.maxLength ?? 8);
      return 'harness-'.padEnd(len, 'x').slice(0, Math.max(len, s.minLength ?? 0));
    }
    case 'integer':
    case 'number':
      return s.minimum ?? Math.min(1, s.maximum ?? 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Fills an OpenAPI path template with values. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
