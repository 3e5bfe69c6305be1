/**
 * The central's exchange endpoint (SOAP and REST) in a process of its own, as it runs in production
 * apart from the boards' agents: the agent bench starts it so that agent and central do not share
 * one event loop. Reads DATABASE_URL, CENTRAL_SCHEMA and OUTBOX_DIR; prints one JSON line with its
 * URL once it listens; stops on SIGTERM and reports its CPU time.
 */
import { createServer } from 'node:http';
import { openStore } from '../../src/store/index.js';
import { parseConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createHttpApp } from '../../src/http/app.js';
import { mountApi } from '../../src/api/index.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.CENTRAL_SCHEMA;
if (!schema) throw new Error('CENTRAL_SCHEMA is required');

const store = await openStore({ url, schema, poolSize: 20 });
const config = parseConfig({ logLevel: 'silent', delivery: { outboxDir: process.env.OUTBOX_DIR } });
const ctx = createContext({ config, store, log: createLogger({ level: 'silent' }) });
const server = createServer(createHttpApp(ctx, { ready: true }, [mountApi]));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
    void store.close().then(() => process.exit(0));
  });
});
