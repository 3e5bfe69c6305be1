/**
 * Starting and stopping a whole eTMS process: store, demo data (when asked for), HTTP server, and —
 * by role — the central's background jobs, the notifications and the in-process Auto-eTMS agent.
 * `serveUntilSignalled` is `etms start`: it runs as PID 1 in the container image, so it handles
 * SIGTERM and SIGINT itself, from the first instant, and stops cleanly.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openStore, type Store } from './store/index.js';
import { seedDemo, DEMO_PASSWORD, DEMO_USERS } from './store/demo.js';
import { createContext, type AppContext } from './context.js';
import { createHttpApp, type HttpState, type Mount } from './http/app.js';
import { createHttpServer } from './http/listener.js';
import { soapBodyLimit } from './api/soap.js';
import { restBodyLimit } from './api/rest.js';

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

/** The demo's staff accounts found in the store (enabled or not). */
async function presentDemoAccounts(store: Store): Promise<string[]> {
  const found = await Promise.all(
    [DEMO_USERS.school, DEMO_USERS.board].map(async (username): Promise<string | undefined> =>
      (await store.users.byUsername(username)) ? username : undefined,
    ),
  );
  return found.filter((username): username is string => username !== undefined);
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
    const { demoReview } = await import('./compose.js');
    demo = await seedDemo(store, {
      fixturesDir: config.demo.fixturesDir,
      password: config.demo.password,
      timeZone: config.businessTime.timeZone,
      review: demoReview,
    });
    if (demo) log.info({ schools: demo.schools, requests: demo.requests }, 'demo board created');
  }
  const ctx = createContext({ config, store, log });
  const state: HttpState = { ready: false };
  const parts = await roleParts(ctx);
  const app = createHttpApp(ctx, state, parts.mounts);
  // The exchange's bodies are the largest any route reads (a transcript as base64 in an envelope).
  const server = createHttpServer(app, config.http, log, Math.max(soapBodyLimit(ctx), restBodyLimit(ctx)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = config.http.publicUrl ?? `http://localhost:${port}`;
  const started: Stoppable[] = [];
  for (const begin of parts.start) started.push(await begin());
  state.ready = true;

  const demoAccounts = await presentDemoAccounts(store);
  const logins = demoAccounts.length
    ? ` — demo logins ${demoAccounts.join(' / ')}, password ${config.demo.password ? '(ETMS_DEMO_PASSWORD)' : DEMO_PASSWORD}`
    : '';
  if (demoAccounts.length && process.env.NODE_ENV === 'production')
    log.warn(
      { accounts: demoAccounts },
      `demo accounts ${demoAccounts.join(' and ')} exist in this production database, with a published password unless ETMS_DEMO_PASSWORD set another: disable them with \`etms user disable\``,
    );
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

/**
 * `etms start`: serves until SIGTERM or SIGINT, then stops cleanly (the agent finishes what is in
 * flight and hands back its leases) and exits 0. A signal during start-up stops the process as soon
 * as the start is complete, so the embedded database is never left mid-migration; a second signal
 * exits at once.
 */
export async function serveUntilSignalled(
  config: Config,
  processLike: Pick<NodeJS.Process, 'on' | 'exit'> = process,
): Promise<void> {
  const state: { requested?: NodeJS.Signals; running?: Running } = {};
  const stop = (running: Running, signal: NodeJS.Signals): Promise<void> => {
    running.ctx.log.info(`${signal} received: finishing work in flight and stopping`);
    return running.stop().then(
      () => processLike.exit(0),
      (error: unknown) => {
        running.ctx.log.error({ err: error }, 'stopping failed');
        processLike.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.requested) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      processLike.exit(130);
      return;
    }
    state.requested = signal;
    if (state.running) void stop(state.running, signal);
  };
  processLike.on('SIGTERM', onSignal);
  processLike.on('SIGINT', onSignal);
  state.running = await startServer(config);
  if (state.requested) await stop(state.running, state.requested);
}
