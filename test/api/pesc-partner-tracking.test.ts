/**
 * A PESC Transcript Request whose RequestTrackingID is the application centre's own (PESC allows any
 * 1 to 35 characters): filed on both bindings under a reference number the central assigns, found
 * again by the same ID from the same centre, and echoed in every PESC document sent back about it —
 * the acknowledgement, a later Transcript Response, the transcript delivered — each valid against
 * the unedited schemas of ../shared/pesc.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { validateTranscriptXml } from '../../src/transcript/schema.js';
import { processUploads } from '../../src/central/upload-processor.js';
import { runTransmission, type Manifest } from '../../src/central/transmission.js';
import { takeAction } from '../../src/requests/take-action.js';
import { ontarioRequest, pescSoapEnvelope } from '../support/pesc.js';
import { createCredential } from '../../src/api/credentials.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * The unedited schemas and example, beside the project when there (../shared/pesc), else the project's
 * copies (test/pesc/oracle.test.ts proves them the same bytes).
 */
const SHARED = [path.resolve(ROOT, '../shared/pesc'), path.join(ROOT, 'wsdl/pesc')].find((dir) =>
  existsSync(path.join(dir, 'TranscriptResponse_v1.4.0.xsd')),
)!;
const EXAMPLE = readFileSync(path.join(SHARED, 'examples-TranscriptRequest_v1.4.0.xml'), 'utf8');
const TRANSCRIPT = readFileSync(path.join(ROOT, 'fixtures/transcripts/valid/ossd-graduate.xml'));
const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'etms-tracking-'));

let central: TestCentral;
beforeAll(async () => {
  central = await startTestCentral('api_pesc_partner_tracking');
});
afterAll(async () => {
  await central?.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * The shared example as an Ontario board reads it (sent by OCAS to school 900001 by its BSID, with an
 * OEN): its RequestTrackingID, REQ-0001, as the example has it.
 */
const example = ontarioRequest(EXAMPLE, 'REQ-0001');
const withTracking = (id: string) =>
  example.replaceAll('<RequestTrackingID>REQ-0001<', `<RequestTrackingID>${id}<`);
const fromOuac = (document: string) =>
  document.replace('<MutuallyDefined>OCAS</MutuallyDefined>', '<MutuallyDefined>OUAC</MutuallyDefined>');

const post = (body: string) =>
  fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/xml', authorization: `Bearer ${central.intakeCredential.token}` },
  });
const soap = async (document: string) => {
  const response = await fetch(`${central.url}/soap/exchange`, {
    method: 'POST',
    body: pescSoapEnvelope(document, central.intakeCredential),
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '"urn:ca:on:etms:exchange:v1/SubmitPescTranscriptRequest"',
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    document: /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(text)?.[1] ?? '',
  };
};

/** xmllint, no network, against the unedited schema of ../shared/pesc: its complaints, none when valid. */
async function xmllint(schema: string, document: string | Buffer): Promise<string> {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, document);
  try {
    await run('xmllint', ['--nonet', '--noout', '--schema', path.join(SHARED, schema), file]);
    return '';
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  }
}

const trackingIds = (xml: string) =>
  [...xml.matchAll(/<RequestTrackingID>([^<]*)<\/RequestTrackingID>/g)].map((m) => m[1]);
const ourNumber = (xml: string) => /<etms:ReferenceNumber[^>]*>(H\d+)</.exec(xml)?.[1];

describe('a RequestTrackingID of the application centre’s own', () => {
  it('the example keeps its own tracking ID', () => {
    expect(trackingIds(EXAMPLE)).toEqual(['REQ-0001', 'REQ-0001']);
    expect(trackingIds(example)).toEqual(['REQ-0001', 'REQ-0001']);
  });

  it('files the example over REST under a number of the central’s, echoes REQ-0001, and finds it again', async () => {
    const response = await post(example);
    expect(response.status).toBe(201);
    const xml = await response.text();
    expect(await validateTranscriptXml(xml, 'response')).toEqual([]);
    expect(await xmllint('TranscriptResponse_v1.4.0.xsd', xml)).toBe('');
    expect(xml).toMatch(/<ResponseStatus>TranscriptRequestReceived<\/ResponseStatus>/);
    // Both places PESC gives the tracking ID: the centre's own; our number rides in the extensions.
    expect(trackingIds(xml)).toEqual(['REQ-0001', 'REQ-0001']);
    const reference = ourNumber(xml)!;
    expect(reference).toMatch(/^H\d{14,}$/);

    const stored = await central.store.requests.findByPartnerTracking('REQ-0001', 'OCAS');
    expect(stored).toMatchObject({
      referenceNumber: reference,
      partnerTrackingId: 'REQ-0001',
      origin: 'OCAS',
      lastName: 'Doe',
      schoolBsid: '900001',
      destinationCode: 'EXAMPLE-COLLEGE',
    });

    // The same document again: the same request, not a new one (200, not 201).
    const again = await post(example);
    expect(again.status).toBe(200);
    const againXml = await again.text();
    expect(ourNumber(againXml)).toBe(reference);
    expect(trackingIds(againXml)).toEqual(['REQ-0001', 'REQ-0001']);
  });

  it('files it over SOAP as REST does: the same request from the same centre, another from the other one', async () => {
    const before = await central.store.requests.findByPartnerTracking('REQ-0001', 'OCAS');
    const same = await soap(example);
    expect(same.status).toBe(200);
    expect(ourNumber(same.document)).toBe(before!.referenceNumber);

    // The same ID from OUAC names OUAC's request, not OCAS's.
    const first = await soap(fromOuac(example));
    expect(first.status).toBe(200);
    expect(first.text).not.toContain('faultcode');
    expect(await validateTranscriptXml(first.document, 'response')).toEqual([]);
    expect(await xmllint('TranscriptResponse_v1.4.0.xsd', first.document)).toBe('');
    expect(trackingIds(first.document)).toEqual(['REQ-0001', 'REQ-0001']);
    const ouac = await central.store.requests.findByPartnerTracking('REQ-0001', 'OUAC');
    expect(ouac).toMatchObject({ partnerTrackingId: 'REQ-0001', referenceNumber: ourNumber(first.document) });
    expect(ouac!.referenceNumber).not.toBe(before!.referenceNumber);
    const second = await soap(fromOuac(example));
    expect(ourNumber(second.document)).toBe(ouac!.referenceNumber);
  });

  it('files one request when the same document arrives several times at once', async () => {
    const document = withTracking('REQ-RACE-1');
    const answers = await Promise.all([post(document), post(document), post(document)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    const numbers = await Promise.all(answers.map(async (a) => ourNumber(await a.text())));
    expect(new Set(numbers).size).toBe(1);
    const stored = await central.store.requests.findByPartnerTracking('REQ-RACE-1', 'OCAS');
    expect(stored?.referenceNumber).toBe(numbers[0]);
  });

  it('refuses another request under a tracking ID the centre already used', async () => {
    const other = await post(example.replace('<LastName>Doe<', '<LastName>Roe<'));
    expect(other.status).toBe(409);
    const body = (await other.json()) as { code: string; message: string };
    expect(body.code).toBe('ETMS_E_TRACKING_CONFLICT');
    expect(body.message).toContain('RequestTrackingID REQ-0001 from OCAS');
  });

  it('keeps a tracking ID of our reference number’s form as the reference number', async () => {
    const response = await post(withTracking('H20240601000555'));
    expect(response.status).toBe(201);
    const xml = await response.text();
    expect(trackingIds(xml)).toEqual(['H20240601000555', 'H20240601000555']);
    expect(xml).not.toContain('UserDefinedExtensions');
    const stored = await central.store.requests.findByReference('H20240601000555');
    expect(stored?.partnerTrackingId).toBeNull();
  });

  it('files any 1 to 35 characters, punctuation and accents included', async () => {
    for (const id of ['7', 'h-2024/06 #12 (élève)', 'X'.repeat(35)]) {
      const response = await post(withTracking(id));
      expect(response.status).toBe(201);
      const xml = await response.text();
      expect(trackingIds(xml)).toEqual([id, id]);
      expect(await central.store.requests.findByPartnerTracking(id, 'OCAS')).toBeDefined();
    }
  });

  it('refuses an empty one, one over 35 characters or with a control character, naming RequestTrackingID', async () => {
    for (const id of ['   ', 'X'.repeat(36), 'REQ&#9;0001', 'REQ&#10;0001']) {
      const response = await post(withTracking(id));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe('ETMS_E_INVALID_INPUT');
      expect(body.message).toContain('RequestTrackingID');
      expect(body.message).not.toContain('/referenceNumber');
    }
    const bySoap = await soap(withTracking('X'.repeat(36)));
    expect(bySoap.status).toBe(500);
    expect(bySoap.text).toContain('ETMS_E_INVALID_INPUT');
    expect(bySoap.text).toContain('RequestTrackingID');
    expect(bySoap.text).not.toContain('/referenceNumber');
    const empty = await soap(withTracking('   '));
    expect(empty.text).toContain('RequestTrackingID is empty');
    const tab = await soap(withTracking('REQ&#9;0001'));
    expect(tab.text).toContain('RequestTrackingID holds a control character');
  });
});

describe('a credential bound to one application centre', () => {
  it('files a document whose Source names no centre as its own centre’s, and refuses the other’s', async () => {
    const made = await createCredential(central.store, { kind: 'INTAKE', origin: 'OUAC', label: 'OUAC' });
    const postAs = (body: string) =>
      fetch(`${central.url}/api/v1/pesc/transcript-requests`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/xml', authorization: `Bearer ${made.token}` },
      });
    // The example's own sender (EXAMPLE-COLLEGE), only the school named by its BSID.
    const unnamed = withTracking('REQ-BOUND-1').replace(
      '<MutuallyDefined>OCAS</MutuallyDefined>\n        <OrganizationName>OCAS</OrganizationName>',
      '<MutuallyDefined>EXAMPLE-COLLEGE</MutuallyDefined>\n        <OrganizationName>Example College</OrganizationName>',
    );
    expect(unnamed).toContain('EXAMPLE-COLLEGE');
    const filed = await postAs(unnamed);
    expect(filed.status).toBe(201);
    const stored = await central.store.db.query<{ origin: string }>(
      "SELECT origin FROM requests WHERE partner_tracking_id = 'REQ-BOUND-1'",
    );
    expect(stored.rows.map((r) => r.origin)).toEqual(['OUAC']);
    const other = await postAs(withTracking('REQ-BOUND-2'));
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('ETMS_E_ORIGIN_NOT_ALLOWED');
  });
});

describe('what is sent back later about the request', () => {
  it('a Transcript Response and the transcript delivered both carry REQ-0001', async () => {
    const noRecord = (await central.store.requests.findByPartnerTracking('REQ-0001', 'OUAC'))!;
    const staff = {
      kind: 'STAFF' as const,
      username: 'ecole.demo',
      scope: { all: true as const },
      sessionId: 's1',
    };
    await takeAction(central.ctx, staff, {
      reference: noRecord.referenceNumber,
      action: 'STUDENT_NOT_FOUND',
      expectedVersion: noRecord.version,
    });
    const sent = (await central.store.requests.findByPartnerTracking('REQ-0001', 'OCAS'))!;
    await central.store.transcripts.add({
      requestId: sent.id,
      format: 'XML',
      content: TRANSCRIPT,
      source: 'UPLOAD',
      createdBy: 'ecole.demo',
    });
    await central.store.requests.transition({ id: sent.id, to: 'TRANSCRIPT_UPLOADED', actor: 'ecole.demo' });
    await processUploads(central.ctx);
    expect((await central.store.requests.get(sent.id))!.status).toBe('E_TRANSCRIPT_SENT');

    const summary = await runTransmission(central.ctx);
    const folder = path.join(central.outboxDir, 'EXAMPLE-COLLEGE', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(readdirSync(folder).length).toBe(manifest.items.length + 1);
    const response = manifest.items.find((i) => i.referenceNumber === noRecord.referenceNumber)!;
    expect(response.kind).toBe('RESPONSE');
    const responseXml = readFileSync(path.join(folder, response.file), 'utf8');
    expect(responseXml).toMatch(/<ResponseStatus>NoRecord<\/ResponseStatus>/);
    expect(trackingIds(responseXml)).toEqual(['REQ-0001', 'REQ-0001']);
    expect(ourNumber(responseXml)).toBe(noRecord.referenceNumber);
    expect(await validateTranscriptXml(responseXml, 'response')).toEqual([]);
    expect(await xmllint('TranscriptResponse_v1.4.0.xsd', responseXml)).toBe('');
    // Delivered to the college's channel, it is addressed to the college, from the school as the
    // central knows it (the request's sender had its acknowledgement at the time it asked).
    const between = (element: string) =>
      new RegExp(`<${element}>([\\s\\S]*?)</${element}>`)
        .exec(responseXml)?.[1]
        .replace(/>\s+</g, '><')
        .trim();
    expect(between('Source')).toContain('<OrganizationName>École secondaire Nord</OrganizationName>');
    expect(between('Destination')).toBe(
      '<Organization><MutuallyDefined>EXAMPLE-COLLEGE</MutuallyDefined><OrganizationName>Example College</OrganizationName></Organization>',
    );

    const transcript = manifest.items.find((i) => i.referenceNumber === sent.referenceNumber)!;
    expect(transcript.kind).toBe('TRANSCRIPT');
    const delivered = readFileSync(path.join(folder, transcript.file));
    expect(trackingIds(delivered.toString('utf8'))[0]).toBe('REQ-0001');
    expect(delivered.toString('utf8')).not.toContain(sent.referenceNumber);
    expect(await validateTranscriptXml(delivered, 'pesc-transcript')).toEqual([]);
    expect(await xmllint('HighSchoolTranscript_v1.5.0.xsd', delivered)).toBe('');
  });
});
