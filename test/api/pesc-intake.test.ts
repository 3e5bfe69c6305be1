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
import { ontarioRequest, pescSoapEnvelope } from '../support/pesc.js';
import { createCredential } from '../../src/api/credentials.js';
import { xmllintPesc } from '../support/xmllint.js';

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
const request = (reference: string) => ontarioRequest(EXAMPLE, reference);

const post = (body: string | Buffer, token = central.intakeCredential.token, type = 'application/xml') =>
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

  it('answers its refusals as the rest of the REST binding does: problem details, 401 with a challenge, 405 with Allow', async () => {
    const unauthenticated = await post(request('H20240601000790'), 'nope.nope');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await unauthenticated.json()).toMatchObject({
      type: 'urn:etms:error:ETMS_E_UNAUTHENTICATED',
      status: 401,
      code: 'ETMS_E_UNAUTHENTICATED',
      instance: '/api/v1/pesc/transcript-requests',
    });
    const notXml = await post('{}', central.intakeCredential.token, 'application/json');
    expect(notXml.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(notXml.headers.get('accept')).toBe('application/xml');
    expect(await notXml.json()).toMatchObject({ status: 415, code: 'ETMS_E_UNSUPPORTED_MEDIA_TYPE' });
    for (const method of ['GET', 'DELETE']) {
      const other = await fetch(`${central.url}/api/v1/pesc/transcript-requests`, { method });
      expect([other.status, other.headers.get('allow')]).toEqual([405, 'POST']);
      expect(((await other.json()) as { code: string }).code).toBe('ETMS_E_METHOD_NOT_ALLOWED');
    }
  });

  it('reads a document in UTF-16 as XML requires, its DOCTYPE refused as in UTF-8', async () => {
    const utf16 = (text: string, bigEndian: boolean) => {
      const le = Buffer.from(`\ufeff${text.replace('encoding="UTF-8"', 'encoding="UTF-16"')}`, 'utf16le');
      return bigEndian ? Buffer.from(le).swap16() : le;
    };
    for (const [reference, bigEndian] of [
      ['H20240601000871', false],
      ['H20240601000872', true],
    ] as const) {
      const filed = await post(utf16(request(reference), bigEndian));
      expect(filed.status, reference).toBe(201);
      expect(await filed.text()).toContain(`<RequestTrackingID>${reference}</RequestTrackingID>`);
      expect(await central.store.requests.findByReference(reference)).toMatchObject({
        firstName: 'Jane',
        lastName: 'Doe',
      });
    }
    const doctype = await post(
      utf16(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${request('H20240601000873')}`, false),
    );
    expect(((await doctype.json()) as { code: string }).code).toBe('ETMS_E_TRANSCRIPT_DOCTYPE');
    // Another encoding is refused with a sentence about the request, not about uploading a transcript.
    const latin1 = await post(
      Buffer.from(
        `<?xml version="1.0" encoding="ISO-8859-1"?>${request('H20240601000874').replace(/^<\?xml[^>]*\?>/, '')}`,
        'latin1',
      ),
    );
    const refusal = (await latin1.json()) as { code: string; message: string };
    expect(refusal.code).toBe('ETMS_E_TRANSCRIPT_ENCODING');
    expect(refusal.message).toContain('The transcript request is encoded as ISO-8859-1');
    expect(refusal.message).not.toContain('upload');
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
    // A birth date the PESC schema allows but no applicant has is refused as the JSON operation refuses it.
    const far = await post(
      request('H20240601000781').replace('<BirthDate>2006-03-15<', '<BirthDate>9999-12-31<'),
    );
    expect(far.status).toBe(400);
    expect(((await far.json()) as { code: string }).code).toBe('ETMS_E_INVALID_INPUT');
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
    const refusal = (await doctype.json()) as { code: string; message: string };
    expect(refusal.code).toBe('ETMS_E_TRANSCRIPT_DOCTYPE');
    // The sentence names what was sent: a transcript request.
    expect(refusal.message).toContain('transcript requests must not contain a DOCTYPE');
    expect(refusal.message).toContain('Send the transcript request without a DOCTYPE');
    const json = await post('{}', central.intakeCredential.token, 'application/json');
    expect(((await json.json()) as { code: string }).code).toBe('ETMS_E_UNSUPPORTED_MEDIA_TYPE');
    const other = await post(
      readFileSync(
        path.resolve(import.meta.dirname, '../../wsdl/pesc/examples-HighSchoolTranscript_v1.5.0.xml'),
        'utf8',
      ),
    );
    expect(((await other.json()) as { code: string }).code).toBe('ETMS_E_MALFORMED_MESSAGE');
  });
});

/** A hand-written envelope: the PESC namespace declared on the Envelope, not on the document. */
const envelope = (document: string) => pescSoapEnvelope(document, central.intakeCredential);
const soap = (body: string, action = 'urn:ca:on:etms:exchange:v1/SubmitPescTranscriptRequest') =>
  fetch(`${central.url}/soap/exchange`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
  });
const faultCode = (xml: string) => /<code>([^<]+)<\/code>/.exec(xml)?.[1] ?? /:code>([^<]+)</.exec(xml)?.[1];

describe('PESC Transcript Request shapes no validator should spend long on', () => {
  const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="x"`).join('');

  it('refuses 400,000 attributes on Request before the schema, with one sentence', async () => {
    const document = request('H20240601000791').replace(
      '<TrnReq:Request>',
      `<TrnReq:Request${attributes(400_000)}>`,
    );
    expect(document.length).toBeGreaterThan(4_500_000);
    const [refused, health] = await Promise.all([post(document), fetch(`${central.url}/healthz`)]);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe('ETMS_E_TRANSCRIPT_TOO_COMPLEX');
    expect(body.message).toMatch(
      /^The XML file has more than 256 attributes on one element \(line \d+\), which no transcript request has\./,
    );
    expect(body.message).not.toContain('a0');
    expect(health.status).toBe(200);
    expect(await central.store.requests.findByReference('H20240601000791')).toBeUndefined();
  });

  it('refuses deep nesting with a sentence about a transcript request', async () => {
    const document = request('H20240601000792').replace(
      '<TrnReq:Request>',
      `<TrnReq:Request>${'<x>'.repeat(120)}${'</x>'.repeat(120)}`,
    );
    const refused = await post(document);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe('ETMS_E_TRANSCRIPT_TOO_DEEP');
    expect(body.message).toContain('which no transcript request does');
  });
});

describe('PESC Transcript Request over SOAP (SubmitPescTranscriptRequest)', () => {
  it('files the document in the Body as REST files it: the same request, a Transcript Response valid against PESC', async () => {
    expect(envelope(EXAMPLE)).toContain('<s:Body><r:TranscriptRequest>');
    const response = await soap(envelope(request('H20240601000901')));
    const xml = await response.text();
    expect(response.status).toBe(200);
    const document = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(xml)?.[1] ?? '';
    expect(await validateTranscriptXml(document, 'response')).toEqual([]);
    expect(document).toMatch(/<ResponseStatus>TranscriptRequestReceived<\/ResponseStatus>/);

    expect((await post(request('H20240601000902'))).status).toBe(201);
    const [bySoap, byRest] = await Promise.all(
      ['H20240601000901', 'H20240601000902'].map((r) => central.store.requests.findByReference(r)),
    );
    // Everything but what tells two requests apart.
    const fields = (r: typeof bySoap) =>
      Object.fromEntries(
        Object.entries(r ?? {}).filter(
          ([k]) => !['id', 'referenceNumber', 'receivedAt', 'createdAt', 'updatedAt'].includes(k),
        ),
      );
    expect(bySoap).toBeDefined();
    expect(fields(bySoap)).toEqual(fields(byRest));
  });

  it('answers faults with the codes of SubmitTranscriptRequest, and refuses hostile envelopes', async () => {
    const invalid = await soap(
      envelope(
        request('H20240601000903').replace(
          '<ReleaseAuthorizedIndicator>true',
          '<ReleaseAuthorizedIndicator>maybe',
        ),
      ),
    );
    expect(invalid.status).toBe(500);
    expect(faultCode(await invalid.text())).toBe('ETMS_E_INVALID_INPUT');
    const unknownSchool = await soap(envelope(request('H20240601000904').replace('>900001<', '>999999<')));
    expect(faultCode(await unknownSchool.text())).toBe('ETMS_E_UNKNOWN_SCHOOL');
    const action = await soap(
      envelope(request('H20240601000905')),
      'urn:ca:on:etms:exchange:v1/GetRequestStatus',
    );
    expect(faultCode(await action.text())).toBe('ETMS_E_SOAP_ACTION_MISMATCH');
    const doctype = await soap(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>${envelope(request('H20240601000906')).replace(/^<\?xml[^>]*\?>/, '')}`,
    );
    expect(doctype.status).toBe(500);
    expect(await central.store.requests.findByReference('H20240601000906')).toBeUndefined();
  });

  it('files a document holding processing instructions, as REST does, and names the document in a fault', async () => {
    // Instructions before RequestedStudent (one with a lone quote in its text), inside a value and
    // after the document element: none of them is an element of the document.
    const withInstructions = (reference: string) =>
      request(reference)
        .replace('<RequestedStudent>', `<?pi x?><?note don't "parse" <me>?>\n    <RequestedStudent>`)
        .replace('>900001<', '>9000<?split?>01<');
    const bySoap = await soap(envelope(withInstructions('H20240601000911')));
    const xml = await bySoap.text();
    expect(xml).not.toContain('faultcode');
    expect(bySoap.status).toBe(200);
    const document = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(xml)?.[1] ?? '';
    expect(await validateTranscriptXml(document, 'response')).toEqual([]);
    expect((await post(withInstructions('H20240601000912'))).status).toBe(201);
    const [soapFiled, restFiled] = await Promise.all(
      ['H20240601000911', 'H20240601000912'].map((r) => central.store.requests.findByReference(r)),
    );
    expect(soapFiled?.schoolBsid).toBe('900001');
    expect(restFiled?.schoolBsid).toBe('900001');

    // A fault about the document itself says it is the transcript request, not "the file".
    const deep = await soap(
      envelope(
        request('H20240601000913').replace(
          '<TrnReq:Request>',
          `<TrnReq:Request>${'<r:x>'.repeat(40)}${'</r:x>'.repeat(40)}`,
        ),
      ),
    );
    const deepFault = await deep.text();
    expect(faultCode(deepFault)).toBe('ETMS_E_TRANSCRIPT_TOO_DEEP');
    expect(deepFault).toContain('which no transcript request does');
    const notXml = await post(`<?pi x?>\n${request('H20240601000914')}`);
    const refusal = (await notXml.json()) as { code: string; message: string };
    expect(refusal.code).toBe('ETMS_E_TRANSCRIPT_NOT_XML');
    expect(refusal.message).toMatch(
      /^The transcript request is not readable XML \(line 2\): an XML declaration/,
    );
    expect(refusal.message).not.toContain('export it again');
  });

  it('reads character references as the characters they name, as the envelope’s reader does', async () => {
    const named = (reference: string) =>
      request(reference)
        .replace('<FirstName>Jane<', '<FirstName>Ren&#233;e<')
        .replace('<LastName>Doe<', '<LastName>D&#x27;Arcy &amp;#233;<');
    expect((await post(named('H20240601000921'))).status).toBe(201);
    expect((await soap(envelope(named('H20240601000922')))).status).toBe(200);
    const [byRest, bySoap] = await Promise.all(
      ['H20240601000921', 'H20240601000922'].map((r) => central.store.requests.findByReference(r)),
    );
    expect(byRest).toMatchObject({ firstName: 'Renée', lastName: "D'Arcy &#233;" });
    expect(bySoap).toMatchObject({ firstName: 'Renée', lastName: "D'Arcy &#233;" });
  });

  it('serves the real PESC schemas the WSDL imports, and nothing else from their folder', async () => {
    const wsdl = await (await fetch(`${central.url}/soap/exchange?wsdl`)).text();
    expect(wsdl).toContain('schemaLocation="pesc/TranscriptRequest_v1.4.0.xsd"');
    const served = await fetch(`${central.url}/soap/pesc/TranscriptRequest_v1.4.0.xsd`);
    expect(await served.text()).toBe(
      readFileSync(path.resolve(import.meta.dirname, '../../wsdl/pesc/TranscriptRequest_v1.4.0.xsd'), 'utf8'),
    );
    expect((await fetch(`${central.url}/soap/pesc/README.md`)).status).toBe(404);
    expect((await fetch(`${central.url}/soap/pesc/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});

/** TransmissionData's Source and Destination, and the Response's Receiver, as written. */
const parties = (xml: string) => ({
  source: /<Source>([\s\S]*?)<\/Source>/.exec(xml)?.[1].replace(/>\s+</g, '><').trim() ?? '',
  destination: /<Destination>([\s\S]*?)<\/Destination>/.exec(xml)?.[1].replace(/>\s+</g, '><').trim() ?? '',
  receiver: /<Receiver>([\s\S]*?)<\/Receiver>/.exec(xml)?.[1].replace(/>\s+</g, '><').trim() ?? '',
  schoolNames: [...xml.matchAll(/<OrganizationName>([^<]*)<\/OrganizationName>/g)].map((m) => m[1]),
});
const SCHOOL =
  '<Organization><LocalOrganizationID><LocalOrganizationIDCode>900001</LocalOrganizationIDCode><LocalOrganizationIDQualifier>ON</LocalOrganizationIDQualifier></LocalOrganizationID><OrganizationName>École secondaire Nord</OrganizationName></Organization>';

describe('the acknowledgement goes back to who sent the request, from the school as the central knows it', () => {
  /** The school named as a requester may spell it ("School"), its real name being another. */
  const spelled = (reference: string) =>
    request(reference).replace(
      '<OrganizationName>Example Secondary School</OrganizationName>\n          <LocalOrganizationID>',
      '<OrganizationName>School</OrganizationName>\n          <LocalOrganizationID>',
    );

  it('over REST: Source the school (its BSID, its name in the store), Destination OCAS, Receiver the college', async () => {
    const document = spelled('H20240601000931');
    expect(document).toContain('<OrganizationName>School</OrganizationName>');
    const response = await post(document);
    expect(response.status).toBe(201);
    const xml = await response.text();
    expect(await xmllintPesc('TranscriptResponse_v1.4.0.xsd', xml)).toBe('');
    const { source, destination, receiver } = parties(xml);
    expect(source).toBe(SCHOOL);
    expect(destination).toBe(
      '<Organization><MutuallyDefined>OCAS</MutuallyDefined><OrganizationName>OCAS</OrganizationName></Organization>',
    );
    expect(receiver).toBe(
      '<RequestorReceiverOrganization><OrganizationName>Example College</OrganizationName><MutuallyDefined>EXAMPLE-COLLEGE</MutuallyDefined></RequestorReceiverOrganization>',
    );
    expect(xml).not.toContain('>School<');
    // Sent again, the same answer: about the request as filed.
    const again = await post(document);
    expect(again.status).toBe(200);
    expect(parties(await again.text())).toEqual(parties(xml));
  });

  it('over SOAP: the same addresses', async () => {
    const response = await soap(envelope(spelled('H20240601000932')));
    const document = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(await response.text())?.[1] ?? '';
    expect(response.status).toBe(200);
    expect(await xmllintPesc('TranscriptResponse_v1.4.0.xsd', document)).toBe('');
    const { source, destination } = parties(document);
    expect(source).toBe(SCHOOL);
    expect(destination).toContain('<MutuallyDefined>OCAS</MutuallyDefined>');
    expect(destination).not.toContain('EXAMPLE-COLLEGE');
  });

  it('a request a college sent itself is answered to that college, its identifiers as it wrote them', async () => {
    // A six-character CEEBACT that starts with a space is one the schema accepts: echoed as it is.
    const fromCollege = request('H20240601000933').replace(
      '<MutuallyDefined>OCAS</MutuallyDefined>\n        <OrganizationName>OCAS</OrganizationName>',
      '<CEEBACT> 12345</CEEBACT><MutuallyDefined>MOHA</MutuallyDefined>\n        <OrganizationName>Mohawk College</OrganizationName>',
    );
    const response = await fetch(`${central.url}/api/v1/pesc/transcript-requests?origin=OCAS`, {
      method: 'POST',
      body: fromCollege,
      headers: {
        'content-type': 'application/xml',
        authorization: `Bearer ${central.intakeCredential.token}`,
      },
    });
    expect(response.status).toBe(201);
    const xml = await response.text();
    expect(await xmllintPesc('TranscriptResponse_v1.4.0.xsd', xml)).toBe('');
    expect(parties(xml).destination).toBe(
      '<Organization><CEEBACT> 12345</CEEBACT><MutuallyDefined>MOHA</MutuallyDefined><OrganizationName>Mohawk College</OrganizationName></Organization>',
    );
    expect(parties(xml).source).toBe(SCHOOL);
  });
});

describe('?origin= that the document or the credential contradicts', () => {
  const postWith = (query: string, body: string, token = central.intakeCredential.token) =>
    fetch(`${central.url}/api/v1/pesc/transcript-requests${query}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` },
    });

  it('is refused with ETMS_E_ORIGIN_CONFLICT when the document’s Source names the other centre', async () => {
    const refused = await postWith('?origin=OUAC', request('H20240601000941'));
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await refused.json()) as { code: string; message: string; type: string };
    expect(body).toMatchObject({
      code: 'ETMS_E_ORIGIN_CONFLICT',
      type: 'urn:etms:error:ETMS_E_ORIGIN_CONFLICT',
    });
    expect(body.message).toContain('Source names OCAS');
    expect(body.message).toContain('origin names OUAC');
    expect(await central.store.requests.findByReference('H20240601000941')).toBeUndefined();
    // Agreeing with the document is no contradiction.
    expect((await postWith('?origin=OCAS', request('H20240601000942'))).status).toBe(201);
  });

  it('is refused when it is not OCAS or OUAC, or given twice', async () => {
    for (const query of ['?origin=ouac', '?origin=XYZ', '?origin=OCAS&origin=OUAC', '?origin=']) {
      const refused = await postWith(query, request('H20240601000943'));
      expect(refused.status, query).toBe(400);
      const body = (await refused.json()) as { code: string; message: string };
      expect(body.code, query).toBe('ETMS_E_INVALID_INPUT');
      expect(body.message, query).toContain('origin is OCAS or OUAC');
    }
    expect(await central.store.requests.findByReference('H20240601000943')).toBeUndefined();
  });

  it('is refused when a credential bound to one centre names the other, whatever the document says', async () => {
    const ocas = await createCredential(central.store, {
      kind: 'INTAKE',
      origin: 'OCAS',
      label: 'OCAS only',
    });
    const conflict = await postWith('?origin=OUAC', request('H20240601000944'), ocas.token);
    expect(conflict.status).toBe(400);
    expect(((await conflict.json()) as { code: string }).code).toBe('ETMS_E_ORIGIN_CONFLICT');
    const unnamed = request('H20240601000945').replace(
      '<MutuallyDefined>OCAS</MutuallyDefined>\n        <OrganizationName>OCAS</OrganizationName>',
      '<MutuallyDefined>MOHA</MutuallyDefined>\n        <OrganizationName>Mohawk College</OrganizationName>',
    );
    const other = await postWith('?origin=OUAC', unnamed, ocas.token);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('ETMS_E_ORIGIN_NOT_ALLOWED');
    // Over SOAP the credential is the only thing said beside the document: its contradiction is refused too.
    const bySoap = await soap(
      pescSoapEnvelope(
        request('H20240601000946').replace('>OCAS</MutuallyDefined>', '>OUAC</MutuallyDefined>'),
        ocas,
      ),
    );
    expect(faultCode(await bySoap.text())).toBe('ETMS_E_ORIGIN_NOT_ALLOWED');
    for (const reference of ['H20240601000944', 'H20240601000945', 'H20240601000946'])
      expect(await central.store.requests.findByReference(reference)).toBeUndefined();
  });
});
