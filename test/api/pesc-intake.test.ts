/**
 * PESC Transcript Request v1.4.0 over REST: filed as the JSON operation files a request (same
 * checks and faults), answered with a PESC Transcript Response that validates against the real
 * schema; hostile documents refused as uploads are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { validateTranscriptXml } from '../../src/transcript/schema.js';

let central: TestCentral;
beforeAll(async () => {
  central = await startTestCentral('api_pesc_intake');
});
afterAll(async () => {
  await central?.close();
});

const EXAMPLE = readFileSync(
  path.resolve(import.meta.dirname, '../../wsdl/pesc/examples-TranscriptRequest_v1.4.0.xml'),
  'utf8',
);
/** The PESC example, sent by OCAS to the test board's school 900001, for a student with an OEN. */
const request = (reference: string) =>
  EXAMPLE.replace(
    '<MutuallyDefined>EXAMPLE-COLLEGE</MutuallyDefined>\n        <OrganizationName>Example College</OrganizationName>\n      </Organization>\n    </Source>',
    '<MutuallyDefined>OCAS</MutuallyDefined>\n        <OrganizationName>OCAS</OrganizationName>\n      </Organization>\n    </Source>',
  )
    .replace(
      '<CEEBACT>123456</CEEBACT>\n        </School>',
      '<LocalOrganizationID><LocalOrganizationIDCode>900001</LocalOrganizationIDCode><LocalOrganizationIDQualifier>ON</LocalOrganizationIDQualifier></LocalOrganizationID>\n        </School>',
    )
    .replace(
      '<Birth>',
      '<AgencyIdentifier><AgencyAssignedID>948743687</AgencyAssignedID><AgencyCode>Province</AgencyCode><StateProvinceCode>ON</StateProvinceCode></AgencyIdentifier><Birth>',
    )
    .replaceAll('REQ-0001', reference);

const post = (body: string, token = central.intakeCredential.token, type = 'application/xml') =>
  fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
    method: 'POST',
    body,
    headers: { 'content-type': type, authorization: `Bearer ${token}` },
  });

describe('PESC Transcript Request over REST', () => {
  it('files the request and answers a Transcript Response (TranscriptRequestReceived) valid against PESC', async () => {
    const response = await post(request('H20240601000777'));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/application\/xml/);
    const xml = await response.text();
    expect(await validateTranscriptXml(xml, 'response')).toEqual([]);
    expect(xml).toMatch(/<ResponseStatus>TranscriptRequestReceived<\/ResponseStatus>/);
    expect(xml).toMatch(/<RequestTrackingID>H20240601000777<\/RequestTrackingID>/);

    const stored = await central.store.requests.findByReference('H20240601000777');
    expect(stored).toMatchObject({
      origin: 'OCAS',
      requestType: 'ORIGINAL',
      sendTiming: 'END_OF_TERM',
      firstName: 'Jane',
      lastName: 'Doe',
      previousLastName: 'Smith',
      birthDate: '2006-03-15',
      gender: 'F',
      oen: '948743687',
      schoolBsid: '900001',
      dateLastAttended: '2024-06',
      destinationCode: 'EXAMPLE-COLLEGE',
      destinationName: 'Example College',
    });
    // Idempotent by reference number, as the JSON operation.
    expect((await post(request('H20240601000777'))).status).toBe(200);
  });

  it('refuses what the JSON operation refuses, with the same codes', async () => {
    const unknownSchool = await post(request('H20240601000778').replace('>900001<', '>999999<'));
    const json = (await post(request('H20240601000779'), 'nope.nope').then((r) => r.json())) as {
      code: string;
    };
    expect(json.code).toBe('ETMS_E_UNAUTHENTICATED');
    expect(unknownSchool.status).toBeGreaterThanOrEqual(400);
    const agent = await post(request('H20240601000780'), central.agentCredential.token);
    expect(((await agent.json()) as { code: string }).code).toBe('ETMS_E_FORBIDDEN');
  });

  it('refuses a document that is not a valid PESC Transcript Request, and hostile XML', async () => {
    const invalid = await post(
      request('H20240601000781').replace(
        '<ReleaseAuthorizedIndicator>true',
        '<ReleaseAuthorizedIndicator>maybe',
      ),
    );
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { code: string }).code).toBe('ETMS_E_INVALID_INPUT');
    const doctype = await post(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>${request('H1')}`,
    );
    expect(((await doctype.json()) as { code: string }).code).toBe('ETMS_E_TRANSCRIPT_DOCTYPE');
    const json = await post('{}', central.intakeCredential.token, 'application/json');
    expect(((await json.json()) as { code: string }).code).toBe('ETMS_E_MALFORMED_MESSAGE');
    const other = await post(
      readFileSync(
        path.resolve(import.meta.dirname, '../../wsdl/pesc/examples-HighSchoolTranscript_v1.5.0.xml'),
        'utf8',
      ),
    );
    expect(((await other.json()) as { code: string }).code).toBe('ETMS_E_MALFORMED_MESSAGE');
  });
});
