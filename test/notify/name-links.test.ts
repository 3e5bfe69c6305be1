import { describe, expect, it } from 'vitest';
import { applicantEmail } from '../../src/notify/templates.js';

describe('applicant names in e-mails', () => {
  it('never become links, in the HTML or the text part', () => {
    for (const firstName of ['http://evil.example/pay', 'www.evil.example', 'bob@evil.example']) {
      for (const lang of ['fr', 'en'] as const) {
        const mail = applicantEmail(
          'STUDENT_NOT_FOUND',
          { firstName, referenceNumber: 'H20261202000001', origin: 'OCAS' },
          lang,
        );
        expect(mail.html).not.toMatch(/<a [^>]*evil/);
        expect(mail.text).not.toContain(firstName);
        expect(mail.html).not.toContain(firstName);
        // The name is still there to read, with invisible breaks.
        expect(mail.text.replace(/\u200B/g, '')).toContain(firstName);
      }
    }
  });
});
