/**
 * What the command tests share: a store of their own with the test board's schools, a context over
 * it, the actors, and transcript files built for a request.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createSisAdapter } from '../../adapters/index.js';
import { buildTranscript, transcriptToXml } from '../../src/transcript/build.js';
import { SessionStore } from '../../src/admin/session.js';
import type { StaffActor } from '../../src/requests/access.js';
import type { Caller } from '../../src/exchange/contract.js';
import type { NewTranscriptRequest, TranscriptRequest } from '../../src/domain/request.js';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { SIS_FIXTURE, testConfig } from '../agent/harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (path: string) => readFileSync(join(ROOT, 'fixtures/transcripts', path));

export interface CommandBench {
  ctx: AppContext;
  store: TestStore;
  board: { id: number };
  other: { id: number };
  north: { id: number };
  south: { id: number };
  intake: Caller;
  agent: Extract<Caller, { kind: 'AGENT' }>;
  /** An agent of the other board. */
  stranger: Extract<Caller, { kind: 'AGENT' }>;
  /** A request filed in the north school; its reference number is new each time. */
  file(overrides?: Partial<NewTranscriptRequest>): Promise<TranscriptRequest>;
  /** A signed-in board user (a real session, as pending uploads belong to one). */
  staff(scope?: StaffActor['scope']): Promise<StaffActor>;
  close(): Promise<void>;
}

let sequence = 0;

export async function commandBench(label: string): Promise<CommandBench> {
  const store = await createTestStore(label);
  const { board, other, north, south } = await seedSchools(store);
  const ctx = createContext({ config: testConfig(), store, log: createLogger({ level: 'silent' }) });
  const sessions = new SessionStore(store.db, 1);
  return {
    ctx,
    store,
    board,
    other,
    north,
    south,
    intake: { kind: 'INTAKE', credentialId: 'int-test' },
    agent: { kind: 'AGENT', credentialId: 'agt-test', boardId: board.id },
    stranger: { kind: 'AGENT', credentialId: 'agt-other', boardId: other.id },
    async file(overrides = {}) {
      const referenceNumber = `H20260302${String(700000 + ++sequence)}`;
      return (await store.requests.create(aRequest({ referenceNumber, ...overrides }))).request;
    },
    async staff(scope = { boardId: board.id }) {
      const username = `staff.${++sequence}`;
      const user = await store.users.create({
        username,
        role: 'BOARD',
        boardId: board.id,
        password: 'Correct-Horse-9-Battery',
      });
      const session = await sessions.find(await sessions.create(user, 'fr', 'test'));
      return { kind: 'STAFF', username, scope, sessionId: session!.id };
    },
    close: () => store.destroy(),
  };
}

/** A transcript built from the test SIS for a request (student 100001 is the default request's). */
export async function transcriptFor(reference: string, studentNumber = '100001'): Promise<Buffer> {
  const adapter = await createSisAdapter({ kind: 'csv', dir: SIS_FIXTURE });
  try {
    const record = (await adapter.transcript(studentNumber))!;
    return Buffer.from(
      transcriptToXml(buildTranscript(record, { referenceNumber: reference, transmission: 'Original' })),
    );
  } finally {
    await adapter.close();
  }
}
