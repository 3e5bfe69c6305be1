/**
 * SubmitTranscript and SubmitTranscripts: an agent sends the transcripts it built. Each file is
 * validated again here (the central trusts no client), then, in one transaction for the batch:
 * stored, deliveries created, requests moved to « Relevé électronique envoyé ». A repeated submit
 * with the same key finds the first transcript. An item refused (lease lost, request no longer
 * pending, file invalid) fails alone; the others go through.
 */
import type { AppContext } from '../context.js';
import { AUTO_ETMS_ACTOR } from '../domain/request.js';
import type { LockedRequest } from '../store/requests.js';
import { RequestNotFound } from '../domain/errors.js';
import { groupReader } from './group-read.js';
import { requireAgent } from './access.js';
import { RequestNotPending } from '../exchange/errors.js';
import {
  TrackingMismatch,
  TranscriptOtherBoard,
  TranscriptPinMismatch,
  TranscriptRequestMismatch,
} from '../transcript/errors.js';
import { checkBatchSize, inLockedRound, itemError, leaseProblem, rounds } from './batch.js';
import type { TranscriptIdentity } from '../transcript/read.js';
import type { TranscriptRequest } from '../domain/request.js';
import { fileDisagreement } from './file-agreement.js';
import type { EtmsError } from '../errors.js';
import { only, wireResults } from '../exchange/outcomes.js';
import type {
  BatchResult,
  Caller,
  ItemOutcome,
  SubmitTranscriptInput,
  SubmitTranscriptOutcome,
  SubmitTranscriptResult,
  SubmitTranscriptsInput,
} from '../exchange/contract.js';

type Submission = SubmitTranscriptsInput['submissions'][number];

const SENT_REASON =
  'Relevé envoyé par Auto-SGÉRN à partir du SIÉ / Transcript sent by Auto-eTMS from the SIS';
const SENT_PINNED_REASON =
  'Relevé envoyé par Auto-SGÉRN pour l’élève choisi par le personnel / Transcript sent by Auto-eTMS for the student chosen by staff';

const bytesOf = (s: Submission) =>
  typeof s.transcript === 'string' ? Buffer.from(s.transcript, 'utf8') : Buffer.from(s.transcript);

/** The file checked (XSD included, in groups), its header read, and checked to be this request's. */
async function readSubmission(
  ctx: AppContext,
  s: Submission,
): Promise<{ bytes: Buffer; documentId: string; identity: TranscriptIdentity }> {
  const bytes = bytesOf(s);
  const identity = await groupReader.read(bytes, {
    maxBytes: ctx.config.upload.maxBytes,
    maxDepth: ctx.config.upload.maxDepth,
  });
  const { transmission } = identity;
  if (transmission.requestTrackingId !== s.referenceNumber) {
    throw TrackingMismatch(s.referenceNumber, transmission.requestTrackingId);
  }
  return { bytes, documentId: transmission.documentId, identity };
}

const sameNumber = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').trim().replace(/^0+/, '').toUpperCase() === (b ?? '').trim().replace(/^0+/, '').toUpperCase();

/**
 * The file is this request's: from a school of the request's board, about the student the agent
 * names, and either one the request can be about (file-agreement.ts) or the student staff pinned.
 */
function mismatch(
  request: TranscriptRequest,
  boardBsids: ReadonlySet<string>,
  item: Checked,
): EtmsError | undefined {
  const ref = request.referenceNumber;
  const { identity, submission } = item;
  if (!boardBsids.has(identity.school.bsid)) return TranscriptOtherBoard(ref, identity.school.bsid);
  if (!sameNumber(identity.student.studentNumber, submission.studentNumber))
    return TranscriptRequestMismatch(ref, ['the student number the agent gave']);
  if (submission.pinned) {
    return sameNumber(request.pinnedStudentNumber, submission.studentNumber)
      ? undefined
      : TranscriptPinMismatch(ref, submission.studentNumber);
  }
  const differ = fileDisagreement(request, identity);
  return differ ? TranscriptRequestMismatch(ref, differ) : undefined;
}

interface Checked {
  n: number;
  submission: Submission;
  bytes: Buffer;
  documentId: string;
  identity: TranscriptIdentity;
}

/** One round (each request once) in one transaction. */
async function submitRound(
  ctx: AppContext,
  boardId: number,
  owner: string,
  boardBsids: ReadonlySet<string>,
  items: Checked[],
  out: ItemOutcome<SubmitTranscriptResult>[],
): Promise<void> {
  await inLockedRound(
    ctx,
    boardId,
    items.map((i) => i.submission.referenceNumber),
    async (tx, locked) => {
      const accepted: Array<Checked & { locked: LockedRequest }> = [];
      const repeats: Array<Checked & { locked: LockedRequest }> = [];
      for (const item of items) {
        const ref = item.submission.referenceNumber;
        const l = locked.get(ref);
        if (!l) out[item.n] = itemError(RequestNotFound(ref));
        else if (l.request.status !== 'ACTION_REQUIRED') repeats.push({ ...item, locked: l });
        else {
          const refused = leaseProblem(ctx, l, owner) ?? mismatch(l.request, boardBsids, item);
          if (refused) out[item.n] = itemError(refused);
          else accepted.push({ ...item, locked: l });
        }
      }

      if (repeats.length > 0) {
        // A request already past « Action requise »: a repeat of the submit that got it there (its
        // reply was lost) finds that transcript; anything else is too late.
        const stored = await ctx.store.transcripts.bySubmissionKeys(
          repeats.map((r) => r.submission.submissionKey),
          tx,
        );
        const byKey = new Map(stored.map((t) => [t.submissionKey, t]));
        for (const r of repeats) {
          const again = byKey.get(r.submission.submissionKey);
          out[r.n] =
            again && again.requestId === r.locked.request.id
              ? {
                  ok: true,
                  value: {
                    referenceNumber: r.submission.referenceNumber,
                    status: r.locked.request.status,
                    transcriptId: again.id,
                    version: again.version,
                    created: false,
                  },
                }
              : itemError(RequestNotPending(r.submission.referenceNumber, r.locked.request.status));
        }
      }
      if (accepted.length === 0) return;

      const stored = await ctx.store.transcripts.addMany(
        accepted.map((a) => ({
          requestId: a.locked.request.id,
          format: 'XML' as const,
          content: a.bytes,
          source: a.submission.pinned ? ('SIS_PICK' as const) : ('AUTO' as const),
          createdBy: AUTO_ETMS_ACTOR,
          studentNumber: a.submission.studentNumber,
          documentId: a.documentId,
          submissionKey: a.submission.submissionKey,
          requestLocked: true,
        })),
        tx,
      );
      await ctx.store.deliveries.createMany(
        tx,
        accepted.map((a, i) => ({
          request: a.locked.request,
          transcriptId: stored[i].transcript.id,
          firstVersion: stored[i].created && stored[i].transcript.version === 1,
        })),
      );
      const after = await ctx.store.requests.transitionLocked(
        accepted.map((a, i) => ({
          id: a.locked.request.id,
          before: a.locked.request,
          to: 'E_TRANSCRIPT_SENT' as const,
          actor: AUTO_ETMS_ACTOR,
          completionMethod: 'AUTO' as const,
          reason: a.submission.pinned ? SENT_PINNED_REASON : SENT_REASON,
          details: {
            transcriptId: stored[i].transcript.id,
            version: stored[i].transcript.version,
            agent: owner,
          },
        })),
        tx,
      );
      accepted.forEach((a, i) => {
        out[a.n] = {
          ok: true,
          value: {
            referenceNumber: after[i].referenceNumber,
            status: after[i].status,
            transcriptId: stored[i].transcript.id,
            version: stored[i].transcript.version,
            created: stored[i].created,
          },
        };
      });
    },
  );
}

/** Every submission's outcome, in order. A database failure fails the whole call (nothing is kept). */
export async function submitTranscriptBatch(
  ctx: AppContext,
  caller: Caller,
  input: SubmitTranscriptsInput,
  operation = 'SubmitTranscripts',
): Promise<ItemOutcome<SubmitTranscriptResult>[]> {
  const agent = requireAgent(caller, operation);
  checkBatchSize(operation, input.submissions.length);
  const out: ItemOutcome<SubmitTranscriptResult>[] = new Array(input.submissions.length);
  const read = await Promise.allSettled(input.submissions.map((s) => readSubmission(ctx, s)));
  const checked: Checked[] = [];
  read.forEach((r, n) => {
    if (r.status === 'rejected') out[n] = itemError(r.reason);
    else checked.push({ n, submission: input.submissions[n], ...r.value });
  });
  if (checked.length === 0) return out;
  const boardBsids = new Set(
    (await ctx.store.organisations.schoolsOfBoard(agent.boardId)).map((s) => s.bsid),
  );
  for (const round of rounds(checked, (c) => c.submission.referenceNumber))
    await submitRound(ctx, agent.boardId, input.owner, boardBsids, round, out);
  return out;
}

export async function submitTranscript(
  ctx: AppContext,
  caller: Caller,
  input: SubmitTranscriptInput,
): Promise<SubmitTranscriptResult> {
  const { owner, ...submission } = input;
  return only(
    await submitTranscriptBatch(ctx, caller, { owner, submissions: [submission] }, 'SubmitTranscript'),
  );
}

export async function submitTranscripts(
  ctx: AppContext,
  caller: Caller,
  input: SubmitTranscriptsInput,
): Promise<BatchResult<SubmitTranscriptOutcome>> {
  return wireResults(await submitTranscriptBatch(ctx, caller, input), input.submissions);
}
