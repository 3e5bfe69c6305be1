import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMatchParameters } from '../../src/agent/daemon.js';
import { matchResultOf } from '../../src/agent/process-request.js';
import { readMatchResult } from '../../src/domain/match-result.js';
import { decide } from '../../src/matching/decide.js';
import { parametersInvalid, parametersUnreadable } from '../../src/matching/errors.js';
import { saveParameters, shippedParameters } from '../../src/matching/parameters.js';
import { testConfig } from './harness.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etms-agent-params-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the agent’s matcher parameters (agent.matching.parametersFile)', () => {
  it('uses the shipped values without the setting, and the file’s with it', async () => {
    expect(await loadMatchParameters(testConfig())).toBeUndefined();
    const file = join(dir, 'board.json');
    await saveParameters(file, { ...shippedParameters(), absentPrior: 0.08 });
    const loaded = await loadMatchParameters(testConfig({ agent: { matching: { parametersFile: file } } }));
    expect(loaded?.absentPrior).toBe(0.08);
  });

  it('refuses to start on a wrong file, naming the file, the setting and the field', async () => {
    const file = join(dir, 'wrong.json');
    await writeFile(file, JSON.stringify({ ...shippedParameters(), version: 7 }));
    const config = testConfig({ agent: { matching: { parametersFile: file } } });
    const error = await loadMatchParameters(config).catch((e: unknown) => e);
    expect(parametersInvalid.is(error)).toBe(true);
    expect((error as Error).message).toContain(`${file} (agent.matching.parametersFile): version is 7`);
    const missing = testConfig({ agent: { matching: { parametersFile: join(dir, 'none.json') } } });
    expect(parametersUnreadable.is(await loadMatchParameters(missing).catch((e: unknown) => e))).toBe(true);
  });

  it('is a setting the configuration checks', () => {
    expect(() => testConfig({ agent: { matching: { parametersFil: 'x' } } })).toThrow(/parametersFil/);
  });
});

describe('the match result the agent reports', () => {
  const student = (n: string, first: string) => ({
    studentNumber: n,
    firstName: first,
    lastName: 'Roy',
    previousLastNames: [],
    birthDate: '2005-02-02',
  });
  const decision = decide(
    { referenceNumber: 'R1', firstName: 'Olivier', lastName: 'Roy', birthDate: '2005-02-02' },
    [student('1', 'Olivier'), student('2', 'Olivia')],
  );

  it('carries each candidate’s posterior, which the central reads back', () => {
    const written = JSON.parse(JSON.stringify(matchResultOf(decision)));
    expect(written.probability).toBe(decision.probability);
    const read = readMatchResult(written);
    expect(read.probability).toBe(decision.probability);
    expect(read.candidates.map((c) => c.probability)).toEqual(decision.candidates.map((c) => c.probability));
    expect(read.candidates[0].probability).toBeGreaterThan(read.candidates[1].probability!);
  });

  it('still reads a result from an agent that sent no probability, and ignores one out of range', () => {
    const older = {
      outcome: 'review',
      candidates: [{ student: { studentNumber: '1' }, score: 20, fields: [], vetoes: [] }],
    };
    expect(readMatchResult(older).candidates[0].probability).toBeUndefined();
    const odd = { ...older, probability: 3, candidates: [{ ...older.candidates[0], probability: 'high' }] };
    expect(readMatchResult(odd).probability).toBeUndefined();
    expect(readMatchResult(odd).candidates[0].probability).toBeUndefined();
  });
});
