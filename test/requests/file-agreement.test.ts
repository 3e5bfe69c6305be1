import { describe, expect, it } from 'vitest';
import { fileDisagreement } from '../../src/requests/file-agreement.js';
import type { TranscriptRequest } from '../../src/domain/request.js';
import type { TranscriptIdentity } from '../../src/transcript/read.js';

/** The file's student: Amélie Tremblay, born 2005-04-17 (only who the student is counts here). */
const file = {
  student: {
    studentNumber: '100001',
    oen: '123456782',
    birthDate: '2005-04-17',
    firstName: 'Amélie',
    lastName: 'Tremblay',
    previousLastNames: [],
    gender: 'F',
  },
} as unknown as TranscriptIdentity;

const typed = (fields: Partial<TranscriptRequest>): TranscriptRequest =>
  ({
    referenceNumber: 'H20250301000001',
    firstName: null,
    lastName: null,
    previousLastName: null,
    birthDate: '2005-04-17',
    gender: 'F',
    oen: null,
    studentNumber: null,
    schoolBsid: '900001',
    dateLastAttended: null,
    ...fields,
  }) as TranscriptRequest;

describe('a file whose names the request typed in the other field', () => {
  it('takes both names typed the other way round', () => {
    expect(fileDisagreement(typed({ firstName: 'Tremblay', lastName: 'Amelie' }), file)).toBeUndefined();
  });
  it('takes the first name typed as the surname, with another name beside it and the birth date', () => {
    // A married surname in the given-name field: the matcher shows this student to staff, so the file
    // of the student they chose is one the request can be about.
    expect(fileDisagreement(typed({ firstName: 'Gagnon', lastName: 'Amelie' }), file)).toBeUndefined();
    // Without the birth date nothing else speaks for her.
    expect(
      fileDisagreement(typed({ firstName: 'Gagnon', lastName: 'Amelie', birthDate: '1990-01-01' }), file),
    ).toBeDefined();
  });
  it('refuses the surname typed as the first name beside another given name: a brother or sister', () => {
    const sister = typed({ firstName: 'Tremblay', lastName: 'Jasmine' });
    expect(fileDisagreement(sister, file)).toContain('sibling');
    // With the student's own OEN typed, another given name is not a twin's.
    expect(fileDisagreement({ ...sister, oen: '123456782' }, file)).toBeUndefined();
  });
});
