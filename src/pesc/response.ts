/**
 * PESC Transcript Response v1.4.0: what a college receives when a request ends without a transcript
 * (student not found, several possible students, no academic data, on hold for financial reasons,
 * paper transcript sent, cancelled), and the acknowledgement of a Transcript Request. Its
 * RequestTrackingID is the one the application centre sent (its own, or our reference number); our
 * number rides along in UserDefinedExtensions when they differ. The root and its direct children are in the message namespace;
 * everything below them is unqualified, as the schema says.
 *
 * Who a response is from and to. PESC's TransmissionData names the sender (Source) and the receiver
 * (Destination) of the document itself, and a RequestTrackingID "is returned to the requestor for
 * document matching and tracking" (CoreMain's RequestTrackingIDType): a response goes back to who
 * asked. The Source is always the school, by its BSID (LocalOrganizationID, qualifier ON) and its
 * name as the central holds them, never as a request spelled it.
 * - The acknowledgement (TranscriptRequestReceived) is the answer to the sender's own call: its
 *   Destination is the request's TransmissionData/Source as sent (OCAS or OUAC, or the college that
 *   sent it, with the identifiers it wrote), and the college the transcript is for is named in
 *   Response/Receiver, the element PESC gives it.
 * - The later responses are not answers on a call: the nightly transmission delivers them on the
 *   destination college's channel (its outbox folder or HTTP endpoint), as it delivers the
 *   transcript they stand in for. The central stores the request's application centre (origin) and
 *   its destination college, and has no channel to an application centre, which asks how a request
 *   stands with GetRequestStatus. A document whose Destination named OCAS while it lands in a
 *   college's outbox would misname its own receiver, so these stay addressed to the college: the
 *   party the centre asked on behalf of, the transcript's receiver, and the one that receives the
 *   document. The centre's own tracking ID in them still lets the college match them to its request.
 */
import { randomUUID } from 'node:crypto';
import { XmlDocument, type XmlElement } from '../transcript/xml-writer.js';
import { ONTARIO_QUALIFIER } from '../transcript/build.js';
import { oneLineText } from '../text/one-line.js';
import type { DestinationOutcome } from '../domain/destination-outcome.js';
import type { TranscriptRequest } from '../domain/request.js';

export const RESPONSE_NAMESPACE = 'urn:org:pesc:message:TranscriptResponse:v1.4.0';
/**
 * Where our reference number goes when RequestTrackingID echoes the application centre's own ID:
 * TransmissionData's UserDefinedExtensions (one element of another namespace, validated laxly).
 */
export const EXTENSIONS_NAMESPACE = 'urn:ca:on:etms:pesc:extensions:v1';

/** PESC's ResponseStatus values the product sends. */
export type ResponseStatus =
  'TranscriptRequestReceived' | 'NoRecord' | 'MultipleMatch' | 'Hold' | 'OfflineRecordSent' | 'Canceled';

export interface ResponseKind {
  status: ResponseStatus;
  /** A short sentence for the college (PESC NoteMessage, 80 characters at most). */
  note: string;
  hold?: 'Financial';
  deliveryMethod?: 'Mail';
}

/**
 * What each outcome that ends a request without a transcript becomes (src/domain/destination-outcome.ts
 * says which status change has which outcome; wsdl/transcript/README.md has the table).
 */
export const RESPONSE_FOR_OUTCOME: Record<DestinationOutcome, ResponseKind> = {
  STUDENT_NOT_FOUND: { status: 'NoRecord', note: 'No student matches the request at this school.' },
  MULTIPLE_MATCH: { status: 'MultipleMatch', note: 'Several students match the request; none was chosen.' },
  NO_ACADEMIC_DATA: { status: 'NoRecord', note: 'The student has no academic data at this school.' },
  ON_HOLD_FINANCIAL: { status: 'Hold', hold: 'Financial', note: 'On hold for a financial reason.' },
  PAPER_SENT: { status: 'OfflineRecordSent', deliveryMethod: 'Mail', note: 'A paper transcript was sent.' },
  CANCELLED: { status: 'Canceled', note: 'The request was cancelled.' },
};
/** The answer to a PESC Transcript Request the intake accepted. */
export const REQUEST_RECEIVED: ResponseKind = {
  status: 'TranscriptRequestReceived',
  note: 'The request was received by the school board.',
};

export type ResponseRequest = Pick<
  TranscriptRequest,
  | 'referenceNumber'
  | 'firstName'
  | 'lastName'
  | 'previousLastName'
  | 'birthDate'
  | 'gender'
  | 'schoolBsid'
  | 'schoolName'
  | 'destinationCode'
  | 'destinationName'
> &
  Partial<Pick<TranscriptRequest, 'partnerTrackingId'>>;

/**
 * An organisation as a PESC document names it: the identifiers of PESC's OrganizationIDMultiChoiceGroup
 * it gave (element and value, in the schema's order), its LocalOrganizationID, its name.
 */
export interface PescOrganization {
  ids: ReadonlyArray<readonly [element: string, value: string]>;
  localId?: { code: string; qualifier: string };
  name?: string;
}

export interface ResponseContext {
  /** 35 characters at most; a UUID without its hyphens when not given. */
  documentId?: string;
  createdAt?: Date;
  /**
   * Who the document is sent to (TransmissionData/Destination) when it is not the request's
   * destination college: the acknowledgement answers the party that sent the request (its Source),
   * and then names the college in Response/Receiver.
   */
  requester?: PescOrganization;
}

const GENDER_CODE = { M: 'Male', F: 'Female', X: 'Unreported' } as const;

/**
 * The element with the text as PESC takes it (one line XML can carry, `max` characters at most:
 * 35 for a name, 60 for an organisation, 80 for a note); none when nothing is left of the text.
 */
function optionalText(parent: XmlElement, element: string, value: string | null, max: number): void {
  const text = oneLineText(value, max);
  if (text) parent.ele(element).txt(text);
}

/** The school's name as PESC takes it, or its BSID when the name leaves nothing. */
const schoolName = (r: ResponseRequest) => oneLineText(r.schoolName, 60) ?? r.schoolBsid;

function school(parent: XmlElement, element: string, r: ResponseRequest): void {
  const el = parent.ele(element);
  el.ele('OrganizationName').txt(schoolName(r));
  const id = el.ele('LocalOrganizationID');
  id.ele('LocalOrganizationIDCode').txt(r.schoolBsid);
  id.ele('LocalOrganizationIDQualifier').txt(ONTARIO_QUALIFIER);
}

/** A Receiver organisation: its name first, then its identifiers (RequestorReceiverOrganizationType). */
function receiver(el: XmlElement, name: string, o: PescOrganization): void {
  el.ele('OrganizationName').txt(name);
  for (const [element, value] of o.ids) el.ele(element).txt(value);
}

/** An organisation's identifiers and name, in the order of PESC's OrganizationType. */
function organization(el: XmlElement, o: PescOrganization): void {
  for (const [element, value] of o.ids) el.ele(element).txt(value);
  if (o.localId) {
    const id = el.ele('LocalOrganizationID');
    id.ele('LocalOrganizationIDCode').txt(o.localId.code);
    id.ele('LocalOrganizationIDQualifier').txt(o.localId.qualifier);
  }
  optionalText(el, 'OrganizationName', o.name ?? null, 60);
}

/** The destination college as the request named it (its code, its name when it gave one). */
function college(r: ResponseRequest): PescOrganization {
  const code = oneLineText(r.destinationCode, 60);
  return { ids: code ? [['MutuallyDefined', code]] : [], name: r.destinationName ?? undefined };
}

/**
 * Writes a Transcript Response about a request. Its Source is the school, by its BSID and its name
 * as the central has them (never as a request spelled it). Its Destination is the party the document
 * is sent to: the request's sender for the acknowledgement (`ctx.requester`, the answer to its own
 * call), the destination college for the responses the transmission delivers to it (this module's
 * comment says why).
 */
export function transcriptResponseXml(
  r: ResponseRequest,
  kind: ResponseKind,
  ctx: ResponseContext = {},
): string {
  const created = (ctx.createdAt ?? new Date()).toISOString();
  const doc = new XmlDocument();
  const root = doc.ele(RESPONSE_NAMESPACE, 'TrnResp:TranscriptResponse');

  const td = root.ele('TrnResp:TransmissionData');
  td.ele('DocumentID').txt(ctx.documentId ?? randomUUID().replace(/-/g, ''));
  td.ele('CreatedDateTime').txt(created);
  td.ele('DocumentTypeCode').txt('Response');
  td.ele('TransmissionType').txt('Original');
  const source = td.ele('Source').ele('Organization');
  const sourceId = source.ele('LocalOrganizationID');
  sourceId.ele('LocalOrganizationIDCode').txt(r.schoolBsid);
  sourceId.ele('LocalOrganizationIDQualifier').txt(ONTARIO_QUALIFIER);
  source.ele('OrganizationName').txt(schoolName(r));
  organization(td.ele('Destination').ele('Organization'), ctx.requester ?? college(r));
  // The application centre's own tracking ID when it sent one, else our reference number.
  const tracking = r.partnerTrackingId ?? r.referenceNumber;
  td.ele('RequestTrackingID').txt(tracking);
  if (tracking !== r.referenceNumber)
    td.ele('UserDefinedExtensions').ele(EXTENSIONS_NAMESPACE, 'etms:ReferenceNumber').txt(r.referenceNumber);

  const response = root.ele('TrnResp:Response');
  response.ele('CreatedDateTime').txt(created);
  response.ele('RequestTrackingID').txt(tracking);
  response.ele('ResponseStatus').txt(kind.status);
  if (kind.hold) response.ele('ResponseHold').ele('HoldReason').txt(kind.hold);
  const student = response.ele('RequestedStudent');
  const person = student.ele('Person');
  if (r.birthDate) person.ele('Birth').ele('BirthDate').txt(r.birthDate);
  const name = person.ele('Name');
  optionalText(name, 'FirstName', r.firstName, 35);
  optionalText(name, 'LastName', r.lastName, 35);
  const former = oneLineText(r.previousLastName, 35);
  if (former) {
    const alternate = person.ele('AlternateName');
    alternate.ele('NameCode').txt('Former');
    alternate.ele('LastName').txt(former);
  }
  if (r.gender) person.ele('Gender').ele('GenderCode').txt(GENDER_CODE[r.gender]);
  school(student.ele('Attendance'), 'School', r);
  student.ele('ReleaseAuthorizedIndicator').txt('true');
  // Sent to the requester, the response names the college the transcript is for as its Receiver
  // (PESC requires the receiver's OrganizationName: its code stands in when the request gave no name).
  const receiverName = oneLineText(r.destinationName, 60) ?? oneLineText(r.destinationCode, 60);
  if (ctx.requester && receiverName)
    receiver(response.ele('Receiver').ele('RequestorReceiverOrganization'), receiverName, college(r));
  if (kind.deliveryMethod) response.ele('DeliveryMethod').txt(kind.deliveryMethod);
  optionalText(response, 'NoteMessage', kind.note, 80);
  return doc.toString() + '\n';
}
