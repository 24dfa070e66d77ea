import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of `apps/api` (works from `src/` under tsx/vitest and from the `dist/` bundle). */
export const API_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'drizzle.config.ts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot locate apps/api (drizzle.config.ts not found)');
    dir = parent;
  }
  return dir;
})();

export const MIGRATIONS_DIR = path.join(API_ROOT, 'src', 'db', 'migrations');
export const REPO_ROOT = path.resolve(API_ROOT, '..', '..');
export const WEB_DIST_DIR = path.join(REPO_ROOT, 'apps', 'web', 'dist');
