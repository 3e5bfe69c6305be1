import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  HOSTILE_XML,
  SAMPLE_STUDENT,
  samplePdf,
  sampleXml,
  startHarness,
  tableRows,
  type Harness,
} from './harness.js';
import { registerApplicantEmails } from '../../src/notify/applicant-emails.js';
import type { NewTranscriptRequest, TranscriptRequest } from '../../src/domain/request.js';

let h: Harness;
let c: Client;

beforeAll(async () => {
  h = await startHarness('admin_flows');
  registerApplicantEmails(h.ctx);
  c = new Client(h.base);
  await c.signIn('nord.ecole');
});
afterAll(async () => h.close());

async function fresh(overrides: Partial<NewTranscriptRequest> = {}): Promise<TranscriptRequest> {
  return h.request({ schoolBsid: '900001', ...SAMPLE_STUDENT, dateLastAttended: '2009-06', ...overrides });
}

async function state(r: TranscriptRequest) {
  const after = (await h.store.requests.get(r.id))!;
  const versions = await h.store.transcripts.versions(r.id);
  const events = await h.store.requests.events(r.id);
  const pending = await h.store.db.query('SELECT id FROM pending_uploads WHERE request_id = $1', [r.id]);
  return { after, versions, events, pending: pending.rows.length };
}

describe('detail page', () => {
  it('shows every filled field, hides empty ones, and shows the history', async () => {
    const r = await fresh({
      previousLastName: null,
      applicationNumber: '240012946',
      accountNumber: '210025374067',
    });
    const page = await c.get(`/demandes/${r.referenceNumber}`);
    expect(page.text).toContain('DEMANDE DE RELEVÉ DE NOTES - DÉTAILS');
    expect(page.text).toContain('DEMANDE DE RELEVÉ DE NOTES - RENSEIGNEMENTS');
    expect(page.text).toContain('RENSEIGNEMENTS SUR L’ÉLÈVE');
    expect(page.text).toContain(
      'Veuillez noter que les champs ne contenant aucune valeur sont masqués pour votre commodité.',
    );
    expect(page.text).toContain('<dt>Numéro de demande</dt><dd>240012946</dd>');
    expect(page.text).toContain('<dt>Dernière mise à jour par</dt><dd>Système</dd>');
    expect(page.text).not.toContain('Nom de famille précédent');
    expect(page.text).toContain('<td>Demande reçue</td>');
    expect(page.text).not.toContain('Request received');
    expect(page.text).toContain('id="eleve"');
    expect(page.text).toContain('Fournir une réponse');
    expect(page.text).toContain('<dt>Relevé de notes papier envoyé</dt>');
  });

  it('offers a print view without navigation or forms', async () => {
    const r = await fresh();
    const page = await c.get(`/demandes/${r.referenceNumber}?imprimer=1`);
    expect(page.text).toContain('class="print-view"');
    expect(page.text).not.toContain('<nav class="main-nav"');
    expect(page.text).not.toContain('<form');
    expect(page.text).toContain(r.referenceNumber);
  });

  it('shows the auto-processing banner and the ranked candidates with their comparison', async () => {
    const r = await fresh({ status: 'AUTO_PROCESS_ERROR', autoErrorReason: 'AMBIGUOUS' });
    await h.store.db.query('UPDATE requests SET match_result = $2 WHERE id = $1', [
      r.id,
      JSON.stringify({
        outcome: 'review',
        score: 14.2,
        reason: 'AMBIGUOUS',
        candidates: [
          {
            student: {
              studentNumber: 'S-100',
              oen: '948743687',
              firstName: 'Randy',
              lastName: 'Rizzo',
              previousLastNames: [],
              birthDate: '1991-08-28',
              gender: 'M',
              schoolBsid: '900001',
              dateLastAttended: '2009-06',
            },
            score: 14.2,
            probability: 0.9994,
            fields: [
              { field: 'last', level: 'exact', weight: 6.1, requestValue: 'Rizzo', candidateValue: 'Rizzo' },
              {
                field: 'dob',
                level: 'day_month_swap',
                weight: 2.3,
                requestValue: '1991-08-28',
                candidateValue: '1991-08-28',
              },
            ],
            vetoes: [],
          },
          {
            student: {
              studentNumber: 'S-200',
              firstName: 'Randall',
              lastName: '<b>Rizzo</b>',
              previousLastNames: [],
            },
            score: 8,
            probability: 0.00002,
            fields: [{ field: 'first', level: 'nickname', weight: 1.5 }],
            vetoes: ['sibling'],
          },
          { student: { firstName: 'no number' }, fields: 'not a list' },
        ],
      }),
    ]);
    const page = await c.get(`/demandes/${r.referenceNumber}`);
    expect(page.text).toContain(
      'La demande n’a pu être remplie de manière automatique. Veuillez la remplir manuellement. Raison\u00a0: Plusieurs élèves possibles',
    );
    expect(page.text).toContain('1. Rizzo, Randy');
    expect(page.text).toContain('2. &lt;b&gt;Rizzo&lt;/b&gt;, Randall');
    expect(page.text).not.toContain('<b>Rizzo</b>');
    expect(page.text).toContain('jour et mois inversés');
    expect(page.text).toContain('Frère, sœur ou jumeau possible');
    expect(page.text.match(/Choisir cet élève/g)).toHaveLength(2);
    // Each candidate's posterior beside its score: French decimal comma, then the English page.
    expect(page.text).toContain('Probabilité\u00a0: 99,9\u00a0%');
    expect(page.text).toContain('Probabilité\u00a0: &lt; 0,1\u00a0%');
    await c.get('/langue/en?next=/demandes');
    const english = await c.get(`/demandes/${r.referenceNumber}`);
    await c.get('/langue/fr?next=/demandes');
    expect(english.text).toContain('Probability: 99.9%');
    expect(english.text).toContain('Probability: &lt; 0.1%');
  });

  it('lets staff choose a candidate: validation, then back to the agent with the student pinned', async () => {
    const r = await fresh({ status: 'AUTO_PROCESS_ERROR', birthDate: '1991-08-29' });
    await h.store.db.query('UPDATE requests SET match_result = $2 WHERE id = $1', [
      r.id,
      JSON.stringify({
        outcome: 'review',
        candidates: [
          {
            student: {
              studentNumber: 'S-100',
              firstName: 'Randy',
              lastName: 'Rizzo',
              previousLastNames: [],
              birthDate: '1991-08-28',
              gender: 'M',
            },
            score: 12,
            fields: [],
            vetoes: [],
          },
        ],
      }),
    ]);
    const current = (await h.store.requests.get(r.id))!;
    const screen = await c.get(`/demandes/${r.referenceNumber}/candidat?eleve=S-100`);
    expect(screen.status).toBe(200);
    expect(screen.text).toMatch(/<tr class="differs"><th scope="row">DATE DE NAISSANCE/);
    expect(screen.text).toContain('Non – Annuler et Revenir à l’écran précédent');
    expect(screen.text).toContain('Oui – Enregistrer et continuer');
    const cancel = await c.post(`/demandes/${r.referenceNumber}/candidat`, {
      eleve: 'S-100',
      decision: 'cancel',
      version: String(current.version),
    });
    expect(cancel.url).toBe(`/demandes/${r.referenceNumber}`);
    expect((await state(r)).after.status).toBe('AUTO_PROCESS_ERROR');
    expect(
      (
        await c.post(`/demandes/${r.referenceNumber}/candidat`, {
          eleve: 'S-999',
          decision: 'confirm',
          version: String(current.version),
        })
      ).text,
    ).toContain('n’est pas possible');
    const done = await c.post(`/demandes/${r.referenceNumber}/candidat`, {
      eleve: 'S-100',
      decision: 'confirm',
      version: String(current.version),
    });
    expect(done.text).toContain('Élève choisi(e) pour la demande');
    const { after, events } = await state(r);
    expect(after.status).toBe('ACTION_REQUIRED');
    expect(after.pinnedStudentNumber).toBe('S-100');
    expect(events.at(-1)).toMatchObject({
      actor: 'nord.ecole',
      fromStatus: 'AUTO_PROCESS_ERROR',
      toStatus: 'ACTION_REQUIRED',
    });
  });

  it('downloads a transcript version', async () => {
    const r = await fresh();
    const xml = await sampleXml(r.referenceNumber);
    const { transcript } = await h.store.transcripts.add({
      requestId: r.id,
      format: 'XML',
      content: xml,
      source: 'AUTO',
      createdBy: 'Auto-eTMS',
    });
    const page = await c.get(`/demandes/${r.referenceNumber}`);
    expect(page.text).toContain(`/demandes/${r.referenceNumber}/releves/${transcript.id}`);
    const file = await c.get(`/demandes/${r.referenceNumber}/releves/${transcript.id}`);
    expect(file.headers.get('content-disposition')).toContain(`${r.referenceNumber}-v1.xml`);
    expect(file.body.equals(xml)).toBe(true);
  });
});

describe('upload', () => {
  it('shows the guide’s upload page', async () => {
    const r = await fresh();
    const page = await c.get(`/demandes/${r.referenceNumber}/televerser`);
    expect(page.text).toContain('Téléverser le fichier de relevé de notes (XML ou PDF)');
    expect(page.text).toContain('Rizzo, Randy');
    expect(page.text).toContain('1991/08/28');
    expect(page.text).toContain('Sélectionner fichier\u00a0:');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toMatch(/>Soumettre<[\s\S]*>Annuler</);
  });

  it('XML with a difference: validation screen, cancel leaves the request as it was', async () => {
    const r = await fresh({ birthDate: '1991-08-29' });
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version), back: '/demandes' },
      { name: 'rizzo.xml', bytes: await sampleXml(r.referenceNumber) },
    );
    expect(res.url).toMatch(new RegExp(`^/demandes/${r.referenceNumber}/validation/`));
    expect(res.text).toContain('CHAMP');
    expect(res.text).toContain('DEMANDE DE RELEVÉ DE NOTES');
    expect(res.text).toContain('RELEVÉ DE NOTES SOUMIS');
    expect(res.text).toMatch(
      /<tr class="differs"><th scope="row">DATE DE NAISSANCE[\s\S]*?<td>1991\/08\/29<\/td><td>1991\/08\/28<\/td>/,
    );
    expect(res.text).toMatch(/<tr><th scope="row">PRÉNOM<\/th><td>Randy<\/td><td>Randy<\/td>/);
    const before = await state(r);
    expect(before.pending).toBe(1);
    expect(before.versions).toHaveLength(0);
    const cancel = await c.post(res.url.split('?')[0], { decision: 'cancel', back: '/demandes' });
    expect(cancel.url).toMatch(/^\/demandes\?notice=uploadCancelled/);
    expect(cancel.text).toContain('Téléversement annulé');
    const after = await state(r);
    expect(after.after).toMatchObject({ status: 'ACTION_REQUIRED', version: r.version });
    expect(after.versions).toHaveLength(0);
    expect(after.pending).toBe(0);
    expect(after.events).toHaveLength(1);
  });

  it('XML with a difference: confirm stores the transcript and moves the request, in one go', async () => {
    const r = await fresh({ birthDate: '1991-08-29' });
    const xml = await sampleXml(r.referenceNumber);
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'rizzo.xml', bytes: xml },
    );
    const done = await c.post(res.url.split('?')[0], { decision: 'confirm' });
    expect(done.text).toContain(`Le relevé de notes de la demande ${r.referenceNumber} a été téléversé`);
    const { after, versions, events, pending } = await state(r);
    expect(after.status).toBe('TRANSCRIPT_UPLOADED');
    expect(after.lastUpdatedBy).toBe('nord.ecole');
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      format: 'XML',
      source: 'UPLOAD',
      createdBy: 'nord.ecole',
      version: 1,
    });
    expect((await h.store.transcripts.content(versions[0].id))!.equals(xml)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      fromStatus: 'ACTION_REQUIRED',
      toStatus: 'TRANSCRIPT_UPLOADED',
      actor: 'nord.ecole',
    });
    expect(pending).toBe(0);
    // The same pending upload cannot be confirmed twice.
    const again = await c.post(res.url.split('?')[0], { decision: 'confirm' });
    expect(again.text).toContain('Ce téléversement a expiré');
    expect(await h.store.transcripts.versions(r.id)).toHaveLength(1);
  });

  it('XML that agrees with the request goes straight through', async () => {
    const r = await fresh();
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version), back: '/demandes' },
      { name: 'rizzo.xml', bytes: await sampleXml(r.referenceNumber) },
    );
    expect(res.url).toMatch(/^\/demandes\?notice=uploadDone/);
    expect((await state(r)).after.status).toBe('TRANSCRIPT_UPLOADED');
  });

  it('keeps at most ten files waiting on validation screens per person, the oldest going first', async () => {
    const own = new Client(h.base);
    await own.signIn('nord.ecole');
    const other = new Client(h.base);
    await other.signIn('conseil.un');
    const upload = async (client: Client) => {
      const r = await fresh({ birthDate: '1991-08-29' });
      const res = await client.upload(
        `/demandes/${r.referenceNumber}/televerser`,
        { version: String(r.version), back: '/demandes' },
        { name: 'rizzo.xml', bytes: await sampleXml(r.referenceNumber) },
      );
      expect(res.url).toMatch(/\/validation\//);
      return res.url.split('?')[0];
    };
    const kept = await upload(other);
    const screens: string[] = [];
    for (let i = 0; i < 12; i++) screens.push(await upload(own));
    const waiting = await h.store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pending_uploads p JOIN sessions s ON s.id = p.session_id
        JOIN users u ON u.id = s.user_id WHERE u.username = 'nord.ecole'`,
    );
    expect(waiting.rows[0].n).toBe(10);
    // The two oldest are gone (the screen says so); the newest and another person's are there.
    expect((await own.get(screens[0])).url).toMatch(/notice=pendingExpired/);
    expect((await own.get(screens[11])).url).toBe(screens[11]);
    expect((await other.get(kept)).url).toBe(kept);
  });

  it('a validation screen confirmed after someone else changed the request saves nothing', async () => {
    const r = await fresh({ birthDate: '1991-08-29' });
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'rizzo.xml', bytes: await sampleXml(r.referenceNumber) },
    );
    await h.store.requests.transition({ id: r.id, to: 'ON_HOLD_FINANCIAL', actor: 'someone.else' });
    const done = await c.post(res.url.split('?')[0], { decision: 'confirm' });
    expect(done.status).toBe(409);
    expect(done.text).toContain('a été modifiée par quelqu’un d’autre');
    const { after, versions } = await state(r);
    expect(after.status).toBe('ON_HOLD_FINANCIAL');
    expect(versions).toHaveLength(0);
  });

  it('a hostile XML is refused with the reader’s message and changes nothing', async () => {
    const r = await fresh();
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'bomb.xml', bytes: HOSTILE_XML },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('déclaration DOCTYPE');
    const { after, versions, events, pending } = await state(r);
    expect(after).toMatchObject({ status: 'ACTION_REQUIRED', version: r.version });
    expect(versions).toHaveLength(0);
    expect(events).toHaveLength(1);
    expect(pending).toBe(0);
    await c.get('/langue/en?next=/demandes');
    const en = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'bomb.xml', bytes: HOSTILE_XML },
    );
    expect(en.text).toContain('DOCTYPE declaration');
    await c.get('/langue/fr?next=/demandes');
  });

  it('a broken or foreign file is refused with a message', async () => {
    const r = await fresh();
    const broken = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'cut.xml', bytes: Buffer.from('<?xml version="1.0"?><HighSchoolTranscript><Student>') },
    );
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('n’est pas un XML lisible');
    const png = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'photo.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) },
    );
    expect(png.status).toBe(400);
    expect(png.text).toContain('ni un relevé XML ni un PDF');
    const damagedPdf = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'x.pdf', bytes: Buffer.from('%PDF-1.7\nnot really a pdf') },
    );
    expect(damagedPdf.status).toBe(400);
    const empty = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: '', bytes: new Uint8Array() },
    );
    expect(empty.status).toBe(400);
    const { after, versions } = await state(r);
    expect(after).toMatchObject({ status: 'ACTION_REQUIRED', version: r.version });
    expect(versions).toHaveLength(0);
  });

  it('a file above the size limit is refused', async () => {
    const r = await fresh();
    const big = Buffer.alloc(250_000, 0x20);
    big.write('<?xml version="1.0"?>');
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'big.xml', bytes: big },
    );
    expect(res.status).toBe(413);
    expect(res.text).toContain('dépasse la taille maximale');
    expect((await state(r)).versions).toHaveLength(0);
  });

  it('a PDF is checked by content and stored', async () => {
    const r = await fresh();
    const pdf = await samplePdf(2);
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'releve.bin', bytes: pdf },
    );
    expect(res.text).toContain('a été téléversé');
    const { after, versions } = await state(r);
    expect(after.status).toBe('TRANSCRIPT_UPLOADED');
    expect(versions[0]).toMatchObject({ format: 'PDF', source: 'UPLOAD' });
  });

  it('a stale form is told so and saves nothing', async () => {
    const r = await fresh();
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version - 1 + 7) },
      { name: 'rizzo.xml', bytes: await sampleXml(r.referenceNumber) },
    );
    expect(res.status).toBe(409);
    expect(res.text).toContain('a été modifiée par quelqu’un d’autre');
    expect((await state(r)).versions).toHaveLength(0);
  });

  it('a completed request takes a new version that supersedes the old one', async () => {
    const r = await fresh({ status: 'E_TRANSCRIPT_SENT', completedAt: new Date(), completionMethod: 'AUTO' });
    await h.store.transcripts.add({
      requestId: r.id,
      format: 'XML',
      content: await sampleXml(r.referenceNumber),
      source: 'AUTO',
      createdBy: 'Auto-eTMS',
    });
    const list = await c.get('/demandes?tab=COMPLETED');
    expect(list.text).toContain(`/demandes/${r.referenceNumber}/televerser?back=`);
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { version: String(r.version) },
      { name: 'fixed.xml', bytes: await sampleXml(r.referenceNumber) },
    );
    expect(res.text).toContain('a été téléversé');
    const { after, versions } = await state(r);
    expect(after.status).toBe('TRANSCRIPT_UPLOADED');
    expect(versions.map((v) => [v.version, v.supersededAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses an upload without the CSRF token', async () => {
    const r = await fresh();
    const res = await c.upload(
      `/demandes/${r.referenceNumber}/televerser`,
      { _csrf: 'forged', version: String(r.version) },
      { name: 'rizzo.xml', bytes: await sampleXml(r.referenceNumber) },
    );
    expect(res.status).toBe(403);
    expect((await state(r)).versions).toHaveLength(0);
  });
});

describe('actions (no upload)', () => {
  const cases = [
    ['PAPER_SENT', 'Relevé de notes papier envoyé', 'COMPLETED'],
    ['STUDENT_NOT_FOUND', 'Élève non trouvé', 'INCOMPLETE'],
    ['NO_ACADEMIC_DATA', 'Aucune donnée scolaire', 'INCOMPLETE'],
    ['ON_HOLD_FINANCIAL', 'En attente (raison financière)', 'INCOMPLETE'],
  ] as const;
  for (const [action, label, tab] of cases) {
    it(`${label} from the list`, async () => {
      const r = await fresh({ applicantEmail: 'candidat@example.org' });
      const list = await c.get(`/demandes?search=1&reference=${r.referenceNumber}`);
      expect(list.text).toContain(`<option value="${action}">${label}</option>`);
      const back = `/demandes?search=1&reference=${r.referenceNumber}`;
      const ask = await c.post(`/demandes/${r.referenceNumber}/action`, {
        action,
        version: String(r.version),
        back,
      });
      // First a confirmation naming the recipient; nothing has changed and nothing is queued yet.
      expect(ask.text).toContain(`Confirmer\u00a0: ${label}`);
      expect(ask.text).toContain('candidat@example.org');
      expect((await state(r)).after.status).toBe(r.status);
      const res = await c.post(`/demandes/${r.referenceNumber}/action`, {
        action,
        version: String(r.version),
        back,
        confirmed: '1',
      });
      expect(res.url.startsWith(`${back}&notice=actionDone`)).toBe(true);
      expect(res.text).toContain(`La demande ${r.referenceNumber} a été mise à jour\u00a0: ${label}.`);
      const { after, events } = await state(r);
      expect(after).toMatchObject({ status: action, tab, lastUpdatedBy: 'nord.ecole' });
      if (action === 'PAPER_SENT') expect(after.completionMethod).toBe('PAPER');
      expect(events.at(-1)).toMatchObject({ actor: 'nord.ecole', toStatus: action });
      const mail = await h.store.db.query<{ recipient: string; kind: string }>(
        'SELECT recipient, kind FROM email_log WHERE request_id = $1',
        [r.id],
      );
      expect(mail.rows).toEqual([{ recipient: 'candidat@example.org', kind: 'APPLICANT' }]);
    });
  }

  it('from the detail page, with the definitions as help', async () => {
    const r = await fresh();
    const page = await c.get(`/demandes/${r.referenceNumber}`);
    expect(page.text).toContain('Action (aucun téléversement) – Définitions');
    expect(page.text).toContain('-- Sélectionner une action --');
    const res = await c.post(`/demandes/${r.referenceNumber}/action`, {
      action: 'STUDENT_NOT_FOUND',
      version: String(r.version),
      back: `/demandes/${r.referenceNumber}`,
      confirmed: '1',
    });
    expect(res.url.startsWith(`/demandes/${r.referenceNumber}?notice=actionDone`)).toBe(true);
    expect((await state(r)).after.status).toBe('STUDENT_NOT_FOUND');
  });

  it('a stale form gets a clear message and changes nothing', async () => {
    const r = await fresh();
    await h.store.requests.transition({ id: r.id, to: 'NO_ACADEMIC_DATA', actor: 'someone.else' });
    const res = await c.post(`/demandes/${r.referenceNumber}/action`, {
      action: 'PAPER_SENT',
      version: String(r.version),
      back: '/demandes',
      confirmed: '1',
    });
    expect(res.text).toContain(
      `La demande ${r.referenceNumber} a été modifiée par quelqu’un d’autre entre-temps\u202f; rien n’a été enregistré.`,
    );
    expect((await state(r)).after.status).toBe('NO_ACADEMIC_DATA');
  });

  it('refuses an empty choice and an action the status does not allow', async () => {
    const r = await fresh({ status: 'TRANSCRIPT_UPLOADED' });
    expect(
      (
        await c.post(`/demandes/${r.referenceNumber}/action`, {
          action: '',
          version: String(r.version),
          back: '/demandes',
        })
      ).text,
    ).toContain('Choisissez une action');
    expect(
      (
        await c.post(`/demandes/${r.referenceNumber}/action`, {
          action: 'PAPER_SENT',
          version: String(r.version),
          back: '/demandes',
        })
      ).text,
    ).toContain('n’est pas possible');
    expect(
      (
        await c.post(`/demandes/${r.referenceNumber}/action`, {
          action: 'CANCELLED',
          version: String(r.version),
          back: '/demandes',
        })
      ).text,
    ).toContain('n’est pas possible');
    expect((await state(r)).after.status).toBe('TRANSCRIPT_UPLOADED');
  });

  it('never redirects off-site after an action', async () => {
    const r = await fresh();
    const res = await c.post(
      `/demandes/${r.referenceNumber}/action`,
      {
        action: 'STUDENT_NOT_FOUND',
        version: String(r.version),
        back: 'https://evil.example/',
        confirmed: '1',
      },
      { follow: false },
    );
    expect(res.headers.get('location')!.startsWith(`/demandes/${r.referenceNumber}?`)).toBe(true);
  });

  it('the list reflects the change', async () => {
    const r = await fresh({ lastName: 'Zzzlast' });
    await c.post(`/demandes/${r.referenceNumber}/action`, {
      action: 'ON_HOLD_FINANCIAL',
      version: String(r.version),
      back: '/demandes',
      confirmed: '1',
    });
    const incomplete = tableRows((await c.get('/demandes?tab=INCOMPLETE&sort=name&dir=desc')).text);
    expect(incomplete[0][3]).toBe('Zzzlast, Randy');
  });
});
