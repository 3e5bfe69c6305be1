/**
 * Uploaded files processed by the central, then delivered: outbox files written whole with a
 * manifest, a replaced transcript retracted (or cancelled when still pending), HTTP endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { validateTranscriptXml } from '../../src/transcript/schema.js';
import { startTestCentral, testConfig, type TestCentral } from '../agent/harness.js';
import { processUploads, startProcessor } from '../../src/central/upload-processor.js';
import { deliveredTranscript, runTransmission, type Manifest } from '../../src/central/transmission.js';
import { createContext } from '../../src/context.js';
import { aRequest } from '../support/requests.js';
import type { TranscriptRequest } from '../../src/domain/request.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VALID = readFileSync(join(ROOT, 'fixtures/transcripts/valid/ossd-graduate.xml'));
const VALID_2 = readFileSync(join(ROOT, 'fixtures/transcripts/valid/reissue.xml'));
const ORIGINAL_2 = readFileSync(join(ROOT, 'fixtures/transcripts/valid/failed-grade11.xml'));
const INVALID = readFileSync(join(ROOT, 'fixtures/transcripts/hostile/schema-invalid.xml'));
const PDF = readFileSync(join(ROOT, 'fixtures/transcripts/pdf/transcript-one-page.pdf'));

let central: TestCentral;
let seq = 0;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** The file with its TransmissionData's RequestTrackingID naming `reference`. */
const tracking = (file: Buffer, reference: string) =>
  Buffer.from(
    file
      .toString('utf8')
      .replace(
        /<RequestTrackingID>H\d+<\/RequestTrackingID>/,
        `<RequestTrackingID>${reference}</RequestTrackingID>`,
      ),
  );

/** The file as `destination` receives it: naming the request and that destination (by its code). */
const asSent = (file: Buffer, reference: string, destination: string) =>
  Buffer.from(
    tracking(file, reference)
      .toString('utf8')
      .replace(
        /<Destination>[\s\S]*?<\/Destination>/,
        `<Destination>\n<Organization>\n<MutuallyDefined>${destination}</MutuallyDefined>\n</Organization>\n</Destination>`,
      ),
  );

beforeAll(async () => {
  central = await startTestCentral('central_delivery');
});
afterAll(async () => {
  await central?.close();
});

async function uploaded(
  file: Buffer,
  format: 'XML' | 'PDF',
  destinationCode = 'SENECA',
): Promise<TranscriptRequest> {
  const { request } = await central.store.requests.create(
    aRequest({ referenceNumber: `H20260302${String(900000 + ++seq)}`, destinationCode }),
  );
  return upload(request, file, format);
}

async function upload(
  request: TranscriptRequest,
  file: Buffer,
  format: 'XML' | 'PDF',
): Promise<TranscriptRequest> {
  await central.store.transcripts.add({
    requestId: request.id,
    format,
    content: file,
    source: 'UPLOAD',
    createdBy: 'ecole.demo',
  });
  return central.store.requests.transition({
    id: request.id,
    to: 'TRANSCRIPT_UPLOADED',
    actor: 'ecole.demo',
  });
}

describe('the central processor', () => {
  it('checks uploaded files again, then completes the request or sends it to « Erreur de téléversement »', async () => {
    const xml = await uploaded(VALID, 'XML');
    const pdf = await uploaded(PDF, 'PDF');
    const bad = await uploaded(INVALID, 'XML');
    const summary = await processUploads(central.ctx);
    expect(summary).toMatchObject({ sent: 2, failed: 1 });
    const a = (await central.store.requests.get(xml.id))!;
    expect([a.status, a.completionMethod, a.lastUpdatedBy]).toEqual([
      'E_TRANSCRIPT_SENT',
      'MANUAL_XML',
      'System/Système',
    ]);
    expect((await central.store.requests.get(pdf.id))!.completionMethod).toBe('PDF');
    const b = (await central.store.requests.get(bad.id))!;
    expect(b.status).toBe('UPLOAD_ERROR');
    const event = (await central.store.requests.events(bad.id)).at(-1)!;
    expect(event.reason).toMatch(/\p{L}/u);
    expect(event.details).toMatchObject({ code: 'ETMS_E_TRANSCRIPT_SCHEMA' });
    expect((await central.store.deliveries.ofRequest(xml.id)).map((d) => d.status)).toEqual(['PENDING']);
  });

  it('runs continuously: an upload only shows in « En cours » for a moment', async () => {
    const processor = startProcessor(central.ctx, { intervalMs: 50 });
    try {
      const request = await uploaded(VALID, 'XML');
      for (
        let i = 0;
        i < 200 && (await central.store.requests.get(request.id))!.status === 'TRANSCRIPT_UPLOADED';
        i++
      )
        await new Promise((r) => setTimeout(r, 50));
      expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
    } finally {
      await processor.stop();
    }
  });
});

describe('the nightly transmission', () => {
  it('writes each destination’s files in one folder per transmission, renamed whole, with a manifest', async () => {
    await processUploads(central.ctx);
    const summary = await runTransmission(central.ctx);
    expect(summary.failed).toBe(0);
    expect(summary.sent).toBeGreaterThanOrEqual(3);
    const seneca = join(central.outboxDir, 'SENECA');
    expect(readdirSync(seneca).filter((n) => n.startsWith('.'))).toEqual([]);
    const folder = join(seneca, summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.transmissionId).toBe(summary.transmissionId);
    for (const item of manifest.items) {
      expect(existsSync(join(folder, item.file))).toBe(true);
      expect(item.kind).toBe('TRANSCRIPT');
    }
    expect(readdirSync(folder).some((n) => n.includes('.tmp-'))).toBe(false);
    expect(manifest.items.some((i) => i.format === 'PDF' && i.file.endsWith('.pdf'))).toBe(true);
    const again = await runTransmission(central.ctx);
    expect(again.sent).toBe(0);
  });

  it('sends a re-uploaded transcript marked as a PESC reissue, and no retraction', async () => {
    const first = await uploaded(VALID, 'XML', 'HUMBER');
    await processUploads(central.ctx);
    await runTransmission(central.ctx);
    // The school's new file says Original; the destination already has version 1.
    expect(ORIGINAL_2.toString('utf8')).toContain('<TransmissionType>Original</TransmissionType>');
    await upload((await central.store.requests.get(first.id))!, ORIGINAL_2, 'XML');
    await processUploads(central.ctx);
    expect((await central.store.requests.get(first.id))!.status).toBe('E_TRANSCRIPT_SENT');
    const summary = await runTransmission(central.ctx);
    const humber = summary.destinations.find((d) => d.code === 'HUMBER')!;
    expect(humber).toMatchObject({ transcripts: 1, retractions: 0, sent: 1 });
    const folder = join(central.outboxDir, 'HUMBER', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.items.map((i) => i.kind)).toEqual(['TRANSCRIPT']);
    const item = manifest.items[0];
    expect(item).toMatchObject({ referenceNumber: first.referenceNumber, version: 2 });
    const sent = readFileSync(join(folder, item.file));
    expect(sent.toString('utf8')).toContain('<TransmissionType>Reissue</TransmissionType>');
    expect(sent.toString('utf8').replace('Reissue</Trans', 'Original</Trans')).toBe(
      asSent(ORIGINAL_2, first.referenceNumber, 'HUMBER').toString('utf8'),
    );
    expect(item).toMatchObject({
      bytes: sent.length,
      sha256: createHash('sha256').update(sent).digest('hex'),
    });
    expect(await validateTranscriptXml(sent, 'pesc-transcript')).toEqual([]);
  });

  it('names the request in RequestTrackingID whatever number the uploaded file carries, or none', async () => {
    const text = VALID.toString('utf8');
    const files = {
      other: VALID,
      placeholder: tracking(VALID, 'H00000000000000'),
      none: Buffer.from(text.replace(/<RequestTrackingID>H\d+<\/RequestTrackingID>\n/, '')),
    };
    expect(files.none.toString('utf8')).not.toContain('<RequestTrackingID>');
    const requests = {
      other: await uploaded(files.other, 'XML', 'CONESTOGA'),
      placeholder: await uploaded(files.placeholder, 'XML', 'CONESTOGA'),
      none: await uploaded(files.none, 'XML', 'CONESTOGA'),
    };
    await processUploads(central.ctx);
    const summary = await runTransmission(central.ctx);
    expect(summary.destinations.find((d) => d.code === 'CONESTOGA')).toMatchObject({ sent: 3, failed: 0 });
    const folder = join(central.outboxDir, 'CONESTOGA', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    for (const request of Object.values(requests)) {
      const item = manifest.items.find((i) => i.referenceNumber === request.referenceNumber)!;
      const sent = readFileSync(join(folder, item.file));
      expect(sent.equals(asSent(VALID, request.referenceNumber, 'CONESTOGA'))).toBe(true);
      expect(item).toMatchObject({ bytes: sent.length, sha256: sha256(sent) });
      expect(await validateTranscriptXml(sent, 'pesc-transcript')).toEqual([]);
    }
  });

  it('sends a transcript of the earlier profile written again as PESC', async () => {
    const legacy = readFileSync(join(ROOT, 'fixtures/transcripts/legacy-v1/ossd-graduate.xml'));
    expect(await validateTranscriptXml(legacy, 'pesc-transcript')).not.toEqual([]);
    const request = await uploaded(legacy, 'XML', 'NIAGARA');
    await processUploads(central.ctx);
    expect((await central.store.requests.get(request.id))!.status).toBe('E_TRANSCRIPT_SENT');
    const summary = await runTransmission(central.ctx);
    expect(summary.destinations.find((d) => d.code === 'NIAGARA')).toMatchObject({ sent: 1, failed: 0 });
    const folder = join(central.outboxDir, 'NIAGARA', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const sent = readFileSync(join(folder, manifest.items[0].file));
    expect(await validateTranscriptXml(sent, 'pesc-transcript')).toEqual([]);
    expect(await validateTranscriptXml(sent)).toEqual([]);
    const text = sent.toString('utf8');
    expect(text).toContain(`<RequestTrackingID>${request.referenceNumber}</RequestTrackingID>`);
    expect(text).toContain('<LastName>Rizzo</LastName>');
    expect(text).toContain('<LocalOrganizationIDCode>722790</LocalOrganizationIDCode>');
    expect(manifest.items[0]).toMatchObject({ bytes: sent.length, sha256: sha256(sent) });
  });

  it('hashes what it sends when the change keeps the length (a Replace made Reissue)', async () => {
    const first = await uploaded(VALID, 'XML', 'CAMBRIAN');
    await processUploads(central.ctx);
    await runTransmission(central.ctx);
    const replace = Buffer.from(
      asSent(ORIGINAL_2, first.referenceNumber, 'CAMBRIAN')
        .toString('utf8')
        .replace('<TransmissionType>Original<', '<TransmissionType>Replace<'),
    );
    await upload((await central.store.requests.get(first.id))!, replace, 'XML');
    await processUploads(central.ctx);
    const summary = await runTransmission(central.ctx);
    const folder = join(central.outboxDir, 'CAMBRIAN', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const sent = readFileSync(join(folder, manifest.items[0].file));
    expect(sent.length).toBe(replace.length);
    expect(sent.toString('utf8')).toContain('<TransmissionType>Reissue</TransmissionType>');
    expect(manifest.items[0].sha256).toBe(sha256(sent));
    expect(manifest.items[0].sha256).not.toBe(sha256(replace));
  });

  it('retracts the transcript already sent when its replacement is a PDF, which cannot say it replaces one', async () => {
    const first = await uploaded(VALID, 'XML', 'FLEMING');
    await processUploads(central.ctx);
    const before = await runTransmission(central.ctx);
    const beforeFolder = join(central.outboxDir, 'FLEMING', before.transmissionId);
    const sentFirst = (JSON.parse(readFileSync(join(beforeFolder, 'manifest.json'), 'utf8')) as Manifest)
      .items[0];
    // What FLEMING received is not the stored file (its request and destination were written in).
    const stored = await central.store.transcripts.current(first.id);
    expect(sentFirst.sha256).not.toBe(stored?.sha256);
    await upload((await central.store.requests.get(first.id))!, PDF, 'PDF');
    await processUploads(central.ctx);
    const summary = await runTransmission(central.ctx);
    expect(summary.destinations.find((d) => d.code === 'FLEMING')).toMatchObject({
      transcripts: 1,
      retractions: 1,
      sent: 2,
    });
    const folder = join(central.outboxDir, 'FLEMING', summary.transmissionId);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
    const retraction = manifest.items.find((i) => i.kind === 'RETRACTION')!;
    expect(retraction).toMatchObject({ referenceNumber: first.referenceNumber, version: 1 });
    const notice = readFileSync(join(folder, retraction.file), 'utf8');
    expect(notice).toContain('<TranscriptRetraction');
    // The retraction names the transcript by the checksum of the bytes FLEMING received.
    expect(notice).toContain(`<SHA256>${sentFirst.sha256}</SHA256>`);
  });

  it('cancels the delivery of a transcript replaced before it went out, and sends no retraction', async () => {
    const request = await uploaded(VALID, 'XML', 'GEORGIAN');
    await processUploads(central.ctx);
    await upload((await central.store.requests.get(request.id))!, VALID_2, 'XML');
    await processUploads(central.ctx);
    const deliveries = await central.store.deliveries.ofRequest(request.id);
    expect(deliveries.map((d) => [d.kind, d.status])).toEqual([
      ['TRANSCRIPT', 'CANCELLED'],
      ['TRANSCRIPT', 'PENDING'],
    ]);
    const summary = await runTransmission(central.ctx);
    expect(summary.destinations.find((d) => d.code === 'GEORGIAN')).toMatchObject({
      transcripts: 1,
      retractions: 0,
      sent: 1,
    });
  });
});

describe('a transcript as its destination receives it', () => {
  it('writes the RequestTrackingID where PESC puts it, and leaves a file already naming the request as stored', () => {
    const stored = tracking(VALID, 'H20260302000001');
    expect(deliveredTranscript(stored, { reference: 'H20260302000001', reissue: false })).toBe(stored);
    const text = VALID.toString('utf8').replace(/<RequestTrackingID>H\d+<\/RequestTrackingID>\n/, '');
    const written = deliveredTranscript(Buffer.from(text), { reference: 'H20260302000001', reissue: false });
    expect(written.toString('utf8')).toBe(stored.toString('utf8'));
  });

  it('names the destination receiving it, with its name when the request gave one, and stays valid PESC', async () => {
    const stored = tracking(VALID, 'H20260302000003');
    expect(stored.toString('utf8')).toContain('<OrganizationName>Sheridan College</OrganizationName>');
    const sent = deliveredTranscript(stored, {
      reference: 'H20260302000003',
      reissue: false,
      destination: { code: 'SENECA', name: 'Seneca Polytechnic & Co' },
    }).toString('utf8');
    expect(sent).not.toContain('Sheridan');
    expect(sent).toContain(
      '<Destination>\n<Organization>\n<MutuallyDefined>SENECA</MutuallyDefined>\n<OrganizationName>Seneca Polytechnic &amp; Co</OrganizationName>\n</Organization>\n</Destination>',
    );
    expect(await validateTranscriptXml(Buffer.from(sent), 'pesc-transcript')).toEqual([]);
    // Already naming it so: sent as stored.
    const again = Buffer.from(sent);
    expect(
      deliveredTranscript(again, {
        reference: 'H20260302000003',
        reissue: false,
        destination: { code: 'SENECA', name: 'Seneca Polytechnic & Co' },
      }),
    ).toBe(again);
  });

  it('writes it into a SIS export of its own layout, which stays valid PESC', async () => {
    const example = readFileSync(join(ROOT, 'wsdl/pesc/examples-HighSchoolTranscript_v1.5.0.xml'));
    expect(example.toString('utf8')).not.toContain('<RequestTrackingID>');
    const sent = deliveredTranscript(example, { reference: 'H20260302000002', reissue: true });
    expect(sent.toString('utf8')).toMatch(
      /<DocumentCompleteCode>Complete<\/DocumentCompleteCode>\n<RequestTrackingID>H20260302000002<\/RequestTrackingID>\n {2}<\/TransmissionData>/,
    );
    expect(sent.toString('utf8')).toContain('<TransmissionType>Reissue</TransmissionType>');
    expect(await validateTranscriptXml(sent, 'pesc-transcript')).toEqual([]);
  });
});

describe('delivery to an HTTP endpoint', () => {
  let server: Server;
  let url = '';
  const received: Array<{ headers: IncomingMessage['headers']; body: Buffer }> = [];
  let failuresToGive = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failuresToGive > 0) {
          failuresToGive--;
          res.writeHead(503).end('busy');
          return;
        }
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/inbox`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('POSTs each transcript with retries, and retries failed ones in the next transmission', async () => {
    const ctx = createContext({
      config: testConfig({ delivery: { outboxDir: central.outboxDir, endpoints: { FANSHAWE: url } } }),
      store: central.store,
      log: central.ctx.log,
    });
    const request = await uploaded(VALID, 'XML', 'FANSHAWE');
    await processUploads(ctx);
    failuresToGive = 1;
    const first = await runTransmission(ctx, { retryDelaysMs: [10, 10] });
    expect(first.destinations.find((d) => d.code === 'FANSHAWE')).toMatchObject({
      target: 'http',
      sent: 1,
      failed: 0,
    });
    expect(received).toHaveLength(1);
    expect(received[0].headers['x-etms-reference']).toBe(request.referenceNumber);
    expect(received[0].headers['x-etms-kind']).toBe('TRANSCRIPT');
    expect(received[0].body.equals(asSent(VALID, request.referenceNumber, 'FANSHAWE'))).toBe(true);
    expect(received[0].headers['x-etms-sha256']).toBe(sha256(received[0].body));

    const second = await uploaded(VALID, 'XML', 'FANSHAWE');
    await processUploads(ctx);
    failuresToGive = 10;
    const failing = await runTransmission(ctx, { retryDelaysMs: [10, 10] });
    expect(failing.destinations.find((d) => d.code === 'FANSHAWE')).toMatchObject({ sent: 0, failed: 1 });
    const [delivery] = await central.store.deliveries.ofRequest(second.id);
    expect(delivery.status).toBe('FAILED');
    expect(delivery.lastError).toBe('HTTP 503');
    failuresToGive = 0;
    // The next night: the claim of the failed run is old enough to be taken again.
    const later = await runTransmission(ctx, {
      now: new Date(Date.now() + 2 * 3600 * 1000),
      retryDelaysMs: [10],
    });
    expect(later.destinations.find((d) => d.code === 'FANSHAWE')).toMatchObject({ sent: 1 });
    expect((await central.store.deliveries.ofRequest(second.id))[0].status).toBe('SENT');
  });
});
