import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/lib/independent/generate.js';
import { loadSet, type LabelledSet } from '../../bench/lib/labelled-sets.js';
import { blockingKeys, decide, StudentIndex } from '../../src/matching/index.js';
import {
  ABSENT_PRIOR_CEILING,
  ABSENT_PRIOR_FLOOR,
  estimateAbsentPrior,
  readAbsentHistory,
} from '../../src/matching/absent-prior.js';
import { parametersInvalid, parametersUnreadable } from '../../src/matching/errors.js';
import { runMatchCommand } from '../../src/matching/match-command.js';
import {
  loadParameters,
  saveParameters,
  shippedParameters,
  validateParameters,
  type MatchParameters,
} from '../../src/matching/parameters.js';
import { ABSENT_PRIOR, posteriors } from '../../src/matching/thresholds.js';
import { MAX_WEIGHT_CHANGE, trainParameters } from '../../src/matching/train.js';
import { runTrainCommand } from '../../src/matching/train-command.js';
import { GIVEN_NAME_ODDS, oddsOf } from '../../src/matching/weights.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

const FEBRL1 = join(import.meta.dirname, '../../fixtures/matching/febrl/febrl1');

function historyOf(set: LabelledSet) {
  let notFound = 0;
  for (const expected of set.truth.values()) if (expected === '') notFound++;
  return { requests: set.truth.size, notFound };
}

/** Each request's automatic answer ('' when not automatic) with these parameters. */
function autoAnswers(set: LabelledSet, parameters?: MatchParameters): string[] {
  const index = new StudentIndex(set.students);
  const ctx = { frequencies: index.frequencies, parameters };
  return set.rows.map((row) => {
    if (row.unusable) return '';
    const d = decide(row.request, index.candidates(blockingKeys(row.request)), ctx);
    return d.outcome === 'auto' ? (d.student?.studentNumber ?? '') : '';
  });
}

function figures(set: LabelledSet, answers: string[]) {
  let wrong = 0;
  let right = 0;
  let present = 0;
  set.rows.forEach((row, i) => {
    const expected = set.truth.get(row.request.referenceNumber) ?? '';
    if (expected !== '') present++;
    if (answers[i] === '') return;
    if (answers[i] === expected) right++;
    else wrong++;
  });
  return { wrong, recall: right / present };
}

function trainOn(set: LabelledSet, options = {}) {
  return trainParameters(
    set.students,
    set.rows.filter((r) => !r.unusable).map((r) => r.request),
    { history: historyOf(set), now: new Date('2026-12-02T12:00:00Z'), ...options },
  );
}

let dir: string;
let febrl1: LabelledSet;
let independent: LabelledSet;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etms-train-'));
  febrl1 = await loadSet('FEBRL 1', FEBRL1);
  // Absent applicants who typed a student's exact name and birth date (the generator's
  // doppelganger_exact) are left out: nothing in such a request tells them from the student, whatever
  // the weights. Twins, siblings, near look-alikes and strangers stay.
  const files = generate({
    students: 4000,
    requests: 1000,
    seed: 'training test',
    profile: 'public',
    rates: {
      absentKinds: {
        stranger: 0.55,
        doppelganger_exact: 0,
        doppelganger_near: 0.15,
        twin: 0.05,
        sibling: 0.1,
      },
    },
  });
  const out = join(dir, 'independent');
  await rm(out, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(out));
  for (const name of ['students', 'requests', 'truth'] as const)
    await writeFile(join(out, `${name}.csv`), files[name]);
  independent = await loadSet('independent', out);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('training the m-probabilities by EM', () => {
  it('on FEBRL 1: no wrong automatic match, recall not below the shipped values', () => {
    const run = trainOn(febrl1);
    expect(() => validateParameters(run.parameters, 'trained')).not.toThrow();
    const shipped = figures(febrl1, autoAnswers(febrl1));
    const trained = figures(febrl1, autoAnswers(febrl1, run.parameters));
    expect(shipped.wrong).toBe(0);
    expect(trained.wrong).toBe(0);
    expect(trained.recall).toBeGreaterThanOrEqual(shipped.recall);
  });

  it('on an independent generator: no automatic match goes wrong that the shipped values got right, recall not below', () => {
    const run = trainOn(independent);
    const shippedAnswers = autoAnswers(independent);
    const trainedAnswers = autoAnswers(independent, run.parameters);
    const expected = independent.rows.map((r) => independent.truth.get(r.request.referenceNumber) ?? '');
    const newlyWrong = trainedAnswers.filter(
      (a, i) => a !== '' && a !== expected[i] && shippedAnswers[i] !== a,
    );
    // The wrong automatic matches the shipped values make on this set are the decision rules' (near
    // look-alikes); training must add none.
    expect(newlyWrong).toEqual([]);
    expect(figures(independent, trainedAnswers).wrong).toBeLessThanOrEqual(
      figures(independent, shippedAnswers).wrong,
    );
    expect(figures(independent, trainedAnswers).recall).toBeGreaterThanOrEqual(
      figures(independent, shippedAnswers).recall,
    );
  });

  it("learns from the board's data: FEBRL's corrupted names lower m(exact), within the band", () => {
    const m = trainOn(febrl1).parameters.m;
    const shippedExact = oddsOf('last', 'exact').m;
    expect(m.last!.exact!).toBeLessThan(shippedExact);
    for (const [level, value] of Object.entries(m.first!)) {
      const shipped = GIVEN_NAME_ODDS[level as keyof typeof GIVEN_NAME_ODDS].m;
      expect(Math.abs(Math.log2(value / shipped))).toBeLessThanOrEqual(MAX_WEIGHT_CHANGE + 1e-3);
    }
  });

  it('is bounded in passes and requests, and says when it stopped before converging', () => {
    const one = trainOn(febrl1, { maxIterations: 1 });
    expect(one.iterations).toBe(1);
    expect(one.converged).toBe(false);
    const few = trainOn(febrl1, { maxRequests: 50 });
    expect(few.parameters.training?.sampledRequests).toBe(50);
    expect(few.iterations).toBeLessThanOrEqual(50);
    expect(() => trainOn(febrl1, { maxIterations: 0 })).toThrow(/--max-iterations/);
  });

  it('with no pair to learn from, keeps the shipped m', () => {
    const run = trainParameters(febrl1.students, [], {});
    expect(run.parameters.m).toEqual(shippedParameters().m);
    expect(run.pairs).toBe(0);
  });
});

describe('the share of applicants absent', () => {
  it('is the shipped 0.15 without history, smoothed by a Beta prior, and bounded', () => {
    expect(estimateAbsentPrior(undefined)).toBe(ABSENT_PRIOR);
    // (100 + 7.5) / (2000 + 50)
    expect(estimateAbsentPrior({ requests: 2000, notFound: 100 })).toBeCloseTo(0.05244, 4);
    // Ten requests barely move it: (0 + 7.5) / 60.
    expect(estimateAbsentPrior({ requests: 10, notFound: 0 })).toBeCloseTo(0.125, 4);
    expect(estimateAbsentPrior({ requests: 10_000, notFound: 0 })).toBe(ABSENT_PRIOR_FLOOR);
    expect(estimateAbsentPrior({ requests: 10_000, notFound: 9_000 })).toBe(ABSENT_PRIOR_CEILING);
  });

  it('reads a truth file or an outcome history', async () => {
    expect(await readAbsentHistory(join(FEBRL1, 'truth.csv'))).toEqual({ requests: 500, notFound: 58 });
    const path = join(dir, 'history.csv');
    await writeFile(
      path,
      'reference_number,outcome\nA,found\nB,STUDENT_NOT_FOUND\nC,cancelled\nD,transcript_sent\n',
    );
    expect(await readAbsentHistory(path)).toEqual({ requests: 3, notFound: 1 });
    // The staff pages' CSV export of the requests, French or English, as the central writes it.
    await writeFile(
      path,
      '\ufeffNuméro de référence,Nom,État de la demande\n' +
        'H1,"Roy, Olivier",Élève non trouvé\n' +
        'H2,"Roy, Olivia",Relevé électronique envoyé\n' +
        'H3,"Tremblay, Amélie",Relevé de notes papier envoyé\n' +
        'H4,"Côté, Marc",Action requise\n' +
        'H5,"Singh, Noah",Demande annulée\n',
    );
    expect(await readAbsentHistory(path)).toEqual({ requests: 3, notFound: 1 });
    await writeFile(
      path,
      'Reference number,Request status\nH1,Student not found\nH2,Electronic transcript sent\n',
    );
    expect(await readAbsentHistory(path)).toEqual({ requests: 2, notFound: 1 });
    await writeFile(path, 'reference_number,notes\nA,x\n');
    await expect(readAbsentHistory(path)).rejects.toThrow(/outcome/);
  });

  it('moves the posterior: a board with fewer absent applicants trusts the same score more', () => {
    const [shipped] = posteriors([28], 10_000);
    const [fewAbsent] = posteriors([28], 10_000, 0.05);
    expect(fewAbsent).toBeGreaterThan(shipped);
  });
});

describe('the parameter file', () => {
  it('round-trips and is refused, naming the field, when out of range or of another version', async () => {
    const path = join(dir, 'p.json');
    const p = { ...shippedParameters(), absentPrior: 0.1 };
    await saveParameters(path, p);
    expect(await loadParameters(path)).toEqual(p);

    const refused = (value: unknown) => {
      try {
        validateParameters(value, 'board.json');
      } catch (error) {
        expect(parametersInvalid.is(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ ...p, version: 2 })).toMatch(/^board\.json: version is 2/);
    expect(refused({ ...p, format: 'x' })).toMatch(/format/);
    expect(refused({ ...p, absentPrior: 0.9 })).toMatch(/absentPrior must be a number from 0.01 to 0.6/);
    expect(refused({ ...p, m: { dob: { exact: 1.5 } } })).toMatch(/m\.dob\.exact must be a probability/);
    expect(refused({ ...p, m: { dob: { exact: -0.1 } } })).toMatch(/m\.dob\.exact/);
    expect(refused({ ...p, m: { dob: { tomorrow: 0.1 } } })).toMatch(/m\.dob\.tomorrow is not a level/);
    expect(refused({ ...p, m: { shoe_size: {} } })).toMatch(/m\.shoe_size is not a field/);
    expect(refused({ ...p, m: { gender: { same: 0.9, different: 0.5 } } })).toMatch(/m\.gender/);

    await writeFile(path, '{ not json');
    await expect(loadParameters(path)).rejects.toSatisfy((e) => parametersInvalid.is(e));
    await expect(loadParameters(join(dir, 'nowhere.json'))).rejects.toSatisfy((e) =>
      parametersUnreadable.is(e),
    );
  });

  it('changes the weights it names and no other', () => {
    const index = new StudentIndex(febrl1.students);
    const request = febrl1.rows[0].request;
    const [student] = index.candidates(blockingKeys(request));
    const shipped = decide(request, [student], { frequencies: index.frequencies });
    const p = shippedParameters();
    p.m.dob = { ...p.m.dob, exact: 0.5 };
    const changed = decide(request, [student], { frequencies: index.frequencies, parameters: p });
    const dob = (d: typeof shipped) => d.explanation.find((f) => f.field === 'dob')!.weight;
    expect(dob(changed)).toBeCloseTo(dob(shipped) + Math.log2(0.5 / 0.95), 1);
    const others = (d: typeof shipped) => d.explanation.filter((f) => f.field !== 'dob');
    expect(others(changed)).toEqual(others(shipped));
  });
});

describe('etms match --train and --parameters', () => {
  it('writes the file that etms match then loads; a bad file stops with exit 2 naming the field', async () => {
    const out = join(dir, 'board.json');
    const stdout = new Sink();
    const stderr = new Sink();
    const code = await runTrainCommand(
      {
        sis: join(FEBRL1, 'students.csv'),
        requests: join(FEBRL1, 'requests.csv'),
        parameters: out,
        history: join(FEBRL1, 'truth.csv'),
      },
      { stdout, stderr },
    );
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    expect(stdout.text).toMatch(/trained on 500 of 500 requests/);
    expect(stdout.text).toMatch(/history of 500 requests, 58 not found/);
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(written.version).toBe(1);
    expect(written.absentPrior).toBeCloseTo((58 + 7.5) / 550, 4);

    const decisions = join(dir, 'decisions.csv');
    const run = (parameters: string) =>
      runMatchCommand(
        {
          sis: join(FEBRL1, 'students.csv'),
          requests: join(FEBRL1, 'requests.csv'),
          out: decisions,
          parameters,
        },
        { stdout: new Sink(), stderr },
      );
    expect(await run(out)).toBe(0);
    expect((await readFile(decisions, 'utf8')).split('\n')).toHaveLength(502);

    await writeFile(out, JSON.stringify({ ...written, m: { oen: { exact: 2 } } }));
    expect(await run(out)).toBe(2);
    expect(stderr.text).toMatch(/board\.json: m\.oen\.exact must be a probability/);
  });
});
