// `npm start`: builds what is missing or out of date (the web app with Vite, the API bundle with
// esbuild), then runs the server in this process. An up-to-date checkout starts without building.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...p) => path.join(root, ...p);

/** Newest modification time (ms) of the files under `paths`, skipping tests. */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') walk(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      max = Math.max(max, st.mtimeMs);
    }
  };
  paths.forEach(walk);
  return max;
}

function stale(output, inputs) {
  return !existsSync(output) || statSync(output).mtimeMs < newest(inputs);
}

function run(label, cmd, args) {
  console.log(`[relata] ${label}…`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`[relata] ${label} failed`);
    process.exit(res.status ?? 1);
  }
}

const shared = at('packages', 'shared', 'src');
const webOut = at('apps', 'web', 'dist', 'index.html');
if (
  stale(webOut, [
    at('apps', 'web', 'src'),
    at('apps', 'web', 'index.html'),
    at('apps', 'web', 'vite.config.ts'),
    at('apps', 'web', 'public'),
    shared,
  ])
) {
  run('building the web app', 'npm', ['run', 'build', '-w', 'apps/web']);
}
const apiOut = at('apps', 'api', 'dist', 'server.js');
if (stale(apiOut, [at('apps', 'api', 'src'), at('apps', 'api', 'build.mjs'), shared])) {
  run('building the API', process.execPath, [at('apps', 'api', 'build.mjs')]);
}

const { main } = await import(pathToFileURL(apiOut).href);
await main();
