/** A refused machine call names the credential's kind in words a person reads, in both languages. */
import { describe, expect, it } from 'vitest';
import { credentialKindLabel, Forbidden } from '../../src/errors.js';
import { problem } from '../../src/api/rest.js';
import { requireAgent, requireIntake } from '../../src/requests/access.js';

describe('credential labels', () => {
  it('names each kind in English and French, with its code', () => {
    expect(credentialKindLabel('INTAKE', 'en')).toBe('the application system (INTAKE)');
    expect(credentialKindLabel('INTAKE', 'fr')).toBe('le système de demandes d’admission (INTAKE)');
    expect(credentialKindLabel('AGENT', 'en')).toBe("a board's Auto-eTMS agent (AGENT)");
    expect(credentialKindLabel('AGENT', 'fr')).toBe('l’agent Auto-SGÉRN d’un conseil scolaire (AGENT)');
  });

  it('a refused call reads as a sentence, never « A INTAKE credential »', () => {
    let refused: unknown;
    try {
      requireAgent({ kind: 'INTAKE', credentialId: 'c1' }, 'LeasePendingRequests');
    } catch (error) {
      refused = error;
    }
    expect(Forbidden.is(refused)).toBe(true);
    const body = problem(refused as ReturnType<typeof Forbidden>);
    expect(body.message).toBe(
      'The credential of the application system (INTAKE) may not call LeasePendingRequests; use a credential made for this kind of client.',
    );
    expect(body.details).toEqual({
      credentialKind: 'INTAKE',
      messageFr:
        'L’identifiant du système de demandes d’admission (INTAKE) ne peut pas appeler LeasePendingRequests\u00a0; utilisez un identifiant fait pour ce type de client.',
    });
    expect(() =>
      requireIntake({ kind: 'AGENT', credentialId: 'c2', boardId: 1 }, 'SubmitTranscriptRequest'),
    ).toThrow(/^The credential of a board's Auto-eTMS agent \(AGENT\) may not call SubmitTranscriptRequest/);
    expect(String(body.message)).not.toMatch(/\bA (INTAKE|AGENT) credential/);
  });
});
