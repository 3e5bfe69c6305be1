/**
 * PESC Transcript Request v1.4.0 (what application centres send) to the intake's request: the same
 * byte guards as an uploaded transcript (size, encoding, DOCTYPE/ENTITY, shape), the real PESC
 * schema, then the mapping: a tracking ID of our reference number's form (H, the day, a sequence) is
 * the reference number; any other (PESC allows 1 to 35 characters) is the application centre's own,
 * kept beside the number the central assigns and echoed in what is sent back; the requested school (its BSID as
 * LocalOrganizationID), the student's names, birth date, gender, OEN (the agency identifier issued
 * in Ontario), student number, last attendance, the receiver as destination.
 */
import { XMLParser } from 'fast-xml-parser';
import { decodeTranscriptBytes, type XmlGuardOptions } from '../transcript/guard.js';
import { transcriptError } from '../transcript/errors.js';
import { validateTranscriptXml } from '../transcript/schema.js';
import { withoutProcessingInstructions } from '../text/xml-shape.js';
import { MalformedMessage } from '../api/errors.js';
import { InvalidInput, OriginConflict } from '../exchange/errors.js';
import type { IntakeRequest } from '../exchange/contract.js';
import { MAX_TRACKING_ID, TRACKING_ID_CONTROLS, type Origin } from '../domain/request.js';
import type { PescOrganization } from './response.js';
import { ORGANIZATION_ID_ELEMENTS } from '../transcript/read.js';

export const REQUEST_NAMESPACE = 'urn:org:pesc:message:TranscriptRequest:v1.4.0';
const OPERATION = 'SubmitPescTranscriptRequest';

type Node = Record<string, unknown>;
const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});
const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const str = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === null || typeof v === 'object' ? undefined : String(v);
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // Character references (&#233;, &#x9;) read as the characters they name, as the SOAP envelope's
  // reader reads them: a document has no DOCTYPE (the guards refuse one), so no other entity is left.
  htmlEntities: true,
  isArray: (name) =>
    ['Request', 'Attendance', 'AlternateName', 'AgencyIdentifier', 'Recipient'].includes(name),
});

/**
 * The same reading with every value as written, white space included: an identifier echoed back
 * (a CEEBACT of exactly six characters, say) stays the value the schema accepted.
 */
const untrimmed = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'OrganizationName',
});

/** The root's local name and namespace, read from its start tag. */
function root(text: string): { name: string; namespace?: string } {
  const m = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(
    text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''),
  );
  if (!m) return { name: '' };
  const decl = new RegExp(`xmlns${m[1] ? `:${m[1]}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(m[3]);
  return { name: m[2], namespace: decl?.[1] };
}

function localId(o: Node): string | undefined {
  return str(node(o.LocalOrganizationID).LocalOrganizationIDCode);
}

function oenOf(person: Node): string | undefined {
  for (const a of list(person.AgencyIdentifier).map(node))
    if (str(a.StateProvinceCode) === 'ON') return str(a.AgencyAssignedID);
  const deprecated = str(person.AgencyAssignedID);
  return deprecated && /^\d{9}$/.test(deprecated) ? deprecated : undefined;
}

const GENDER: Record<string, 'M' | 'F' | 'X'> = { Male: 'M', Female: 'F', Unreported: 'X' };
const ORIGINS: readonly string[] = ['OCAS', 'OUAC'];

/** The intake's request, and who sent it (for the acknowledgement). */
export interface PescTranscriptRequest {
  request: IntakeRequest;
  /**
   * The party that sent the document, as its TransmissionData/Source names it (its identifiers as
   * written); the application centre when the Source names no one. The acknowledgement goes to it.
   */
  requester: PescOrganization;
  /** The application centre's own RequestTrackingID, when it is not a reference number of ours. */
  partnerTrackingId?: string;
}

/** Our reference number's form as a tracking ID (the exchange's pattern; a lower-case h as well). */
const REFERENCE_FORM = /^H[0-9]{14,20}$/i;
/** C0 and C1 controls (a tab, a line break…): no identifier a person or a program can echo has them. */
const CONTROL = new RegExp(`[${TRACKING_ID_CONTROLS}]`, 'u');

/**
 * The tracking ID as sent (the surrounding white space aside): a reference number of ours, or the
 * application centre's own; a problem sentence naming RequestTrackingID when it can be neither.
 */
export function readTrackingId(value: string | undefined): {
  referenceNumber?: string;
  partnerTrackingId?: string;
  problem?: string;
} {
  if (value === undefined) return {};
  const id = value.trim();
  if (id === '')
    return { problem: 'RequestTrackingID is empty: send 1 to 35 characters, or leave the element out' };
  if (CONTROL.test(id))
    return {
      problem:
        'RequestTrackingID holds a control character (a tab or a line break): send it as 1 to 35 printable characters',
    };
  const length = [...id].length;
  if (length > MAX_TRACKING_ID)
    return { problem: `RequestTrackingID has ${length} characters, more than the 35 PESC allows` };
  return REFERENCE_FORM.test(id) ? { referenceNumber: id.toUpperCase() } : { partnerTrackingId: id };
}

export interface PescRequestOptions extends XmlGuardOptions {
  /**
   * The application centre the caller names beside the document (REST `?origin=`): when the
   * document's Source names the other centre, the document is refused (ETMS_E_ORIGIN_CONFLICT).
   */
  origin?: Origin;
  /** The application centre when neither the document nor the caller names one (a bound credential's). */
  defaultOrigin?: Origin;
}

/** The Source organisation as written: its identifiers in the schema's order, its first name. */
function requesterOf(text: string): PescOrganization {
  const doc = node(node(untrimmed.parse(text)).TranscriptRequest);
  const o = node(node(node(doc.TransmissionData).Source).Organization);
  const value = (v: unknown) => {
    const s = str(v);
    return s !== undefined && s.trim() !== '' ? s : undefined;
  };
  const ids: [string, string][] = [];
  for (const element of ORGANIZATION_ID_ELEMENTS) {
    const v = value(o[element]);
    if (v !== undefined) ids.push([element, v]);
  }
  const local = node(o.LocalOrganizationID);
  const code = value(local.LocalOrganizationIDCode);
  const qualifier = value(local.LocalOrganizationIDQualifier);
  const name = list(o.OrganizationName)
    .map(str)
    .find((n) => n !== undefined && n.trim() !== '');
  return {
    ids,
    ...(code && qualifier ? { localId: { code, qualifier } } : {}),
    ...(name ? { name } : {}),
  };
}

/**
 * A document in UTF-16 (which every XML processor reads; it starts with its byte order mark) as
 * UTF-8, its declaration saying so, for the byte guards that read UTF-8 only; any other bytes as
 * they are. A SOAP envelope in UTF-16 carries its document to the same reader in UTF-8 already.
 */
function utf16AsUtf8(bytes: Uint8Array): Uint8Array {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0);
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return bytes;
  let text: string;
  try {
    text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
  } catch {
    throw transcriptError('ETMS_E_TRANSCRIPT_ENCODING', {
      encoding: `UTF-16 (${le ? 'little' : 'big'}-endian) that is not valid`,
      document: 'request',
    });
  }
  const declared = text.replace(
    /^(<\?xml\s[^>]*?\bencoding\s*=\s*["'])utf-?16(?:le|be)?(["'])/i,
    '$1UTF-8$2',
  );
  return Buffer.from(declared, 'utf8');
}

/**
 * Reads a PESC Transcript Request document into the intake's request. Throws the byte guards'
 * ETMS_E_TRANSCRIPT_* errors, ETMS_E_MALFORMED_MESSAGE (not a Transcript Request, not well-formed)
 * or ETMS_E_INVALID_INPUT (the schema's problems; a document the intake cannot map).
 */
export async function readPescTranscriptRequest(
  bytes: Buffer | Uint8Array,
  opts: PescRequestOptions = {},
): Promise<PescTranscriptRequest> {
  const text = decodeTranscriptBytes(utf16AsUtf8(bytes), { ...opts, document: 'request' });
  const r = root(text);
  if (r.name !== 'TranscriptRequest' || r.namespace !== REQUEST_NAMESPACE)
    throw MalformedMessage(`the document is not a PESC TranscriptRequest (${REQUEST_NAMESPACE})`);
  const problems = await validateTranscriptXml(text, 'request');
  if (problems.length > 0)
    throw InvalidInput(
      OPERATION,
      problems
        .slice(0, 20)
        .map((p) => `line ${p.line ?? '?'}${p.element ? `, ${p.element}` : ''}: ${p.reason}`),
    );

  // Processing instructions carry nothing of the request; the mapping's parser never reads them.
  const doc = node(node(parser.parse(withoutProcessingInstructions(text))).TranscriptRequest);
  const td = node(doc.TransmissionData);
  const requests = list(doc.Request).map(node);
  if (requests.length !== 1)
    throw InvalidInput(OPERATION, [`send one Request per document (this one has ${requests.length})`]);
  const request = requests[0];
  const student = node(request.RequestedStudent);
  const person = node(student.Person);
  const name = node(person.Name);
  const attendance = node(list(student.Attendance)[0]);
  const school = node(attendance.School);
  const recipient = node(list(request.Recipient)[0]);
  const receiver = node(node(recipient.Receiver).RequestorReceiverOrganization);
  const source = node(node(td.Source).Organization);
  const destination = node(node(td.Destination).Organization);

  const problemsFound: string[] = [];
  const schoolBsid = localId(school) ?? localId(destination);
  if (!schoolBsid)
    problemsFound.push('name the requested school by its BSID: Attendance/School/LocalOrganizationID');
  const sourceCode = str(source.MutuallyDefined);
  const named = sourceCode && ORIGINS.includes(sourceCode) ? (sourceCode as Origin) : undefined;
  // The document and the caller naming two different centres: neither is taken over the other.
  if (named && opts.origin && named !== opts.origin) throw OriginConflict(named, opts.origin);
  const origin = named ?? opts.origin ?? opts.defaultOrigin;
  if (!origin)
    problemsFound.push('say the application centre: Source MutuallyDefined OCAS or OUAC (or ?origin=)');
  const tracking = readTrackingId(str(recipient.RequestTrackingID) ?? str(td.RequestTrackingID));
  if (tracking.problem) problemsFound.push(tracking.problem);
  if (problemsFound.length > 0) throw InvalidInput(OPERATION, problemsFound);

  const intake: IntakeRequest = {
    origin: origin as Origin,
    requestType: str(td.TransmissionType) === 'Reissue' ? 'REISSUE' : 'ORIGINAL',
    requestedAt: (str(request.CreatedDateTime) ?? str(td.CreatedDateTime) ?? '').slice(0, 10),
    schoolBsid: schoolBsid as string,
    sendTiming: str(node(recipient.TranscriptHold).HoldType) === 'AfterGradesPosted' ? 'END_OF_TERM' : 'NOW',
  };
  const set = <K extends keyof IntakeRequest>(key: K, value: IntakeRequest[K] | undefined) => {
    if (value !== undefined && value !== '') intake[key] = value;
  };
  set('referenceNumber', tracking.referenceNumber);
  set('firstName', str(name.FirstName));
  set('lastName', str(name.LastName));
  const former = list(person.AlternateName)
    .map(node)
    .find((a) => str(a.NameCode) === 'Former' || a.NameCode === undefined);
  set('previousLastName', former ? str(former.LastName) : undefined);
  set('birthDate', str(node(person.Birth).BirthDate));
  set('gender', GENDER[str(node(person.Gender).GenderCode) ?? '']);
  set('oen', oenOf(person));
  set('studentNumber', str(person.SchoolAssignedPersonID));
  set('dateLastAttended', str(attendance.ExitDate)?.slice(0, 7));
  set('destinationCode', str(receiver.MutuallyDefined) ?? str(source.MutuallyDefined));
  set('destinationName', str(receiver.OrganizationName) ?? str(source.OrganizationName));
  const copies = Number(str(recipient.TranscriptCopies));
  if (Number.isInteger(copies) && copies > 0) intake.transcriptCount = copies;
  const requester = requesterOf(withoutProcessingInstructions(text));
  return {
    request: intake,
    requester:
      requester.ids.length > 0 || requester.localId || requester.name
        ? requester
        : { ids: [['MutuallyDefined', intake.origin]], name: intake.origin },
    ...(tracking.partnerTrackingId ? { partnerTrackingId: tracking.partnerTrackingId } : {}),
  };
}
