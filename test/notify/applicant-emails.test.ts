import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, seedSchools, type TestStore } from '../support/db.js';
import { aRequest } from '../support/requests.js';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import { createOutboxWorker, registerApplicantEmails } from '../../src/notify/index.js';
import { startSmtp, type TestSmtp } from './smtp.js';

let store: TestStore;
let smtp: TestSmtp;
let ctx: AppContext;

beforeAll(async () => {
  store = await createTestStore('notify_applicant');
  const orgs = await seedSchools(store);
  await store.organisations.setApplicantContact(orgs.board.id, '705-555-0100, dossiers@example.org');
  smtp = await startSmtp();
  ctx = createContext({
    config: parseConfig({ mail: { smtp: { host: '127.0.0.1', port: smtp.port } } }),
    store,
    log: createLogger({ level: 'silent' }),
  });
  registerApplicantEmails(ctx);
  registerApplicantEmails(ctx); // a second registration must not double the e-mails
});
afterAll(async () => {
  await smtp?.close();
  await store?.destroy();
});
beforeEach(() => {
  smtp.messages.length = 0;
  smtp.envelopes.length = 0;
});

const logOf = async (requestId: number) =>
  (
    await store.db.query<{
      kind: string;
      recipient: string;
      language: string;
      subject: string;
      body_text: string;
      body_html: string;
      dedupe_key: string;
      status: string;
    }>('SELECT * FROM email_log WHERE request_id = $1 ORDER BY id', [requestId])
  ).rows;

async function sendAll() {
  const worker = createOutboxWorker(ctx);
  await worker.runOnce();
  await worker.stop();
}

const PERSONAL = (r: {
  lastName: string | null;
  birthDate: string | null;
  oen: string | null;
  studentNumber: string | null;
  schoolName: string;
}) => [r.lastName!, r.birthDate!, r.oen!, r.studentNumber!, '2005', 'Tremblay', '123456789'];

describe('applicant e-mails', () => {
  const cases = [
    {
      to: 'STUDENT_NOT_FOUND',
      lang: 'fr',
      subject: 'Dossier introuvable',
      says: 'communiquer avec votre conseil scolaire ou votre école secondaire',
    },
    {
      to: 'NO_ACADEMIC_DATA',
      lang: 'en',
      subject: 'No academic data',
      says: 'contact the secondary school you last attended',
    },
    {
      to: 'ON_HOLD_FINANCIAL',
      lang: 'fr',
      subject: 'Demande en attente\u00a0: droits impayés',
      says: 'régler les droits impayés',
    },
    { to: 'PAPER_SENT', lang: 'en', subject: 'Paper transcript sent', says: 'sent a paper copy to OUAC' },
  ] as const;

  for (const c of cases) {
    it(`${c.to} e-mails the applicant in ${c.lang}, with the first name and reference only`, async () => {
      const { request } = await store.requests.create(
        aRequest({
          firstName: 'Zoé',
          applicantLanguage: c.lang,
          applicantEmail: 'zoe@example.org',
          origin: 'OUAC',
          studentNumber: '445566',
          schoolBsid: '900001',
        }),
      );
      const after = await store.requests.transition({
        id: request.id,
        to: c.to,
        actor: 'ecole.demo',
        completionMethod: c.to === 'PAPER_SENT' ? 'PAPER' : undefined,
      });
      const events = await store.requests.events(request.id);
      const rows = await logOf(request.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        kind: 'APPLICANT',
        recipient: 'zoe@example.org',
        language: c.lang,
        status: 'QUEUED',
        dedupe_key: `applicant:${request.id}:${events[events.length - 1].id}`,
      });

      await sendAll();
      expect(smtp.messages).toHaveLength(1);
      const mail = smtp.messages[0];
      expect(smtp.envelopes[0]).toEqual(['zoe@example.org']);
      expect(mail.subject).toBe(`${c.subject} – ${request.referenceNumber}`);
      expect(mail.text).toContain(c.lang === 'fr' ? 'Bonjour Zoé,' : 'Hello Zoé,');
      expect(mail.text).toContain(request.referenceNumber);
      expect(mail.text).toContain(c.says);
      // The applicant is told who is writing and how to reach them: school, board, board's contact.
      expect(mail.text).toContain('École secondaire Nord (Sudbury)');
      expect(mail.text).toContain('Conseil scolaire d’essai');
      expect(mail.text).toContain('705-555-0100, dossiers@example.org');
      expect(mail.text).toContain(c.lang === 'fr' ? 'Pour joindre le conseil\u00a0:' : 'To reach the board:');
      expect(mail.html).toContain(`<html lang="${c.lang}">`);
      for (const secret of PERSONAL(after)) {
        expect(mail.text).not.toContain(secret);
        expect(String(mail.html)).not.toContain(secret);
        expect(mail.subject).not.toContain(secret);
      }
    });
  }

  it('statuses that do not e-mail the applicant queue nothing', async () => {
    const { request } = await store.requests.create(aRequest());
    await store.requests.transition({
      id: request.id,
      to: 'AUTO_PROCESS_ERROR',
      actor: 'Auto-eTMS',
      reason: 'No match',
    });
    await store.requests.transition({ id: request.id, to: 'UPLOAD_ERROR', actor: 'ecole.demo' });
    await store.requests.transition({ id: request.id, to: 'CANCELLED', actor: 'OCAS' });
    expect(await logOf(request.id)).toEqual([]);
  });

  it("is queued in the transition's transaction: a rolled-back change sends nothing", async () => {
    const { request } = await store.requests.create(aRequest());
    await expect(
      store.db.transaction(async (tx) => {
        await store.requests.transition({ id: request.id, to: 'STUDENT_NOT_FOUND', actor: 'ecole.demo', tx });
        throw new Error('the page failed after the change');
      }),
    ).rejects.toThrow('the page failed');
    expect(await logOf(request.id)).toEqual([]);
    expect((await store.requests.get(request.id))?.status).toBe('ACTION_REQUIRED');
  });

  it('each status change is its own e-mail; the same event is never queued twice', async () => {
    const { request } = await store.requests.create(aRequest({ applicantLanguage: 'en' }));
    await store.requests.transition({ id: request.id, to: 'STUDENT_NOT_FOUND', actor: 'ecole.demo' });
    await store.requests.transition({ id: request.id, to: 'ACTION_REQUIRED', actor: 'ecole.demo' });
    await store.requests.transition({ id: request.id, to: 'STUDENT_NOT_FOUND', actor: 'ecole.demo' });
    const rows = await logOf(request.id);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(2);
  });

  it('a request without an applicant address gets no e-mail and no log row', async () => {
    const { request } = await store.requests.create(aRequest({ applicantEmail: null }));
    await store.requests.transition({ id: request.id, to: 'ON_HOLD_FINANCIAL', actor: 'ecole.demo' });
    const bad = await store.requests.create(aRequest({ applicantEmail: 'not an address' }));
    await store.requests.transition({ id: bad.request.id, to: 'ON_HOLD_FINANCIAL', actor: 'ecole.demo' });
    expect(await logOf(request.id)).toEqual([]);
    expect(await logOf(bad.request.id)).toEqual([]);
    expect((await store.requests.get(request.id))?.status).toBe('ON_HOLD_FINANCIAL');
  });

  it('a first name cannot inject markup into the HTML part', async () => {
    const { request } = await store.requests.create(
      aRequest({ firstName: '<img src=x onerror=alert(1)>', applicantLanguage: 'en' }),
    );
    await store.requests.transition({ id: request.id, to: 'NO_ACADEMIC_DATA', actor: 'ecole.demo' });
    const [row] = await logOf(request.id);
    expect(row.body_html).not.toContain('<img');
  });
});
