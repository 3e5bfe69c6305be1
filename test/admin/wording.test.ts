/**
 * The staff pages in the guide's words, in correct French and English: the upload action, the
 * notification and report labels, the product name, numbers and percentages written the way each
 * language writes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startHarness, tableHeaders, tableRows, type Harness } from './harness.js';
import { AUTO_ETMS_ACTOR } from '../../src/domain/request.js';
import { leaseRequests } from '../../src/requests/lease-requests.js';
import { reportError } from '../../src/requests/report-errors.js';

let h: Harness;
let fr: Client;
let en: Client;

beforeAll(async () => {
  h = await startHarness('admin_wording');
  fr = new Client(h.base);
  await fr.signIn('nord.ecole');
  en = new Client(h.base);
  await en.signIn('south.school');
});
afterAll(async () => h.close());

/** The page's visible text: tags dropped, entities of the escaper read back. */
function visible(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('the guide’s words for an upload', () => {
  it('calls the upload « Téléverser », never « Télécharger »', async () => {
    const r = await h.request({ schoolBsid: '900001' });
    const upload = await fr.get(`/demandes/${r.referenceNumber}/televerser`);
    expect(upload.text).toContain('Téléverser le fichier de relevé de notes (XML ou PDF)');
    expect(upload.text).not.toContain('Télécharger le fichier');
    expect(upload.text).toContain('nous vous incitons à téléverser le fichier XML');
    expect(visible(upload.text)).not.toMatch(/télécharger (vers le serveur|un relevé)/i);
    const detail = await fr.get(`/demandes/${r.referenceNumber}`);
    expect(visible(detail.text)).not.toMatch(/télécharger (vers le serveur|un relevé)/i);
  });

  it('offers « Téléverser de nouveau » on a completed request', async () => {
    await h.request({
      schoolBsid: '900001',
      status: 'E_TRANSCRIPT_SENT',
      completedAt: new Date('2024-03-11T15:00:00Z'),
      completionMethod: 'AUTO',
    });
    const page = await fr.get('/demandes?tab=COMPLETED');
    expect(tableHeaders(page.text)).toContain('Téléverser de nouveau');
    expect(tableRows(page.text)[0]).toContain('Téléverser de nouveau');
    expect(page.text).not.toContain('Télécharger à nouveau');
  });

  it('writes the size limit the French way: « 0,2 Mo ; »', async () => {
    const r = await h.request({ schoolBsid: '900001' });
    const big = Buffer.alloc(250_000, 0x20);
    big.write('<?xml version="1.0"?>');
    await fr.get(`/demandes/${r.referenceNumber}/televerser`);
    const res = await fr.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'big.xml', bytes: big },
    );
    expect(res.status).toBe(413);
    // 200 000 bytes (the harness's limit) are 0.19 MiB, one decimal.
    expect(res.text).toContain('taille maximale de 0,2\u00a0Mo\u202f; il a été refusé');
  });
});

describe('notification and report labels', () => {
  it('says « Aviser des demandes de relevés de notes remplies par Auto-SGÉRN »', async () => {
    const page = await fr.get('/avis');
    expect(page.text).toContain('Aviser des demandes de relevés de notes remplies par Auto-SGÉRN\u00a0:');
    expect(page.text).not.toContain('Avertissez');
    const english = await en.get('/avis');
    expect(english.text).toContain('Report the transcript requests completed by Auto-eTMS:');
  });

  it('writes the automatic share « % des … » with « 0 % » in French and "0%" in English', async () => {
    const page = await fr.get('/rapports?from=2024-01-01&to=2024-12-31');
    expect(page.text).toContain('% des demandes de relevés de notes traitées par Auto-SGÉRN');
    expect(page.text).not.toContain('% Des');
    expect(page.text).toMatch(/<td class="num" colspan="2">\d+\u00a0%<\/td>/);
    const english = await en.get('/rapports?from=2024-01-01&to=2024-12-31');
    expect(english.text).toContain('% of transcript requests processed by Auto-eTMS');
    expect(english.text).toMatch(/<td class="num" colspan="2">\d+%<\/td>/);
  });
});

describe('one product name per language', () => {
  it('names the matching service Auto-SGÉRN on French pages, Auto-eTMS on English ones', async () => {
    const r = await h.request({
      schoolBsid: '900001',
      status: 'E_TRANSCRIPT_SENT',
      completedAt: new Date('2024-05-01T15:00:00Z'),
      completionMethod: 'AUTO',
      lastUpdatedBy: AUTO_ETMS_ACTOR,
    });
    const page = await fr.get(`/demandes/${r.referenceNumber}`);
    expect(page.text).toContain('<dt>Dernière mise à jour par</dt><dd>Auto-SGÉRN</dd>');
    expect(visible(page.text)).not.toMatch(/Auto[- ]eTMS/);
    const report = await fr.get('/rapports?from=2024-01-01&to=2024-12-31');
    expect(visible(report.text)).not.toMatch(/Auto[- ]eTMS/);
    const english = new Client(h.base);
    await english.signIn('conseil.un');
    await english.get('/langue/en?next=/demandes');
    const enPage = await english.get(`/demandes/${r.referenceNumber}`);
    expect(enPage.text).toContain('<dt>Last updated by</dt><dd>Auto-eTMS</dd>');
    expect(visible(enPage.text)).not.toContain('SGÉRN');
  });
});

describe('language names', () => {
  it('names the correspondence language in the page’s language', async () => {
    const french = await h.request({ schoolBsid: '900002', applicantLanguage: 'fr' });
    const english = await h.request({ schoolBsid: '900001', applicantLanguage: 'en' });
    const enPage = await en.get(`/demandes/${french.referenceNumber}`);
    expect(enPage.text).toContain('<dt>Correspondence language</dt><dd>French</dd>');
    expect(enPage.text).not.toContain('<dd>Français</dd>');
    const frPage = await fr.get(`/demandes/${english.referenceNumber}`);
    expect(frPage.text).toContain('<dt>Langue de correspondance</dt><dd>Anglais</dd>');
  });

  it('names the languages of the user form in the page’s language', async () => {
    const admin = new Client(h.base);
    await admin.signIn('root.admin');
    await admin.get('/langue/en?next=/demandes');
    const page = await admin.get('/admin/utilisateurs');
    expect(page.text).toContain('<option value="fr">French</option><option value="en">English</option>');
  });
});

describe('birth dates', () => {
  it('shows a birth date as 2003/06/09 everywhere, the guide’s form, in both languages', async () => {
    const r = await h.request({
      schoolBsid: '900002',
      firstName: 'Léa',
      lastName: 'Gagnon',
      birthDate: '2003-06-09',
      status: 'AUTO_PROCESS_ERROR',
      autoErrorReason: 'AMBIGUOUS',
    });
    await h.store.db.query('UPDATE requests SET match_result = $2 WHERE id = $1', [
      r.id,
      JSON.stringify({
        outcome: 'review',
        reason: 'AMBIGUOUS',
        candidates: [
          {
            student: {
              studentNumber: 'S-1',
              firstName: 'Léa',
              lastName: 'Gagnon',
              previousLastNames: [],
              birthDate: '2003-09-06',
              dateLastAttended: '2021-06',
            },
            score: 9,
            fields: [
              {
                field: 'dob',
                level: 'day_month_swap',
                weight: 2.3,
                requestValue: '2003-06-09',
                candidateValue: '2003-09-06',
              },
            ],
            vetoes: [],
          },
        ],
      }),
    ]);
    const board = new Client(h.base);
    await board.signIn('conseil.un');
    for (const lang of ['fr', 'en']) {
      await board.get(`/langue/${lang}?next=/demandes`);
      const detail = await board.get(`/demandes/${r.referenceNumber}`);
      const text = visible(detail.text);
      expect(text).toContain('2003/06/09');
      expect(text).toContain('2003/09/06');
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      const pick = await board.get(`/demandes/${r.referenceNumber}/candidat?eleve=S-1`);
      expect(visible(pick.text)).toContain('2003/06/09');
      expect(visible(pick.text)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      const upload = await board.get(`/demandes/${r.referenceNumber}/televerser`);
      expect(visible(upload.text)).toContain('2003/06/09');
    }
  });
});

describe('the sign-in page’s language', () => {
  it('stays after sign-in and becomes the account’s preference', async () => {
    await h.store.users.create({
      username: 'langue.test',
      displayName: 'Langue Test',
      role: 'SCHOOL',
      schoolId: h.orgs.north.id,
      password: PASSWORD,
    });
    const c = new Client(h.base);
    const signInPage = await c.get('/langue/en?next=/connexion');
    expect(signInPage.text).toContain('<html lang="en">');
    const after = await c.signIn('langue.test');
    expect(after.url).toBe('/demandes');
    expect(after.text).toContain('<html lang="en">');
    expect(after.text).toContain('Transcript requests');
    // Another browser, no choice made: the account now prefers English.
    const other = new Client(h.base);
    expect((await other.signIn('langue.test')).text).toContain('<html lang="en">');
  });

  it('without a choice on the sign-in page, follows the account’s preference', async () => {
    const c = new Client(h.base);
    expect((await c.signIn('south.school')).text).toContain('<html lang="en">');
    const d = new Client(h.base);
    expect((await d.signIn('nord.ecole')).text).toContain('<html lang="fr">');
  });
});

describe('a reversed search range', () => {
  it('is refused with a message in the page’s language, the dates kept in the form', async () => {
    const page = await fr.get('/demandes?search=1&from=2024-05-01&to=2024-04-01&last=Tremblay');
    expect(page.status).toBe(400);
    expect(page.text).toContain(
      'La date de début (2024/05/01) est postérieure à la date de fin (2024/04/01)\u00a0: aucune demande ne peut s’y trouver.',
    );
    expect(page.text).toMatch(
      /<input type="date" id="s-from" name="from" value="2024-05-01" aria-invalid="true">/,
    );
    expect(page.text).toMatch(
      /<input type="date" id="s-to" name="to" value="2024-04-01" aria-invalid="true">/,
    );
    expect(page.text).toContain('name="last" value="Tremblay"');
    const english = await en.get('/demandes?search=1&from=2024-05-01&to=2024-04-01');
    expect(english.status).toBe(400);
    expect(english.text).toContain('The start date (2024/05/01) is after the end date (2024/04/01)');
  });

  it('of last years attended is refused the same way', async () => {
    const page = await en.get('/demandes?search=1&attendedFrom=2022-06&attendedTo=2021-06');
    expect(page.status).toBe(400);
    expect(page.text).toContain(
      'The first month of the last year attended (2022/06) is after the second (2021/06)',
    );
    expect(page.text).toContain('name="attendedFrom" value="2022-06"');
  });

  it('a one-day range is a range', async () => {
    const page = await fr.get('/demandes?search=1&from=2024-05-01&to=2024-05-01');
    expect(page.status).toBe(200);
  });
});

describe('the auto-processing reason', () => {
  async function englishBoard(): Promise<Client> {
    const c = new Client(h.base);
    await c.signIn('conseil.un');
    await c.get('/langue/en?next=/demandes');
    return c;
  }

  it('is stored as a code with both sentences when the agent reports it, and shown per language', async () => {
    const r = await h.request({ schoolBsid: '900001', lastName: 'Codee' });
    const agent = { kind: 'AGENT' as const, credentialId: 'wording-test', boardId: h.orgs.board.id };
    await leaseRequests(h.ctx, agent, { owner: 'w1', max: 500 });
    await reportError(h.ctx, agent, {
      owner: 'w1',
      referenceNumber: r.referenceNumber,
      reasonCode: 'TRANSCRIPT_NOT_BUILT',
      reasonFr: 'Le relevé n’a pas pu être produit : la date de naissance manque',
      reasonEn: 'The transcript could not be produced: the birth date is missing',
    });
    const stored = (await h.store.requests.get(r.id))!;
    expect(stored.autoErrorCode).toBe('TRANSCRIPT_NOT_BUILT');
    expect(stored.autoErrorReasonEn).toBe('The transcript could not be produced: the birth date is missing');
    const english = await (await englishBoard()).get(`/demandes/${r.referenceNumber}`);
    expect(english.text).toContain('Reason: The transcript could not be produced: the birth date is missing');
    expect(english.text).not.toContain('la date de naissance manque');
    const french = await fr.get(`/demandes/${r.referenceNumber}`);
    expect(french.text).toContain('Raison\u00a0: Le relevé n’a pas pu être produit');
  });

  it('kept as a code alone (seeded or imported) is shown in the page’s language', async () => {
    const r = await h.request({
      schoolBsid: '900001',
      status: 'AUTO_PROCESS_ERROR',
      autoErrorReason: 'Aucune donnée scolaire dans le SIÉ',
      autoErrorCode: 'NO_ACADEMIC_DATA',
    });
    const english = await (await englishBoard()).get(`/demandes/${r.referenceNumber}`);
    expect(english.text).toContain('Reason: No academic data in the SIS');
    expect(english.text).not.toContain('Aucune donnée scolaire dans le SIÉ');
    expect(english.text).not.toContain('(reason recorded in French only)');
    const french = await fr.get(`/demandes/${r.referenceNumber}`);
    expect(french.text).toContain('Raison\u00a0: Aucune donnée scolaire dans le SIÉ');
  });
});
