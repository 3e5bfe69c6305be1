/**
 * The nightly transmission: every pending delivery goes to its destination — by default as files in
 * an outbox folder per destination (outboxDir/<destination>/<transmission-id>/, written under a
 * temporary name and renamed whole, with a manifest), or POSTed to the destination's HTTP endpoint
 * when one is configured. Deliveries are claimed first, so two replicas never send the same one.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import schedule from 'node-schedule';
import { XmlDocument } from '../transcript/xml-writer.js';
import { escapeXml } from '../text/escape.js';
import { LEGACY_ACREC_NAMESPACE, PESC_LIMITS } from '../transcript/model.js';
import { oneLineText } from '../text/one-line.js';
import { readTranscriptXml } from '../transcript/read.js';
import { transcriptToXml } from '../transcript/build.js';
import { validateTranscriptXml } from '../transcript/schema.js';
import { transcriptError } from '../transcript/errors.js';
import type { AppContext } from '../context.js';
import type { ClaimedDelivery, ClaimedTranscript } from '../store/deliveries.js';
import { RESPONSE_FOR_OUTCOME, transcriptResponseXml } from '../pesc/response.js';
import { isDestinationOutcome } from '../domain/destination-outcome.js';

type Item = ClaimedDelivery;

/** A claim older than this belongs to a transmission that died: the deliveries are sent again. */
const STALE_CLAIM_MS = 60 * 60 * 1000;
const CLAIM_BATCH = 500;
export const RETRACTION_NAMESPACE = 'urn:ca:on:etms:TranscriptRetraction:v1';

export interface DestinationSummary {
  code: string;
  target: 'outbox' | 'http';
  transcripts: number;
  retractions: number;
  /** PESC Transcript Responses: requests that ended without a transcript. */
  responses: number;
  sent: number;
  failed: number;
  /** The folder written (outbox) or the URL posted to (http). */
  location: string;
}

export interface TransmissionSummary {
  transmissionId: string;
  startedAt: string;
  destinations: DestinationSummary[];
  sent: number;
  failed: number;
}

export interface TransmissionOptions {
  now?: Date;
  fetch?: typeof fetch;
  /** Waits between HTTP attempts; its length is the number of retries. */
  retryDelaysMs?: number[];
  httpTimeoutMs?: number;
}

export interface ManifestItem {
  file: string;
  kind: 'TRANSCRIPT' | 'RETRACTION' | 'RESPONSE';
  referenceNumber: string;
  version: number;
  format: 'XML' | 'PDF';
  documentId?: string;
  sha256: string;
  bytes: number;
  replacedByDocumentId?: string;
}

export interface Manifest {
  transmissionId: string;
  destination: string;
  createdAt: string;
  items: ManifestItem[];
}

const sha256Of = (body: Buffer) => createHash('sha256').update(body).digest('hex');

function safeSegment(code: string): string {
  return code.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || '_';
}

function newTransmissionId(now: Date, timeZone: string): string {
  return `T${DateTime.fromJSDate(now, { zone: timeZone }).toFormat("yyyyLLdd'T'HHmmss")}-${randomBytes(3).toString('hex')}`;
}

/** The document telling a destination to discard a transcript it received earlier. */
export function retractionXml(
  item: Pick<
    ClaimedTranscript,
    'requestTrackingId' | 'version' | 'documentId' | 'sha256' | 'replacedByDocumentId' | 'replacedByVersion'
  >,
  at: Date,
): string {
  const document = new XmlDocument();
  const doc = document.ele(RETRACTION_NAMESPACE, 'TranscriptRetraction');
  // The request as the transcript named it to the destination.
  doc.ele('RequestTrackingID').txt(item.requestTrackingId);
  if (item.documentId) doc.ele('DocumentID').txt(item.documentId);
  doc.ele('Version').txt(String(item.version));
  doc.ele('SHA256').txt(item.sha256);
  if (item.replacedByDocumentId) doc.ele('ReplacedByDocumentID').txt(item.replacedByDocumentId);
  if (item.replacedByVersion !== null) doc.ele('ReplacedByVersion').txt(String(item.replacedByVersion));
  doc.ele('RetractedAt').txt(at.toISOString());
  return document.toString();
}

async function claim(ctx: AppContext, transmissionId: string, now: Date): Promise<Item[]> {
  const items: Item[] = [];
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
  for (;;) {
    const claimed = await ctx.store.deliveries.claim({
      transmissionId,
      now,
      staleBefore,
      limit: CLAIM_BATCH,
    });
    items.push(...claimed);
    if (claimed.length < CLAIM_BATCH) return items;
  }
}

/** What a delivery sends, with the checksum of exactly those bytes (manifest, header, retraction). */
async function payloadOf(
  ctx: AppContext,
  item: Item,
  now: Date,
): Promise<{ body: Buffer; file: string; contentType: string; sha256: string }> {
  const { stored, ...sent } = await bodyOf(ctx, item, now);
  return { ...sent, sha256: stored ?? sha256Of(sent.body) };
}

/**
 * The bytes of a delivery, and `stored`: the stored file's checksum when they are the stored file
 * itself (the checksum is then not computed again).
 */
async function bodyOf(
  ctx: AppContext,
  item: Item,
  now: Date,
): Promise<{ body: Buffer; file: string; contentType: string; stored?: string }> {
  if (item.kind === 'RESPONSE') {
    const request = await ctx.store.requests.get(item.requestId);
    const kind = isDestinationOutcome(item.responseStatus)
      ? RESPONSE_FOR_OUTCOME[item.responseStatus]
      : undefined;
    if (!request || !kind) throw new Error(`request ${item.requestId} has no response to send`);
    return {
      body: Buffer.from(transcriptResponseXml(request, kind, { createdAt: now }), 'utf8'),
      file: `${item.reference}-response-${item.responseStatus.toLowerCase()}.xml`,
      contentType: 'application/xml',
    };
  }
  if (item.kind === 'RETRACTION') {
    return {
      body: Buffer.from(retractionXml(item, now), 'utf8'),
      file: `${item.reference}-v${item.version}-retraction.xml`,
      contentType: 'application/xml',
    };
  }
  const content = await ctx.store.transcripts.content(item.transcriptId);
  if (!content) throw new Error(`transcript ${item.transcriptId} has no content`);
  const ext = item.format === 'PDF' ? 'pdf' : 'xml';
  const body =
    item.format === 'XML'
      ? deliveredTranscript(await inCurrentProfile(ctx, content), {
          reference: item.requestTrackingId,
          reissue: item.reissue,
          destination: { code: item.destination, name: item.destinationName },
        })
      : content;
  return {
    body,
    file: `${item.reference}-v${item.version}.${ext}`,
    contentType: item.format === 'PDF' ? 'application/pdf' : 'application/xml',
    // The stored checksum holds only for the stored bytes: a changed file is hashed as sent.
    ...(body === content ? { stored: item.sha256 } : {}),
  };
}

/**
 * A transcript of the earlier profile (legacy-v1, still accepted and readable) is no PESC High
 * School Transcript a college can validate: it goes out read and written again in the current
 * profile, checked against the schemas. Any other file is returned as it is.
 */
async function inCurrentProfile(ctx: AppContext, content: Buffer): Promise<Buffer> {
  if (!content.includes(LEGACY_ACREC_NAMESPACE)) return content;
  const { maxBytes, maxDepth } = ctx.config.upload;
  const xml = transcriptToXml(await readTranscriptXml(content, { maxBytes, maxDepth }));
  const problems = await validateTranscriptXml(xml);
  if (problems.length > 0) throw transcriptError('ETMS_E_TRANSCRIPT_SCHEMA', { problems });
  return Buffer.from(xml, 'utf8');
}

/**
 * A stored XML transcript as its destination receives it. Its RequestTrackingID (in
 * TransmissionData) names the request it answers, which the destination files it by (the
 * application centre's own tracking ID when it sent one, else our reference number): a school's
 * own upload may carry another request's number, the placeholder of `etms transcript build` or none
 * at all. A replacement of a transcript the destination already has says so as PESC marks one: its
 * TransmissionType says Reissue. Its Destination names the destination receiving it (a SIS export
 * may name another college, or none). The rest is sent as stored; the content itself when nothing
 * changed.
 */
export function deliveredTranscript(
  content: Buffer,
  opts: { reference: string; reissue: boolean; destination?: { code: string; name: string | null } },
): Buffer {
  const text = content.toString('utf8');
  let delivered = withRequestTrackingId(text, opts.reference);
  if (opts.destination) delivered = withDestination(delivered, opts.destination);
  if (opts.reissue) delivered = markedReissue(delivered);
  return delivered === text ? content : Buffer.from(delivered, 'utf8');
}

/**
 * TransmissionData's Destination made the one receiving the file: its code (MutuallyDefined) and,
 * when the request named it, its name — as the builder writes a destination. Text the checks
 * already passed: TransmissionData holds one Destination, its elements unqualified.
 */
function withDestination(text: string, destination: { code: string; name: string | null }): string {
  const data = transmissionData(text);
  if (data === undefined) return text;
  const from = text.indexOf('<Destination>', data.start);
  const close = from < 0 || from > data.end ? -1 : text.indexOf('</Destination>', from);
  if (close < 0 || close > data.end) return text;
  const name = destination.name ? oneLineText(destination.name, PESC_LIMITS.organizationName) : undefined;
  const element = [
    '<Destination>',
    '<Organization>',
    `<MutuallyDefined>${escapeXml(destination.code)}</MutuallyDefined>`,
    ...(name ? [`<OrganizationName>${escapeXml(name)}</OrganizationName>`] : []),
    '</Organization>',
    '</Destination>',
  ].join('\n');
  const current = text.slice(from, close + '</Destination>'.length);
  return current === element ? text : text.slice(0, from) + element + text.slice(from + current.length);
}

/** Where TransmissionData opens and where its end tag starts, when the file has one. */
function transmissionData(text: string): { start: number; end: number } | undefined {
  const start = text.indexOf('<TransmissionData>');
  const end = start < 0 ? -1 : text.indexOf('</TransmissionData>', start);
  return end < 0 ? undefined : { start, end };
}

/** The first TransmissionType (the one of TransmissionData) made Reissue. */
function markedReissue(text: string): string {
  return text.replace(
    /<TransmissionType>\s*(?:Original|Duplicate|Replace|Resubmission|MutuallyDefined)\s*<\/TransmissionType>/,
    '<TransmissionType>Reissue</TransmissionType>',
  );
}

/**
 * TransmissionData's RequestTrackingID set to the request's tracking ID: replaced where the
 * file has one, else written where PESC's sequence puts it (after Destination and the document
 * codes, before UserDefinedExtensions and NoteMessage). Text the checks already passed (the XSD),
 * so TransmissionData and its Source are there; elements of its own are unqualified.
 */
function withRequestTrackingId(text: string, reference: string): string {
  const bounds = transmissionData(text);
  if (bounds === undefined) return text;
  const { start } = bounds;
  const data = text.slice(start, bounds.end);
  const destination = data.indexOf('</Destination>');
  const after = destination >= 0 ? destination : data.indexOf('</Source>');
  if (after < 0) return text;
  const tail = data.slice(after);
  const next = tail.search(/<(?:UserDefinedExtensions|NoteMessage)[\s>/]/);
  const head = next < 0 ? tail : tail.slice(0, next);
  const element = `<RequestTrackingID>${escapeXml(reference)}</RequestTrackingID>`;
  const existing = /<RequestTrackingID>[\s\S]*?<\/RequestTrackingID>/;
  const stamped = existing.test(head)
    ? head.replace(existing, element)
    : `${head.trimEnd()}\n${element}${/\s*$/.exec(head)![0]}`;
  if (stamped === head) return text;
  const at = start + after;
  return text.slice(0, at) + stamped + text.slice(at + head.length);
}

/** Writes a file so a reader never sees it half-written: temporary name, then rename. */
async function writeAtomically(path: string, data: Buffer | string): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** What one destination's deliveries came to: sent, failed (with why), and where they went. */
interface Delivered {
  sent: number[];
  failed: Map<number, string>;
  /** The checksum of the bytes each transcript delivery sent (retractions name them by it). */
  sentSha256: Map<number, string>;
  location: string;
}

async function toOutbox(
  ctx: AppContext,
  transmissionId: string,
  destination: string,
  items: Item[],
  now: Date,
): Promise<Delivered> {
  const base = resolve(ctx.config.delivery.outboxDir, safeSegment(destination));
  const partial = join(base, `.${transmissionId}.partial`);
  const final = join(base, transmissionId);
  await mkdir(partial, { recursive: true });
  const manifest: Manifest = { transmissionId, destination, createdAt: now.toISOString(), items: [] };
  const failed = new Map<number, string>();
  const sent: number[] = [];
  const sentSha256 = new Map<number, string>();
  for (const item of items) {
    try {
      const { body, file, sha256 } = await payloadOf(ctx, item, now);
      await writeAtomically(join(partial, file), body);
      if (item.kind === 'RESPONSE') {
        manifest.items.push({
          file,
          kind: item.kind,
          referenceNumber: item.reference,
          version: 0,
          format: 'XML',
          sha256,
          bytes: body.length,
        });
        sent.push(item.id);
        continue;
      }
      manifest.items.push({
        file,
        kind: item.kind,
        referenceNumber: item.reference,
        version: item.version,
        format: item.kind === 'RETRACTION' ? 'XML' : item.format,
        ...(item.documentId ? { documentId: item.documentId } : {}),
        sha256,
        bytes: body.length,
        ...(item.replacedByDocumentId && item.kind === 'RETRACTION'
          ? { replacedByDocumentId: item.replacedByDocumentId }
          : {}),
      });
      sent.push(item.id);
      if (item.kind === 'TRANSCRIPT') sentSha256.set(item.id, sha256);
    } catch (error) {
      failed.set(item.id, (error as Error).message.slice(0, 500));
    }
  }
  if (sent.length === 0) {
    await rm(partial, { recursive: true, force: true });
    return { sent, failed, sentSha256, location: final };
  }
  await writeAtomically(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
  // The folder appears under its final name only when complete.
  await rename(partial, final);
  return { sent, failed, sentSha256, location: final };
}

async function toEndpoint(
  ctx: AppContext,
  url: string,
  transmissionId: string,
  items: Item[],
  now: Date,
  options: TransmissionOptions,
): Promise<Delivered> {
  const doFetch = options.fetch ?? fetch;
  const delays = options.retryDelaysMs ?? [500, 2000, 5000];
  const sent: number[] = [];
  const sentSha256 = new Map<number, string>();
  const failed = new Map<number, string>();
  for (const item of items) {
    let lastError = '';
    let payload: Awaited<ReturnType<typeof payloadOf>>;
    try {
      payload = await payloadOf(ctx, item, now);
    } catch (error) {
      failed.set(item.id, (error as Error).message);
      continue;
    }
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]));
      try {
        const response = await doFetch(url, {
          method: 'POST',
          body: payload.body,
          headers: {
            'content-type': payload.contentType,
            'x-etms-transmission': transmissionId,
            'x-etms-delivery': String(item.id),
            'x-etms-kind': item.kind,
            'x-etms-reference': item.reference,
            'x-etms-version': item.kind === 'RESPONSE' ? '0' : String(item.version),
            'x-etms-file': payload.file,
            'x-etms-sha256': payload.sha256,
            // The same delivery posted twice (a lost reply) carries the same key.
            'idempotency-key': `etms-delivery-${item.id}`,
          },
          signal: AbortSignal.timeout(options.httpTimeoutMs ?? 30_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          lastError = '';
          break;
        }
        lastError = `HTTP ${response.status}`;
        // A refusal (4xx other than 408/429) will not change by retrying now.
        if (response.status < 500 && response.status !== 408 && response.status !== 429) break;
      } catch (error) {
        lastError = (error as Error).message || String(error);
      }
    }
    if (lastError) failed.set(item.id, lastError.slice(0, 500));
    else {
      sent.push(item.id);
      if (item.kind === 'TRANSCRIPT') sentSha256.set(item.id, payload.sha256);
    }
  }
  return { sent, failed, sentSha256, location: url };
}

/** Sends every pending delivery now; `etms transmit` and the nightly schedule call this. */
export async function runTransmission(
  ctx: AppContext,
  options: TransmissionOptions = {},
): Promise<TransmissionSummary> {
  const now = options.now ?? ctx.clock();
  const transmissionId = newTransmissionId(now, ctx.config.businessTime.timeZone);
  await ctx.store.deliveries.startTransmission(transmissionId, now);
  const items = await claim(ctx, transmissionId, now);
  const byDestination = new Map<string, Item[]>();
  for (const item of items)
    byDestination.set(item.destination, [...(byDestination.get(item.destination) ?? []), item]);

  const destinations: DestinationSummary[] = [];
  for (const [code, list] of byDestination) {
    const url = ctx.config.delivery.endpoints[code];
    const result = url
      ? await toEndpoint(ctx, url, transmissionId, list, now, options)
      : await toOutbox(ctx, transmissionId, code, list, now);
    await ctx.store.deliveries.settle(result.sent, result.failed, now, result.sentSha256);
    destinations.push({
      code,
      target: url ? 'http' : 'outbox',
      transcripts: list.filter((i) => i.kind === 'TRANSCRIPT').length,
      retractions: list.filter((i) => i.kind === 'RETRACTION').length,
      responses: list.filter((i) => i.kind === 'RESPONSE').length,
      sent: result.sent.length,
      failed: result.failed.size,
      location: result.location,
    });
    if (result.failed.size > 0)
      ctx.log.warn(
        { destination: code, failed: result.failed.size, transmissionId },
        'some deliveries failed; they go again in the next transmission',
      );
  }
  const summary: TransmissionSummary = {
    transmissionId,
    startedAt: now.toISOString(),
    destinations,
    sent: destinations.reduce((n, d) => n + d.sent, 0),
    failed: destinations.reduce((n, d) => n + d.failed, 0),
  };
  await ctx.store.deliveries.finishTransmission(
    transmissionId,
    ctx.clock(),
    Object.fromEntries(destinations.map((d) => [d.code, d])),
  );
  ctx.log.info(
    { transmissionId, sent: summary.sent, failed: summary.failed, destinations: destinations.length },
    'transmission finished',
  );
  return summary;
}

/** Schedules the nightly transmission at delivery.time in the business time zone. */
export function scheduleTransmission(ctx: AppContext): { stop(): Promise<void> } {
  const [hour, minute] = ctx.config.delivery.time.split(':').map(Number);
  let running: Promise<unknown> | undefined;
  const job = schedule.scheduleJob({ hour, minute, tz: ctx.config.businessTime.timeZone }, () => {
    if (running) return; // the previous night's run is still going
    running = runTransmission(ctx)
      .catch((error) =>
        ctx.log.error(
          { err: error },
          'nightly transmission failed; pending deliveries wait for the next one',
        ),
      )
      .finally(() => {
        running = undefined;
      });
  });
  return {
    async stop() {
      job?.cancel();
      await running;
    },
  };
}
