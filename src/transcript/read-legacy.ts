/**
 * Documents of the earlier, PESC-shaped profile (wsdl/transcript/legacy-v1/: MIDENT, SchoolBoard,
 * course elements PESC does not have). Nothing writes them any more; those stored before stay
 * readable: the reader maps them here once they passed that profile's XSD.
 */
import {
  ROOT_ELEMENT,
  type AwardKind,
  type CourseNote,
  type CourseStatus,
  type DocumentTypeCode,
  type Gender,
  type LiteracyRequirement,
  type OnlineLearning,
  type Transcript,
  type TranscriptCourse,
  type TranscriptOrganization,
  type TranscriptSession,
  type TranscriptTransmission,
  type TransmissionType,
} from './model.js';
import { node, str, type Node } from './xml-nodes.js';

const num = (value: unknown): number => Number(value);

function organization(value: unknown): TranscriptOrganization {
  const o = node(value);
  const org: TranscriptOrganization = { name: str(o.OrganizationName) ?? '' };
  if (o.MIDENT !== undefined) org.bsid = str(o.MIDENT);
  if (o.MutuallyDefined !== undefined) org.code = str(o.MutuallyDefined);
  const board = o.SchoolBoard === undefined ? undefined : node(o.SchoolBoard);
  if (board?.BoardNumber !== undefined) org.boardNumber = str(board.BoardNumber);
  if (board?.BoardName !== undefined) org.boardName = str(board.BoardName);
  const city = node(node(o.Contacts).Address).City;
  if (city !== undefined) org.city = str(city);
  return org;
}

const GENDER: Record<string, Gender> = { Male: 'M', Female: 'F', Unreported: 'X' };

function course(value: unknown): TranscriptCourse {
  const c = node(value);
  const mark = str(c.CourseAcademicGrade) ?? '';
  const result: TranscriptCourse = {
    code: `${str(c.CourseSubjectAbbreviation)}${str(c.CourseNumber)}`,
    title: str(c.CourseTitle) ?? '',
    grade: num(c.CourseGradeLevel),
    mark: /^\d+$/.test(mark) ? Number(mark) : mark,
    creditValue: num(c.CourseCreditValue),
    creditEarned: num(c.CourseCreditEarned),
    completionDate: str(c.CourseEndDate) ?? '',
    compulsory: str(c.CourseCompulsoryIndicator) === 'true',
    notes: ((c.CourseNoteCode as unknown[] | undefined) ?? []).map((n) => str(n) as CourseNote),
  };
  if (c.CourseStatusCode !== undefined) result.status = str(c.CourseStatusCode) as CourseStatus;
  if (c.CourseOverrideSchool !== undefined)
    result.deliverySchoolBsid = str(node(c.CourseOverrideSchool).MIDENT);
  return result;
}

/** The TransmissionData element of a document that passed the XSD, in the model. */
export function legacyTranscriptTransmission(td: Node): TranscriptTransmission {
  const t: TranscriptTransmission = {
    documentId: str(td.DocumentID) ?? '',
    createdAt: str(td.CreatedDateTime) ?? '',
    documentTypeCode: str(td.DocumentTypeCode) as DocumentTypeCode,
    transmissionType: str(td.TransmissionType) as TransmissionType,
    source: organization(node(td.Source).Organization),
    requestTrackingId: str(td.RequestTrackingID) ?? '',
  };
  if (td.Destination !== undefined) t.destination = organization(node(td.Destination).Organization);
  return t;
}

/** Maps a document of the earlier profile that passed its XSD to the transcript model. */
export function legacyTranscriptFromXmlText(text: string, parse: (text: string) => unknown): Transcript {
  const doc = node(parse(text));
  const root = node(doc[ROOT_ELEMENT]);
  const td = node(root.TransmissionData);
  const person = node(node(root.Student).Person);
  const record = node(node(root.Student).AcademicRecord);
  const name = node(person.Name);

  const school = organization(record.School) as TranscriptOrganization & { bsid: string };
  const t: Transcript = {
    transmission: legacyTranscriptTransmission(td),
    student: {
      studentNumber: str(person.SchoolAssignedPersonID) ?? '',
      birthDate: str(node(person.Birth).BirthDate) ?? '',
      firstName: str(name.FirstName) ?? '',
      lastName: str(name.LastName) ?? '',
      previousLastNames: ((person.AlternateName as unknown[] | undefined) ?? []).map(
        (a) => str(node(a).LastName) ?? '',
      ),
    },
    school,
    sessions: ((record.AcademicSession as unknown[] | undefined) ?? []).map((s): TranscriptSession => ({
      schoolYear: str(node(node(s).AcademicSessionDetail).SessionSchoolYear) ?? '',
      courses: ((node(s).Course as unknown[] | undefined) ?? []).map(course),
    })),
    summary: {
      totalCredits: num(node(record.AcademicSummary).CreditsEarned),
      compulsoryCredits: num(node(record.AcademicSummary).CompulsoryCreditsEarned),
    },
    ontario: { communityInvolvementHours: 0, literacy: 'NOT_YET' },
  };
  if (person.AgencyAssignedID !== undefined) t.student.oen = str(person.AgencyAssignedID);
  if (name.MiddleName !== undefined) t.student.middleNames = str(name.MiddleName);
  const gender = str(node(person.Gender).GenderCode);
  if (gender !== undefined) t.student.gender = GENDER[gender];
  if (record.AcademicAward !== undefined) {
    const award = node(record.AcademicAward);
    t.award = { kind: str(award.AcademicAwardTitle) as AwardKind, date: str(award.AcademicAwardDate) ?? '' };
  }
  const on = node(node(record.UserDefinedExtensions).OntarioRequirements);
  t.ontario = {
    communityInvolvementHours: num(on.CommunityInvolvementHours),
    literacy: str(on.LiteracyRequirement) as LiteracyRequirement,
  };
  if (on.OnlineLearningRequirement !== undefined)
    t.ontario.onlineLearning = str(on.OnlineLearningRequirement) as OnlineLearning;
  if (on.SpecialistHighSkillsMajor !== undefined) t.ontario.shsm = str(on.SpecialistHighSkillsMajor);
  if (on.DateLastAttended !== undefined) t.ontario.dateLastAttended = str(on.DateLastAttended);
  return t;
}
