import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('starts from config/default.json', () => {
    const config = loadConfig({ env: {} });
    expect(config.http.port).toBe(3000);
    expect(config.role).toBe('central+agent');
    expect(config.businessTime.serviceDeadlineDays).toBe(5);
    expect(config.database.url).toBeUndefined();
  });

  it('lets a config file and then the environment override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etms-config-'));
    const file = join(dir, 'board.json');
    writeFileSync(
      file,
      JSON.stringify({
        http: { port: 4000 },
        agent: { concurrency: 8 },
        businessTime: { closureDays: { B1: ['2026-03-16'] } },
      }),
    );
    const config = loadConfig({
      file,
      env: {
        PORT: '5000',
        ETMS_AGENT__BATCH_SIZE: '20',
        DATABASE_URL: 'postgres://x@127.0.0.1/db',
        ETMS_DEMO_PASSWORD: 'Another-Pass1',
      },
    });
    expect(config.http.port).toBe(5000);
    expect(config.agent.concurrency).toBe(8);
    expect(config.agent.batchSize).toBe(20);
    expect(config.database.url).toBe('postgres://x@127.0.0.1/db');
    expect(config.businessTime.closureDays.B1).toEqual(['2026-03-16']);
    expect(config.demo.password).toBe('Another-Pass1');
  });

  it('names the key and what was expected for a bad value', () => {
    expect(() => parseConfig({ http: { port: 'eighty' } })).toThrow(/http\.port: .*number/i);
    expect(() => parseConfig({ delivery: { time: '25:00' } })).toThrow(/delivery\.time: a time HH:MM/);
    expect(() => parseConfig({ businessTime: { closureDays: { B1: ['16/03/2026'] } } })).toThrow(
      /businessTime\.closureDays\.B1\.0: a date YYYY-MM-DD/,
    );
    expect(() => parseConfig({ role: 'everything' })).toThrow(/role: /);
    try {
      parseConfig({ http: { port: 70000 } });
    } catch (error) {
      expect((error as { code: string }).code).toBe('ETMS_E_CONFIG_INVALID');
    }
  });

  it('refuses a missing config file with its path', () => {
    expect(() => loadConfig({ file: '/nowhere/etms.json', env: {} })).toThrow(
      /\/nowhere\/etms\.json does not exist/,
    );
  });

  it('reads nested keys from ETMS_ variables in camelCase', () => {
    expect(
      configFromEnv({ ETMS_MAIL__SMTP__HOST: 'smtp.example.org', ETMS_HTTP__SECURE_COOKIES: 'true' }),
    ).toEqual({
      mail: { smtp: { host: 'smtp.example.org' } },
      http: { secureCookies: true },
    });
  });
});
