import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig, parseConfig } from '../src/config.js';
import { editDistance, nearest } from '../src/config/nearest.js';
import { checkAgentSis } from '../src/config/sis-check.js';

function configFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'etms-config-')), 'board.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The message of what fn throws (the test fails when it does not throw). */
function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an error');
}

const remoteAgent = {
  transport: 'soap',
  url: 'https://central.example.org/soap/exchange',
  credentialId: 'c1',
  secret: 's',
};

describe('configuration', () => {
  it('outside production: the defaults with the demo laid over them', () => {
    const config = loadConfig({ env: {} });
    expect(config.http.port).toBe(3000);
    expect(config.role).toBe('central+agent');
    expect(config.demo.seedWhenEmpty).toBe(true);
    expect(config.agent.sis).toEqual({ kind: 'csv', dir: 'fixtures/demo' });
    expect(config.businessTime.serviceDeadlineDays).toBe(5);
    expect(config.database.url).toBeUndefined();
    expect(config.metrics.access).toBe('loopback');
  });

  it('in production: no demo board, no demo SIS, the central alone until told otherwise', () => {
    const config = loadConfig({ env: { NODE_ENV: 'production' } });
    expect(config.role).toBe('central');
    expect(config.demo.seedWhenEmpty).toBe(false);
    expect(config.agent.sis).toBeUndefined();
    expect(config.agent.board).toBeUndefined();
    // Asked for explicitly, the demo is still there.
    expect(
      loadConfig({ env: { NODE_ENV: 'production', ETMS_DEMO__SEED_WHEN_EMPTY: 'true' } }).demo.seedWhenEmpty,
    ).toBe(true);
  });

  it('lets a config file and then the environment override it', () => {
    const file = configFile({
      _comment: 'a board of the test',
      http: { port: 4000 },
      agent: { concurrency: 8 },
      businessTime: { closureDays: { B1: ['2026-03-16'] } },
    });
    const config = loadConfig({
      file,
      env: {
        PORT: '5000',
        ETMS_AGENT__BATCH_SIZE: '20',
        DATABASE_URL: 'postgres://x@127.0.0.1/db',
        ETMS_DEMO_PASSWORD: 'Another-Pass1',
        ETMS_NEW_PASSWORD: 'read by `etms user add`, not a setting',
      },
    });
    expect(config.http.port).toBe(5000);
    expect(config.agent.concurrency).toBe(8);
    expect(config.agent.batchSize).toBe(20);
    expect(config.database.url).toBe('postgres://x@127.0.0.1/db');
    expect(config.businessTime.closureDays.B1).toEqual(['2026-03-16']);
    expect(config.demo.password).toBe('Another-Pass1');
  });

  it('takes a SIS of another kind whole instead of mixing it with the demo one', () => {
    const sis = { kind: 'postgres', url: '${SIS_DATABASE_URL}', queries: {} };
    const config = loadConfig({ env: { ETMS_AGENT__SIS: JSON.stringify(sis) } });
    expect(config.agent.sis).toEqual(sis);
    const same = loadConfig({ env: { ETMS_AGENT__SIS__DIR: '/srv/sis' } });
    expect(same.agent.sis).toEqual({ kind: 'csv', dir: '/srv/sis' });
  });

  it('names the key and what was expected for a bad value', () => {
    expect(() => parseConfig({ http: { port: 'eighty' } })).toThrow(/http\.port: .*number/i);
    expect(() => parseConfig({ delivery: { time: '25:00' } })).toThrow(/delivery\.time: a time HH:MM/);
    expect(() => parseConfig({ businessTime: { closureDays: { B1: ['16/03/2026'] } } })).toThrow(
      /businessTime\.closureDays\.B1\.0: a date YYYY-MM-DD/,
    );
    expect(() => parseConfig({ role: 'everything' })).toThrow(/role: /);
    expect(thrown(() => parseConfig({ http: { port: 70000 } })).code).toBe('ETMS_E_CONFIG_INVALID');
    expect(thrown(() => loadConfig({ env: { ETMS_AGENT__CONCURRENCY: 'many' } })).message).toMatch(
      /agent\.concurrency \(ETMS_AGENT__CONCURRENCY\): .*number/,
    );
  });

  it('refuses a missing or unreadable config file with its path', () => {
    expect(() => loadConfig({ file: '/nowhere/etms.json', env: {} })).toThrow(
      /\/nowhere\/etms\.json does not exist/,
    );
    const broken = configFile('{ "http": ');
    expect(thrown(() => loadConfig({ file: broken, env: {} }))).toMatchObject({
      code: 'ETMS_E_CONFIG_FILE',
      message: expect.stringContaining(broken),
    });
  });

  it('reads nested keys from ETMS_ variables in camelCase', () => {
    expect(
      configFromEnv({ ETMS_MAIL__SMTP__HOST: 'smtp.example.org', ETMS_HTTP__SECURE_COOKIES: 'true' }),
    ).toEqual({
      mail: { smtp: { host: 'smtp.example.org' } },
      http: { secureCookies: true },
    });
  });

  it('guards connections by default, and a variable lifts the per-address cap', () => {
    const { http } = loadConfig({ env: { NODE_ENV: 'production' } });
    expect(http).toMatchObject({
      headersTimeoutSeconds: 15,
      requestTimeoutSeconds: 120,
      keepAliveTimeoutSeconds: 5,
      connectionsPerAddress: 256,
    });
    const { http: parsed } = parseConfig({});
    expect(parsed.connectionsPerAddress).toBe(256);
    expect(parsed.headersTimeoutSeconds).toBe(15);
    const proxied = loadConfig({ env: { ETMS_HTTP__CONNECTIONS_PER_ADDRESS: '0' } });
    expect(proxied.http.connectionsPerAddress).toBe(0);
    expect(() => parseConfig({ http: { connectionsPerAddress: -1 } })).toThrow(
      /http\.connectionsPerAddress: /,
    );
  });
});

describe('unknown settings', () => {
  it('refuses a mistyped variable and names the one meant', () => {
    const error = thrown(() => loadConfig({ env: { ETMS_AGENT__CONCURENCY: '8' } }));
    expect(error.code).toBe('ETMS_E_CONFIG_UNKNOWN_KEY');
    expect(error.message).toContain(
      'ETMS_AGENT__CONCURENCY is not a setting — did you mean ETMS_AGENT__CONCURRENCY?',
    );
  });

  it('finds a setting put in the wrong section', () => {
    expect(thrown(() => loadConfig({ env: { ETMS_CONCURRENCY: '8' } })).message).toContain(
      'did you mean ETMS_AGENT__CONCURRENCY?',
    );
    expect(thrown(() => parseConfig({ http: { dataDir: '/srv' } })).message).toContain(
      'http.dataDir is not a setting — did you mean database.dataDir?',
    );
  });

  it('names the file an unknown key was typed in, at any depth', () => {
    const file = configFile({ agent: { central: { transprot: 'rest' } }, mail: { smtp: { hots: 'x' } } });
    const error = thrown(() => loadConfig({ file, env: {} }));
    expect(error.message).toContain(
      `agent.central.transprot in ${file} is not a setting — did you mean agent.central.transport?`,
    );
    expect(error.message).toContain(
      `mail.smtp.hots in ${file} is not a setting — did you mean mail.smtp.host?`,
    );
  });

  it('lists the settings of the section when nothing is close', () => {
    expect(thrown(() => parseConfig({ metrics: { scrapeInterval: 5 } })).message).toContain(
      'metrics.scrapeInterval is not a setting (the settings of metrics: access, token)',
    );
  });

  it('refuses keys given in code as well', () => {
    expect(thrown(() => parseConfig({ upload: { maxByte: 10 } })).message).toContain(
      'upload.maxByte is not a setting — did you mean upload.maxBytes?',
    );
  });

  it('measures how far a typed name is from a known one', () => {
    expect(editDistance('concurency', 'concurrency')).toBe(1);
    expect(editDistance('prot', 'port')).toBe(1);
    expect(nearest('BATCHSIZE', ['batchSize', 'leaseSeconds'])).toBe('batchSize');
    expect(nearest('colour', ['leaseSeconds', 'board'])).toBeUndefined();
  });
});

describe('rules between settings', () => {
  it('a SOAP or REST transport needs the URL and the credential of the central', () => {
    const error = thrown(() => parseConfig({ agent: { central: { transport: 'rest' } } }));
    expect(error.code).toBe('ETMS_E_CONFIG_INVALID');
    expect(error.message).toContain('agent.central.url: required when agent.central.transport is rest');
    expect(error.message).toContain('agent.central.credentialId: required');
    expect(error.message).toContain('agent.central.secret: required');
    expect(() => parseConfig({ agent: { central: { ...remoteAgent, url: 'central.example.org' } } })).toThrow(
      /agent\.central\.url: an http:\/\/ or https:\/\/ address/,
    );
    expect(parseConfig({ agent: { central: remoteAgent } }).agent.central.transport).toBe('soap');
  });

  it('an agent in the process needs its SIS and, in process, its board', () => {
    const error = thrown(() => parseConfig({ role: 'central+agent' }));
    expect(error.message).toContain('agent.sis: required when role is central+agent');
    expect(error.message).toContain('agent.board: required when role is central+agent');
    expect(
      parseConfig({ role: 'agent', agent: { central: remoteAgent, sis: { kind: 'csv', dir: '.' } } }).role,
    ).toBe('agent');
  });

  it('SMTP user and password go together; a metrics token mode needs its token', () => {
    expect(() => parseConfig({ mail: { smtp: { user: 'etms' } } })).toThrow(/mail\.smtp\.password: /);
    expect(() => parseConfig({ metrics: { access: 'token' } })).toThrow(/metrics\.token: required/);
    expect(() => parseConfig({ metrics: { access: 'token', token: 'short' } })).toThrow(
      /metrics\.token: a secret of 16 characters/,
    );
  });

  it('the time allowed for a request head is within the time allowed for the whole request', () => {
    expect(() => parseConfig({ http: { headersTimeoutSeconds: 30, requestTimeoutSeconds: 20 } })).toThrow(
      /http\.headersTimeoutSeconds: at most http\.requestTimeoutSeconds \(20\)/,
    );
    expect(
      parseConfig({ http: { headersTimeoutSeconds: 20, requestTimeoutSeconds: 20 } }).http,
    ).toMatchObject({
      headersTimeoutSeconds: 20,
    });
  });
});

describe('the SIS settings, checked at start by the adapter of their kind', () => {
  it('refuses an unknown key of the adapter with the one meant', async () => {
    const config = parseConfig({ agent: { central: remoteAgent, sis: { kind: 'csv', dirr: 'x' } } });
    await expect(checkAgentSis(config, {})).rejects.toThrow(
      'agent.sis.dirr is not a setting — did you mean agent.sis.dir?',
    );
  });

  it('passes on the adapter’s own checks, and a good section', async () => {
    const empty = parseConfig({ agent: { central: remoteAgent, sis: { kind: 'csv' } } });
    await expect(checkAgentSis(empty, {})).rejects.toMatchObject({ code: 'ETMS_E_SIS_CONFIG_INVALID' });
    const good = parseConfig({ agent: { central: remoteAgent, sis: { kind: 'csv', dir: 'fixtures/demo' } } });
    await expect(checkAgentSis(good, {})).resolves.toBeUndefined();
  });
});
