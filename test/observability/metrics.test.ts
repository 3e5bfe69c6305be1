/**
 * /metrics over a real central (store, exchange endpoint, in-process agent): what the store holds,
 * the agent's decisions and the HTTP latency by route pattern, and who may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { runAgent } from '../../src/agent/daemon.js';
import { createSisAdapter } from '../../adapters/index.js';
import { createContext } from '../../src/context.js';
import { createHttpApp } from '../../src/http/app.js';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { queueEmail } from '../../src/notify/outbox.js';
import { parseConfig } from '../../src/config.js';
import { agentDecisions } from '../../src/observability/agent-decisions.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, startTestCentral, testConfig, type TestCentral } from '../agent/harness.js';

let central: TestCentral;
let seq = 0;
const ref = () => `H20260302${String(810000 + ++seq).padStart(6, '0')}`;

beforeAll(async () => {
  central = await startTestCentral('metrics');
});
afterAll(async () => {
  await central?.close();
});

/** The value of one sample in the exposition text (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((l) => have.includes(l))) return Number(match[3]);
  }
  return undefined;
}

async function scrape(url = central.url, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('/metrics', () => {
  it('counts requests by status and tab, the agent’s decisions, deliveries, leases and the mail outbox', async () => {
    // Read now: the counter's values are live objects.
    const before = new Map((await agentDecisions.get()).values.map((v) => [v.labels.outcome, v.value]));
    const decidedBefore = (outcome: string) => before.get(outcome) ?? 0;

    const create = async (overrides: Parameters<typeof aRequest>[0]) =>
      (await central.store.requests.create(aRequest({ referenceNumber: ref(), ...overrides }))).request;
    await create({ destinationCode: 'SENECA', destinationName: 'Seneca College' }); // matches student 100001
    await create({ firstName: 'Zéphyrin', lastName: 'Nobodyknows', birthDate: '1990-01-01', oen: null });
    const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
    const agent = runAgent(
      { config: testConfig(), log: central.ctx.log, clock: () => new Date() },
      { port: central.port('in-process'), adapter },
    );
    await agent.drain();
    await agent.stop();

    // Leased and not yet answered: one request held by an agent.
    const held = await create({ firstName: 'Lease', lastName: 'Held' });
    await leaseRequests(
      central.ctx,
      { kind: 'AGENT', credentialId: 'metrics-test', boardId: central.boardId },
      { owner: 'metrics-test', max: 1, leaseSeconds: 60 },
    );
    await queueEmail(central.store, {
      kind: 'APPLICANT',
      recipient: 'applicant@example.org',
      language: 'fr',
      content: { subject: 's', text: 't', html: '<p>t</p>' },
      dedupeKey: `metrics-${held.id}`,
      notBefore: new Date(),
    });
    const after = await scrape();
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = after.text;
    const decided = (outcome: string) => sample(text, 'etms_agent_decisions_total', { outcome })!;
    expect(decided('auto') - decidedBefore('auto')).toBe(1);
    expect(decided('none') - decidedBefore('none')).toBe(1);
    expect(decided('review')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'etms_requests', { status: 'E_TRANSCRIPT_SENT', tab: 'COMPLETED' })).toBe(1);
    expect(sample(text, 'etms_requests', { status: 'AUTO_PROCESS_ERROR', tab: 'TO_PROCESS' })).toBe(1);
    expect(sample(text, 'etms_requests', { status: 'ACTION_REQUIRED', tab: 'TO_PROCESS' })).toBe(1);
    expect(sample(text, 'etms_requests', { status: 'CANCELLED', tab: 'COMPLETED' })).toBe(0);
    expect(sample(text, 'etms_leases', { state: 'active' })).toBe(1);
    const age = sample(text, 'etms_lease_oldest_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(sample(text, 'etms_delivery_backlog', { state: 'pending' })).toBe(1);
    expect(sample(text, 'etms_mail_outbox', { state: 'queued' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'etms_mail_outbox', { state: 'failed' })).toBe(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('times HTTP requests by route pattern, not by the path as typed', async () => {
    await fetch(`${central.url}/api/v1/requests/H20260302999999`);
    await fetch(`${central.url}/Tremblay?q=Amelie`);
    const { text } = await scrape();
    expect(text).not.toContain('Tremblay');
    expect(text).not.toContain('H20260302999999');
    expect(text).toMatch(
      /etms_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/requests\/:referenceNumber",status="401"\} 1/,
    );
    expect(
      sample(text, 'etms_http_request_duration_seconds_count', { route: '(no route)', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(
      /etms_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/metrics",status="200"\}/,
    );
  });

  it('answers only on loopback by default, and not through a proxy', async () => {
    const proxied = await scrape(central.url, { 'X-Forwarded-For': '203.0.113.9' });
    expect(proxied.status).toBe(403);
    expect(JSON.parse(proxied.text)).toMatchObject({ code: 'ETMS_E_METRICS_FORBIDDEN' });
  });
});

describe('/metrics access from the configuration', () => {
  async function serve(metrics: Record<string, unknown>) {
    const ctx = createContext({
      config: parseConfig({ metrics }),
      store: central.store,
      log: central.ctx.log,
    });
    const server = createServer(createHttpApp(ctx, { ready: true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('with a token: only a caller presenting it', async () => {
    const token = 'a-long-enough-scrape-token';
    const app = await serve({ access: 'token', token });
    try {
      expect((await scrape(app.url)).status).toBe(401);
      const wrong = await scrape(app.url, { Authorization: 'Bearer a-long-enough-scrape-tokex' });
      expect(wrong.status).toBe(401);
      expect(JSON.parse(wrong.text)).toMatchObject({ code: 'ETMS_E_METRICS_TOKEN' });
      const right = await scrape(app.url, {
        Authorization: `Bearer ${token}`,
        'X-Forwarded-For': '203.0.113.9',
      });
      expect(right.status).toBe(200);
      expect(right.text).toContain('etms_requests{');
    } finally {
      await app.close();
    }
  });

  it('off: no /metrics at all', async () => {
    const app = await serve({ access: 'off' });
    try {
      expect((await scrape(app.url)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
