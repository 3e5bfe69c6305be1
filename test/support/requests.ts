import type { NewTranscriptRequest } from '../../src/domain/request.js';

let counter = 0;
/** A plausible request; override what the test is about. */
export function aRequest(overrides: Partial<NewTranscriptRequest> = {}): NewTranscriptRequest {
  counter++;
  return {
    origin: 'OCAS',
    requestType: 'ORIGINAL',
    requestedAt: '2026-03-02',
    applicationNumber: `24${String(counter).padStart(7, '0')}`,
    accountNumber: `21${String(counter).padStart(10, '0')}`,
    firstName: 'Amélie',
    lastName: 'Tremblay',
    birthDate: '2005-04-17',
    gender: 'F',
    oen: '123456789',
    schoolBsid: '900001',
    dateLastAttended: '2023-06',
    applicantEmail: 'applicant@example.org',
    ...overrides,
  };
}
