import { describe, expect, it } from 'vitest';
import {
  STATUSES,
  STATUS_CATALOGUE,
  statusesInTab,
  tabOf,
  TABS,
  NO_UPLOAD_ACTIONS,
} from '../../src/domain/status.js';

describe('status catalogue', () => {
  it('puts each status in the tab of the guide', () => {
    expect(statusesInTab('TO_PROCESS')).toEqual(['ACTION_REQUIRED', 'AUTO_PROCESS_ERROR']);
    expect(statusesInTab('INCOMPLETE')).toEqual([
      'UPLOAD_ERROR',
      'ON_HOLD_FINANCIAL',
      'NO_ACADEMIC_DATA',
      'STUDENT_NOT_FOUND',
    ]);
    expect(statusesInTab('IN_PROGRESS')).toEqual(['TRANSCRIPT_UPLOADED']);
    expect(statusesInTab('COMPLETED')).toEqual(['E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED']);
    expect(TABS.flatMap(statusesInTab).sort()).toEqual([...STATUSES].sort());
  });

  it('has French and English labels for every status', () => {
    for (const s of STATUSES) {
      expect(STATUS_CATALOGUE[s].fr.length).toBeGreaterThan(3);
      expect(STATUS_CATALOGUE[s].en.length).toBeGreaterThan(3);
    }
    expect(STATUS_CATALOGUE.AUTO_PROCESS_ERROR.fr).toBe('Erreur d’autotraitement');
    expect(STATUS_CATALOGUE.E_TRANSCRIPT_SENT.fr).toBe('Relevé électronique envoyé');
  });

  it('e-mails the applicant exactly for the four no-upload outcomes the guide names', () => {
    const emailing = STATUSES.filter((s) => STATUS_CATALOGUE[s].emailsApplicant).sort();
    expect(emailing).toEqual(['NO_ACADEMIC_DATA', 'ON_HOLD_FINANCIAL', 'PAPER_SENT', 'STUDENT_NOT_FOUND']);
    expect([...NO_UPLOAD_ACTIONS].sort()).toEqual(emailing);
  });

  it('lets every open request take every no-upload action, and cancelled requests nothing', () => {
    for (const s of [...statusesInTab('TO_PROCESS'), 'UPLOAD_ERROR' as const]) {
      for (const a of NO_UPLOAD_ACTIONS) expect(STATUS_CATALOGUE[s].next, `${s}→${a}`).toContain(a);
    }
    expect(STATUS_CATALOGUE.CANCELLED.next).toEqual([]);
    expect(tabOf('TRANSCRIPT_UPLOADED')).toBe('IN_PROGRESS');
  });
});
