/**
 * The server side of bench/api-overhead: the real app (buildApp) on PostgreSQL plus one baseline
 * route, `GET /bench/select1`, that runs `SELECT 1` through the same pool with no authentication.
 * Prints `READY <port>` when listening.
 */
import { buildApp } from '@relata/api/src/app.js';
import { loadConfig } from '@relata/api/src/config.js';
import { openDatabase } from '@relata/api/src/db/client.js';

const config = loadConfig({ ...process.env, RELATA_RATE_LIMIT: '100000000', RELATA_DEMO: '0', LOG_LEVEL: 'silent' });
const database = await openDatabase({ url: config.databaseUrl, poolMax: config.dbPoolMax });
const app = await buildApp({ config, database, authSecret: 'bench-secret-bench-secret-bench-secret' });
app.get('/bench/select1', async () => {
  await database.query('SELECT 1');
  return { ok: 1 };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`READY ${typeof address === 'object' && address ? address.port : ''}`);
process.on('SIGTERM', () => {
  void app.close().then(() => database.close().then(() => process.exit(0)));
});
