/**
 * The applicant's e-mails (not found, no academic data, financial hold, paper sent). They are
 * queued inside the transaction of the status change, so a change that rolls back sends nothing
 * and one that commits always has its e-mail; they ignore notification settings (the guide: they
 * are always sent and cannot be turned off).
 *
 * A request without a usable applicant address gets no e-mail and no e-mail-log row: the log holds
 * only e-mails that can be sent, and the status change itself stays in the request's history. The
 * skip is written to the application log with the request id only.
 */
import type { AppContext } from '../context.js';
import { STATUS_CATALOGUE } from '../domain/status.js';
import type { RequestRepository } from '../store/requests.js';
import { isEmailAddress } from './address.js';
import { queueEmail } from './outbox.js';
import { APPLICANT_EMAIL_KINDS, applicantEmail, type ApplicantEmailKind } from './templates.js';

const registered = new WeakSet<RequestRepository>();

export function registerApplicantEmails(ctx: AppContext): void {
  const requests = ctx.store.requests;
  if (registered.has(requests)) return;
  registered.add(requests);
  requests.onTransition(async ({ tx, before, after, event }) => {
    if (!STATUS_CATALOGUE[after.status].emailsApplicant || before.status === after.status) return;
    if (!(APPLICANT_EMAIL_KINDS as readonly string[]).includes(after.status)) return;
    const address = after.applicantEmail?.trim() ?? '';
    if (!isEmailAddress(address)) {
      ctx.log.warn(
        { requestId: after.id, status: after.status },
        'The request has no usable applicant e-mail address: no applicant e-mail was queued.',
      );
      return;
    }
    const lang = after.applicantLanguage === 'en' ? 'en' : 'fr';
    const board = await ctx.store.organisations.board(after.boardId, tx);
    await queueEmail(
      ctx.store,
      {
        kind: 'APPLICANT',
        recipient: address,
        language: lang,
        content: applicantEmail(
          after.status as ApplicantEmailKind,
          { firstName: after.firstName, referenceNumber: after.referenceNumber, origin: after.origin },
          lang,
          {
            schoolName: after.schoolCity ? `${after.schoolName} (${after.schoolCity})` : after.schoolName,
            boardName: board?.name ?? '',
            contact: board?.applicantContact,
          },
        ),
        dedupeKey: `applicant:${after.id}:${event.id}`,
        requestId: after.id,
        notBefore: ctx.clock(),
      },
      tx,
    );
  });
}
