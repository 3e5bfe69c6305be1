/**
 * One leased request, start to finish: the pinned student or a match; on a certain match, the
 * student's record from the SIS, the transcript built, then submitted to the central (which checks it against the XSD);
 * otherwise the reason and candidates reported to staff. An outage (SIS or central) never becomes
 * an answer: the request is handed back with back-off and stays « Action requise ».
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import { isEtmsError } from '../errors.js';
import type { SisAdapter } from '../sis/index.js';
import { matchRequest } from '../matching/decide.js';
import { reasonText } from '../matching/reasons.js';
import type { MatchDecision } from '../matching/types.js';
import { matchRequestOf } from '../matching/request-fields.js';
import type { MatchParameters } from '../matching/parameters.js';
import { buildTranscript, transcriptToXml } from '../transcript/build.js';
import { messageEn, messageFr, transcriptProblem } from '../transcript/errors.js';
import type { CentralPort, LeasedRequest } from './central-port.js';
import { AGENT_REASONS, type AgentReasonCode } from './reasons.js';
import { backoffSeconds, type BackoffOptions } from './backoff.js';
import { isGone, isTransient } from './errors.js';
import { agentDecisions } from '../observability/agent-decisions.js';

export type Outcome = 'sent' | 'reported' | 'retry' | 'dropped';

export interface Work {
  port: CentralPort;
  adapter: SisAdapter;
  owner: string;
  log: Logger;
  backoff?: BackoffOptions;
  /** Waits between submit attempts when the central hiccups (the same bytes, the same key). */
  submitRetryDelaysMs?: number[];
  /** The board's matcher parameters (agent.matching.parametersFile); the shipped values without them. */
  matchParameters?: MatchParameters;
}

/**
 * What staff see of the matcher's decision: ranked candidates with the per-field comparison and each
 * one's posterior probability of being the applicant (`probability`, 0 to 1; added fields only, so a
 * central or a page that does not know them reads the rest as before).
 */
export function matchResultOf(decision: MatchDecision) {
  return {
    outcome: decision.outcome,
    score: decision.score,
    ...(decision.probability === undefined ? {} : { probability: decision.probability }),
    reason: decision.reason,
    reasonFr: reasonText(decision.reason, 'fr'),
    reasonEn: reasonText(decision.reason, 'en'),
    candidates: decision.candidates.map((c) => ({
      student: c.student,
      score: c.score,
      fields: c.fields,
      vetoes: c.vetoes,
      ...(c.probability === undefined ? {} : { probability: c.probability }),
    })),
  };
}

/** What the agent reports for a decision it hands to staff: the reason's code, its two sentences, the decision. */
export function reviewReportOf(decision: MatchDecision) {
  return {
    reasonCode: decision.reason,
    reasonFr: reasonText(decision.reason, 'fr'),
    reasonEn: reasonText(decision.reason, 'en'),
    matchResult: matchResultOf(decision),
  };
}

/** The idempotency key of a submit: request, student and the exact bytes. */
export function submissionKeyOf(reference: string, studentNumber: string, xml: Uint8Array): string {
  const digest = createHash('sha256')
    .update(reference)
    .update('\0')
    .update(studentNumber)
    .update('\0')
    .update(xml)
    .digest('hex');
  return `${reference}:${digest.slice(0, 40)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function report(
  work: Work,
  r: LeasedRequest,
  code: string,
  fr: string,
  en: string,
  matchResult?: unknown,
): Promise<Outcome> {
  await work.port.reportError({
    referenceNumber: r.referenceNumber,
    owner: work.owner,
    reasonCode: code,
    reasonFr: fr,
    reasonEn: en,
    matchResult,
  });
  return 'reported';
}

function agentReport(
  work: Work,
  r: LeasedRequest,
  code: AgentReasonCode,
  matchResult?: unknown,
  detail?: { fr: string; en: string },
): Promise<Outcome> {
  const reason = AGENT_REASONS[code];
  return report(
    work,
    r,
    code,
    detail ? `${reason.fr} : ${detail.fr}` : reason.fr,
    detail ? `${reason.en}: ${detail.en}` : reason.en,
    matchResult,
  );
}

async function submitWithRetries(work: Work, submission: Parameters<CentralPort['submitTranscript']>[0]) {
  const delays = work.submitRetryDelaysMs ?? [200, 1000, 3000];
  for (let attempt = 0; ; attempt++) {
    try {
      return await work.port.submitTranscript(submission);
    } catch (error) {
      if (!isTransient(error) || attempt >= delays.length) throw error;
      await sleep(delays[attempt]);
    }
  }
}

/** A transcript built and ready to check and send. */
export interface Prepared {
  request: LeasedRequest;
  studentNumber: string;
  pinned: boolean;
  xml: Buffer;
  matchResult?: unknown;
}

/** The SIS part: match (or the pinned student), load the record, build the XML. */
async function prepare(work: Work, r: LeasedRequest): Promise<Outcome | Prepared> {
  let studentNumber: string;
  let decision: MatchDecision | undefined;
  const pinned = Boolean(r.pinnedStudentNumber);
  if (r.pinnedStudentNumber) {
    studentNumber = r.pinnedStudentNumber;
  } else {
    decision = await matchRequest(
      matchRequestOf(r),
      work.adapter,
      work.matchParameters ? { parameters: work.matchParameters } : undefined,
    );
    agentDecisions.inc({ outcome: decision.outcome });
    if (decision.outcome !== 'auto' || !decision.student) {
      const review = reviewReportOf(decision);
      return report(work, r, review.reasonCode, review.reasonFr, review.reasonEn, review.matchResult);
    }
    studentNumber = decision.student.studentNumber;
  }
  const matchResult = decision ? matchResultOf(decision) : undefined;

  const record = await work.adapter.transcript(studentNumber);
  if (!record) return agentReport(work, r, 'PINNED_STUDENT_MISSING', matchResult);
  if (record.courses.length === 0) return agentReport(work, r, 'NO_ACADEMIC_DATA', matchResult);

  try {
    const transcript = buildTranscript(record, {
      referenceNumber: r.referenceNumber,
      transmission: r.requestType === 'REISSUE' ? 'Reissue' : 'Original',
      destination: { name: r.destinationName ?? undefined, code: r.destinationCode ?? undefined },
    });
    return {
      request: r,
      studentNumber,
      pinned,
      xml: Buffer.from(transcriptToXml(transcript), 'utf8'),
      matchResult,
    };
  } catch (error) {
    if (transcriptProblem.has(error) && !isTransient(error)) {
      return agentReport(work, r, 'TRANSCRIPT_NOT_BUILT', matchResult, {
        fr: messageFr(error),
        en: messageEn(error),
      });
    }
    throw error;
  }
}

/**
 * The push: submitted to the central, which checks every file against the XSD before it stores it
 * (a batch in one xmllint run); a file it refuses comes back as this request's fault and is
 * reported to staff with the problems found. Checking here too would run the schema twice.
 */
async function checkAndSubmit(work: Work, p: Prepared): Promise<Outcome> {
  const r = p.request;
  try {
    await submitWithRetries(work, {
      referenceNumber: r.referenceNumber,
      owner: work.owner,
      studentNumber: p.studentNumber,
      submissionKey: submissionKeyOf(r.referenceNumber, p.studentNumber, p.xml),
      xml: p.xml,
      pinned: p.pinned,
    });
  } catch (error) {
    if (transcriptProblem.has(error) && !isTransient(error)) {
      return agentReport(work, r, 'TRANSCRIPT_REFUSED', p.matchResult, {
        fr: messageFr(error),
        en: messageEn(error),
      });
    }
    throw error;
  }
  return 'sent';
}

async function guarded(
  work: Work,
  r: LeasedRequest,
  step: () => Promise<Outcome | Prepared>,
): Promise<Outcome | Prepared> {
  try {
    return await step();
  } catch (error) {
    return handBack(work, r, error);
  }
}

/** Stage one (bounded by agent.concurrency): never throws. */
export function prepareLeased(work: Work, r: LeasedRequest): Promise<Outcome | Prepared> {
  return guarded(work, r, () => prepare(work, r));
}

/** Stage two (I/O only: not bounded by the SIS concurrency): never throws. */
export async function sendPrepared(work: Work, p: Prepared): Promise<Outcome> {
  return (await guarded(work, p.request, () => checkAndSubmit(work, p))) as Outcome;
}

/** Processes one leased request start to finish; never throws. */
export async function processLeased(work: Work, r: LeasedRequest): Promise<Outcome> {
  const prepared = await prepareLeased(work, r);
  return typeof prepared === 'string' ? prepared : sendPrepared(work, prepared);
}

/** A failure: dropped when the request is no longer ours, else handed back with back-off. */
async function handBack(work: Work, r: LeasedRequest, error: unknown): Promise<Outcome> {
  if (isGone(error)) {
    work.log.info(
      { reference: r.referenceNumber, code: (error as { code?: string }).code },
      'request no longer ours; dropped',
    );
    return 'dropped';
  }
  const code = isEtmsError(error) ? error.code : 'unclassified';
  const delaySeconds = backoffSeconds(r.attempts, work.backoff);
  work.log.warn(
    { reference: r.referenceNumber, code, attempt: r.attempts + 1, delaySeconds: Math.round(delaySeconds) },
    'request handed back after a failure; it will be retried',
  );
  if (!isEtmsError(error))
    work.log.error(
      { err: error, reference: r.referenceNumber },
      'unexpected failure while processing a request',
    );
  try {
    await work.port.release({
      referenceNumber: r.referenceNumber,
      owner: work.owner,
      delaySeconds,
      failed: true,
      error: `${code}: ${isEtmsError(error) ? error.message : 'unexpected failure'}`,
    });
  } catch {
    // The central is unreachable too: the lease expires by itself and the request comes back.
  }
  return 'retry';
}
