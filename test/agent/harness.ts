/**
 * A central for agent tests: its own store schema, the test board and schools, the exchange
 * endpoint on 127.0.0.1 (port 0), an AGENT and an INTAKE credential.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createHttpApp } from '../../src/http/app.js';
import { mountApi } from '../../src/api/index.js';
import { createCredential, type NewCredential } from '../../src/api/credentials.js';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import type { CentralPort } from '../../src/agent/central-port.js';
import { createInProcessPort } from '../../src/agent/in-process-port.js';
import { createSoapPort } from '../../src/agent/soap-port.js';
import { createRestPort } from '../../src/agent/rest-port.js';
import { createExchangeService } from '../../src/requests/exchange-service.js';

export const SIS_FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sis');

export type Transport = 'in-process' | 'soap' | 'rest';

export interface TestCentral {
  store: TestStore;
  ctx: AppContext;
  url: string;
  server: Server;
  boardId: number;
  agentCredential: NewCredential;
  intakeCredential: NewCredential;
  outboxDir: string;
  port(transport: Transport, options?: { timeoutMs?: number }): CentralPort;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  const base: Record<string, unknown> = {
    logLevel: 'silent',
    agent: {
      board: 'B99001',
      concurrency: 2,
      batchSize: 10,
      leaseSeconds: 60,
      pollSeconds: 0.1,
      sis: { kind: 'csv', dir: SIS_FIXTURE },
    },
  };
  const merged = {
    ...base,
    ...overrides,
    agent: { ...(base.agent as object), ...((overrides.agent as object) ?? {}) },
  };
  return parseConfig(merged);
}

export async function startTestCentral(
  label: string,
  overrides: Record<string, unknown> = {},
  store?: TestStore,
): Promise<TestCentral> {
  const s = store ?? (await createTestStore(label));
  const outboxDir = mkdtempSync(join(tmpdir(), 'etms-outbox-'));
  const config = testConfig({
    ...overrides,
    delivery: { outboxDir, ...((overrides.delivery as object) ?? {}) },
  });
  const ctx = createContext({ config, store: s, log: createLogger({ level: 'silent' }) });
  const { board } = store ? { board: (await s.organisations.boardByCode('B99001'))! } : await seedSchools(s);
  const agentCredential = await createCredential(s, {
    kind: 'AGENT',
    boardId: board.id,
    label: 'test agent',
  });
  const intakeCredential = await createCredential(s, { kind: 'INTAKE', label: 'test intake' });
  const app = createHttpApp(ctx, { ready: true }, [mountApi]);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const service = createExchangeService(ctx);
  return {
    store: s,
    ctx,
    url,
    server,
    boardId: board.id,
    agentCredential,
    intakeCredential,
    outboxDir,
    port(transport, options = {}) {
      const remote = {
        url,
        credentialId: agentCredential.id,
        secret: agentCredential.secret,
        timeoutMs: options.timeoutMs,
      };
      if (transport === 'soap') return createSoapPort(remote);
      if (transport === 'rest') return createRestPort(remote);
      return createInProcessPort(service, {
        kind: 'AGENT',
        credentialId: agentCredential.id,
        boardId: board.id,
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outboxDir, { recursive: true, force: true });
      if (!store) await s.destroy();
    },
  };
}
