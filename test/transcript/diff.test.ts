import { describe, expect, it } from 'vitest';
import {
  COMPARED_FIELDS,
  DIFF_COLUMN_LABELS,
  DIFF_FIELDS,
  DIFF_FIELD_LABELS,
  diffTranscriptWithRequest,
  needsConfirmation,
  type DiffRow,
} from '../../src/transcript/diff.js';
import { buildTranscript } from '../../src/transcript/build.js';
import { TRANSCRIPT_CASES } from '../../fixtures/transcripts/cases.js';
import type { Transcript } from '../../src/transcript/model.js';

const base = TRANSCRIPT_CASES.find((c) => c.name === 'ossd-graduate');
if (!base) throw new Error('missing case');

/** The guide's example: the file of Randy Rizzo, born 1991/08/29, OSSD 2010/02/02, no date last attended. */
function guideTranscript(): Transcript {
  const t = buildTranscript(base!.record, base!.ctx);
  t.student = {
    ...t.student,
    firstName: 'RANDY',
    lastName: 'RIZZO',
    birthDate: '1991-08-29',
    gender: 'M',
    studentNumber: '000060162542',
    oen: '948743687',
  };
  t.school = { ...t.school, bsid: '722790' };
  t.award = { kind: 'OSSD', date: '2010-02-02' };
  delete t.ontario.dateLastAttended;
  return t;
}

const byField = (rows: DiffRow[]) => Object.fromEntries(rows.map((r) => [r.field, r]));

describe('validation screen rows', () => {
  it('reproduces the guide example', () => {
    const rows = diffTranscriptWithRequest(
      {
        firstName: 'randy',
        lastName: 'rizzo',
        birthDate: '1991/08/28',
        gender: 'M',
        studentNumber: '0',
        oen: '000000000',
        schoolBsid: '722790',
        dateLastAttended: '2010/02',
      },
      guideTranscript(),
    );
    expect(rows.map((r) => [DIFF_FIELD_LABELS.en[r.field], r.request, r.file, r.differs])).toEqual([
      ['FIRST NAME', 'randy', 'RANDY', false],
      ['SURNAME', 'rizzo', 'RIZZO', false],
      ['DATE OF BIRTH', '1991/08/28', '1991/08/29', true],
      ['GENDER', 'M', 'M', false],
      ['HIGH SCHOOL NUMBER', '0', '000060162542', true],
      ['OEN', '000000000', '948743687', true],
      ['HIGH SCHOOL BSID', '722790', '722790', false],
      ['DATE LAST ATTENDED', '2010/02', 'N/A', true],
      ['OSSD ISSUE DATE', 'N/A', '2010/02/02', true],
    ]);
    expect(needsConfirmation(rows)).toBe(true);
  });

  it('ignores case, accents, surrounding spaces, leading zeros and date formats', () => {
    const t = guideTranscript();
    t.student.firstName = 'Zoë-Éloïse';
    t.student.lastName = 'Nœl';
    t.student.birthDate = '1991-08-28';
    t.ontario.dateLastAttended = '2010-02';
    const rows = byField(
      diffTranscriptWithRequest(
        {
          firstName: '  zoe-eloise ',
          lastName: 'NOEL',
          birthDate: '19910828',
          gender: 'male',
          studentNumber: '60162542',
          oen: '948 743 687',
          schoolBsid: '0722790',
          dateLastAttended: 'Feb. 2010',
          ossdDate: '2010/2/2',
        },
        t,
      ),
    );
    for (const field of DIFF_FIELDS) expect([field, rows[field].differs]).toEqual([field, false]);
    expect(rows.DATE_OF_BIRTH).toMatchObject({ request: '1991/08/28', file: '1991/08/28' });
  });

  it('shows N/A on both sides and no difference when neither side has a value', () => {
    const t = guideTranscript();
    delete t.award;
    delete t.student.oen;
    const rows = byField(diffTranscriptWithRequest({}, t));
    expect(rows.OSSD_ISSUE_DATE).toEqual({
      field: 'OSSD_ISSUE_DATE',
      request: 'N/A',
      file: 'N/A',
      differs: false,
    });
    expect(rows.OEN).toEqual({ field: 'OEN', request: 'N/A', file: 'N/A', differs: false });
    expect(rows.FIRST_NAME).toMatchObject({ request: 'N/A', differs: true });
  });

  it('does not show an OSSC date as an OSSD issue date', () => {
    const t = guideTranscript();
    t.award = { kind: 'OSSC', date: '2008-02-15' };
    expect(byField(diffTranscriptWithRequest({}, t)).OSSD_ISSUE_DATE.file).toBe('N/A');
  });

  it('keeps real differences: a different name, gender or one-day-off date', () => {
    const rows = byField(
      diffTranscriptWithRequest(
        { firstName: 'Andy', gender: 'F', ossdDate: '2010-02-03' },
        guideTranscript(),
      ),
    );
    expect([rows.FIRST_NAME.differs, rows.GENDER.differs, rows.OSSD_ISSUE_DATE.differs]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('opens the screen only for a difference in first name, surname, birth date or gender', () => {
    const rows = diffTranscriptWithRequest(
      { firstName: 'Randy', lastName: 'Rizzo', birthDate: '1991-08-29', gender: 'M', oen: '111111111' },
      guideTranscript(),
    );
    expect(rows.filter((r) => r.differs).map((r) => r.field)).toContain('OEN');
    expect(needsConfirmation(rows)).toBe(false);
    expect(COMPARED_FIELDS).toEqual(['FIRST_NAME', 'SURNAME', 'DATE_OF_BIRTH', 'GENDER']);
  });

  it('has French and English labels for every field and column', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const field of DIFF_FIELDS) expect(DIFF_FIELD_LABELS[lang][field]).toMatch(/\S/);
    }
    expect(DIFF_COLUMN_LABELS.en).toMatchObject({
      field: 'FIELD',
      request: 'TRANSCRIPT REQUEST',
      file: 'TRANSCRIPT SUBMITTED',
    });
    expect(DIFF_COLUMN_LABELS.fr.save).toBe('Oui – Enregistrer et continuer');
  });
});
