/**
 * PESC Transcript Response v1.4.0: what a college receives when a request ends without a transcript
 * (student not found, several possible students, no academic data, on hold for financial reasons,
 * paper transcript sent, cancelled), and the acknowledgement of a Transcript Request. Its
 * RequestTrackingID is the one the application centre sent (its own, or our reference number); our
 * number rides along in UserDefinedExtensions when they differ. The root and its direct children are in the message namespace;
 * everything below them is unqualified, as the schema says.
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
 * says which status change has which outcome; src/pesc/README.md has the table).
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

export interface ResponseContext {
  /** 35 characters at most; a UUID without its hyphens when not given. */
  documentId?: string;
  createdAt?: Date;
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

/** Writes the Transcript Response telling the request's destination how the request ended. */
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
  const destination = td.ele('Destination').ele('Organization');
  optionalText(destination, 'MutuallyDefined', r.destinationCode, 60);
  optionalText(destination, 'OrganizationName', r.destinationName, 60);
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
  if (kind.deliveryMethod) response.ele('DeliveryMethod').txt(kind.deliveryMethod);
  optionalText(response, 'NoteMessage', kind.note, 80);
  return doc.toString() + '\n';
}
