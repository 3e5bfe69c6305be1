/**
 * Starting and stopping a whole eTMS process: store, demo data, HTTP server, and — by role — the
 * central's background jobs, the notifications and the in-process Auto-eTMS agent.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openStore, type Store } from './store/index.js';
import { seedDemo, DEMO_PASSWORD, DEMO_USERS } from './store/demo.js';
import { createContext, type AppContext } from './context.js';
import { createHttpApp, type HttpState, type Mount } from './http/app.js';

export interface Running {
  ctx: AppContext;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

/** The parts a role brings; each is loaded only when its role runs. */
async function roleParts(
  ctx: AppContext,
): Promise<{ mounts: Mount[]; start: Array<() => Promise<Stoppable>> }> {
  const mounts: Mount[] = [];
  const start: Array<() => Promise<Stoppable>> = [];
  const central = ctx.config.role !== 'agent';
  const agent = ctx.config.role !== 'central';
  if (central) {
    const { registerApplicantEmails } = await import('./notify/applicant-emails.js');
    registerApplicantEmails(ctx);
    const { mountAdmin } = await import('./admin/index.js');
    const { mountApi } = await import('./api/index.js');
    mounts.push(mountApi, mountAdmin);
    const { startCentral } = await import('./central/index.js');
    const { startNotifications } = await import('./notify/index.js');
    start.push(
      () => startCentral(ctx),
      () => startNotifications(ctx),
    );
  }
  if (agent) {
    const { startAgent } = await import('./agent/index.js');
    const { inProcessAgentPort } = await import('./compose.js');
    start.push(() => startAgent(ctx, { inProcessPort: () => inProcessAgentPort(ctx) }));
  }
  return { mounts, start };
}

export async function startServer(
  config: Config,
  options: { log?: Logger; store?: Store } = {},
): Promise<Running> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const store =
    options.store ??
    (await openStore({
      url: config.database.url,
      dataDir: join(config.database.dataDir, 'pg'),
      poolSize: config.database.poolSize,
    }));
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  if (config.demo.seedWhenEmpty && config.role !== 'agent') {
    demo = await seedDemo(store, {
      fixturesDir: config.demo.fixturesDir,
      password: config.demo.password,
      timeZone: config.businessTime.timeZone,
    });
    if (demo) log.info({ schools: demo.schools, requests: demo.requests }, 'demo board created');
  }
  const ctx = createContext({ config, store, log });
  const state: HttpState = { ready: false };
  const parts = await roleParts(ctx);
  const app = createHttpApp(ctx, state, parts.mounts);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = config.http.publicUrl ?? `http://localhost:${port}`;
  const started: Stoppable[] = [];
  for (const begin of parts.start) started.push(await begin());
  state.ready = true;

  const { rows } = await store.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM users WHERE username = ANY($1)',
    [[DEMO_USERS.school, DEMO_USERS.board]],
  );
  const logins =
    Number(rows[0].n) > 0
      ? ` — demo logins ${DEMO_USERS.school} / ${DEMO_USERS.board}, password ${config.demo.password ? '(ETMS_DEMO_PASSWORD)' : DEMO_PASSWORD}`
      : '';
  log.info(`eTMS ${config.role} listening on ${url} (database: ${store.db.kind})${logins}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      state.ready = false;
      // Background work first (the agent finishes in-flight requests and releases its leases), then HTTP, then the database.
      for (const part of started.reverse())
        await part.stop().catch((error) => log.error({ err: error }, 'stop failed'));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      if (!options.store) await store.close();
    })());
  return { ctx, server, url, stop };
}
