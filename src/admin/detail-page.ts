/**
 * « DEMANDE DE RELEVÉ DE NOTES - DÉTAILS »: every non-empty field, the history, the transcript
 * versions, the Auto-eTMS error banner and candidates, the response (action or upload), the print
 * view; plus the no-upload actions and the choice of a candidate.
 */
import type { Request, Response, Router } from 'express';
import type { TranscriptRequest } from '../domain/request.js';
import { canTransition, STATUS_CATALOGUE, statusLabel, type Status } from '../domain/status.js';
import { isEmailAddress } from '../notify/address.js';
import { RequestNotFound, RequestStale, TransitionRefused } from '../domain/errors.js';
import { NoActionChosen, NotACandidate } from '../requests/errors.js';
import { candidateOf } from '../domain/match-result.js';
import { staffRequest } from '../requests/access.js';
import { takeAction } from '../requests/take-action.js';
import { pinCandidate } from '../requests/pin-candidate.js';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatMonth,
  formatName,
  formatNumber,
  formatProbability,
  formatRecordedValue,
  requestTypeLabel,
  sendTimingLabel,
  sourceLabel,
} from './format.js';
import { actionSelect, allowedActions, canUpload, refPath } from './columns.js';
import {
  candidateName,
  diffTable,
  diffWithCandidate,
  fieldLabel,
  levelLabel,
  readMatchResult,
  vetoLabel,
  type Candidate,
} from './candidates.js';
import { html, raw, type SafeHtml } from './html.js';
import { PARKED_COOKIE } from './parked-uploads.js';
import { parseCookies } from './session.js';
import { DIFF_COLUMN_LABELS } from '../transcript/diff.js';
import { colon, t, type Lang, type MessageKey } from './i18n.js';
import { actorIn, autoErrorReasonIn, reasonIn } from './reason-text.js';
import {
  actorOf,
  checkCsrf,
  csrfField,
  noticeQuery,
  readNotice,
  renderPage,
  requireStaff,
  safeLocalPath,
  staffOf,
  withQuery,
  type AdminDeps,
} from './web.js';

/** The request of a link, if the person may see it. */
export function requestInScope(deps: AdminDeps, res: Response, ref: unknown): Promise<TranscriptRequest> {
  return staffRequest(deps.ctx, actorOf(res), ref);
}

function fieldList(rows: Array<[MessageKey, string | null | undefined]>, lang: Lang): SafeHtml {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== '');
  return html`<dl class="fields">${shown.map(([k, v]) => html`<div><dt>${t(lang, k)}</dt><dd>${v}</dd></div>`)}</dl>`;
}

const DEFINITIONS: Array<[Status, MessageKey]> = [
  ['PAPER_SENT', 'defPaper'],
  ['STUDENT_NOT_FOUND', 'defNotFound'],
  ['NO_ACADEMIC_DATA', 'defNoData'],
  ['ON_HOLD_FINANCIAL', 'defHold'],
];

export function definitionsBlock(lang: Lang): SafeHtml {
  return html`<details class="definitions"><summary>${t(lang, 'definitions')}</summary><dl>
    ${DEFINITIONS.map(([s, k]) => html`<dt>${statusLabel(s, lang)}</dt><dd>${t(lang, k)}</dd>`)}
  </dl></details>`;
}

function candidatesBlock(
  r: TranscriptRequest,
  candidates: Candidate[],
  lang: Lang,
  canPick: boolean,
): SafeHtml {
  if (candidates.length === 0) return html``;
  return html`<section class="candidates" aria-labelledby="cand-title">
    <h2 id="cand-title">${t(lang, 'candidatesTitle')}</h2>
    <p>${t(lang, 'candidatesIntro')}</p>
    ${candidates.map(
      (c, i) => html`<article class="candidate">
        <h3>${i + 1}. ${candidateName(c.student)} <span class="muted">(${c.student.studentNumber})</span>
          ${c.score !== undefined ? html`<span class="score">${t(lang, 'score')}${colon(lang)} ${formatNumber(c.score, lang)}</span>` : ''}
          ${c.probability !== undefined ? html`<span class="probability" title="${t(lang, 'probabilityHelp')}">${t(lang, 'probability')}${colon(lang)} ${formatProbability(c.probability, lang)}</span>` : ''}</h3>
        ${c.vetoes.length ? html`<p class="veto"><strong>${t(lang, 'vetoes')}${colon(lang)}</strong> ${c.vetoes.map((v) => vetoLabel(v, lang)).join(' · ')}</p>` : ''}
        ${
          c.fields.length
            ? html`<table class="compare"><thead><tr><th scope="col">${t(lang, 'cField')}</th><th scope="col">${t(lang, 'cRequest')}</th><th scope="col">${t(lang, 'cCandidate')}</th><th scope="col">${t(lang, 'cLevel')}</th><th scope="col">${t(lang, 'cWeight')}</th></tr></thead>
            <tbody>${c.fields.map(
              (f) =>
                html`<tr class="level-${f.level.replace(/[^a-z_]/gi, '')}${f.weight !== undefined && f.weight < 0 ? ' negative' : ''}"><th scope="row">${fieldLabel(f.field, lang)}</th><td>${formatRecordedValue(f.requestValue)}</td><td>${formatRecordedValue(f.candidateValue)}</td><td>${levelLabel(f.level, lang)}</td><td class="num">${f.weight !== undefined ? formatNumber(f.weight, lang) : ''}</td></tr>`,
            )}</tbody></table>`
            : ''
        }
        ${canPick ? html`<p><a class="button" href="${refPath(r)}/candidat?eleve=${encodeURIComponent(c.student.studentNumber)}">${t(lang, 'chooseStudent')}</a></p>` : ''}
      </article>`,
    )}
  </section>`;
}

function parkedBlock(res: Response, r: TranscriptRequest, lang: Lang, fileName: string): SafeHtml {
  return html`<section class="card parked" aria-labelledby="parked-title">
    <h2 id="parked-title">${t(lang, 'parkedTitle')}</h2>
    <form method="post" action="${refPath(r)}/reprendre" class="buttons">
      ${csrfField(res)}
      <button type="submit" name="decision" value="upload" class="primary">${t(lang, 'parkedUpload', { name: fileName })}</button>
      <button type="submit" name="decision" value="discard">${t(lang, 'parkedDiscard')}</button>
    </form>
  </section>`;
}

function responseBlock(res: Response, r: TranscriptRequest, lang: Lang, chosen?: string): SafeHtml {
  const actions = allowedActions(r.status);
  const upload = canUpload(r.status);
  if (!upload && actions.length === 0) return html``;
  const staff = staffOf(res);
  const back = refPath(r);
  const pick = actions.find((a) => a === chosen);
  return html`<section class="response" aria-labelledby="resp-title">
    <h2 id="resp-title" class="visually-hidden">${t(lang, 'actionLegend')}</h2>
    <fieldset class="choice">
      <legend>${t(lang, 'actionLegend')}</legend>
      ${actions.length ? html`<label class="check"><input type="radio" name="mode" id="mode-action" value="action"${raw(pick ? ' checked' : '')}> ${t(lang, 'provideResponse')}</label>` : ''}
      ${upload ? html`<label class="check"><input type="radio" name="mode" id="mode-upload" value="upload"${raw(pick ? '' : ' checked')}> ${t(lang, 'upload')}</label>` : ''}
      ${
        actions.length
          ? html`<div class="panel panel-action">${actionSelect(r, { lang, age: () => ({ days: 0, state: 'normal', text: '' }), csrf: staff.session.csrf, back }, 'detail-action', pick)}${definitionsBlock(lang)}</div>`
          : ''
      }
      ${
        upload
          ? html`<div class="panel panel-upload">
          <form method="post" action="${refPath(r)}/televerser" enctype="multipart/form-data" class="upload-form" data-dropzone>
            ${csrfField(res)}
            <input type="hidden" name="version" value="${r.version}">
            <input type="hidden" name="back" value="${back}">
            <div class="field"><label for="file-detail">${t(lang, 'chooseFile')}</label>
              <input type="file" id="file-detail" name="file" accept=".xml,.pdf,application/xml,text/xml,application/pdf" required>
              <span class="drop-hint" hidden>${t(lang, 'dropHint')}</span></div>
            <div class="buttons"><button type="submit" class="primary">${t(lang, 'upload')}</button></div>
          </form></div>`
          : ''
      }
    </fieldset>
    <p class="advice">${t(lang, 'xmlAdvice')}</p>
  </section>`;
}

export function mountDetailPage(router: Router, deps: AdminDeps): void {
  const auth = requireStaff(deps);
  const { store } = deps.ctx;

  router.get('/demandes/:ref', auth, async (req, res) => {
    const staff = staffOf(res);
    const lang = staff.lang;
    const r = await requestInScope(deps, res, req.params.ref);
    const [events, versions] = await Promise.all([
      store.requests.events(r.id),
      store.transcripts.versions(r.id),
    ]);
    const match = readMatchResult(r.matchResult);
    const print = req.query.imprimer === '1';
    const { notice, error } = readNotice(req, lang);
    const lastError = [...events].reverse().find((e) => e.toStatus === 'AUTO_PROCESS_ERROR');
    const reason =
      autoErrorReasonIn(r, match.reason, lastError?.details, lang) ?? t(lang, 'reasonOtherLanguage');
    const canPick = r.status === 'AUTO_PROCESS_ERROR' && canTransition(r.status, 'ACTION_REQUIRED');
    const parked = canUpload(r.status)
      ? deps.parked.find(parseCookies(req.headers.cookie)[PARKED_COOKIE], r.referenceNumber)
      : undefined;
    const body = html`<div class="detail-head">
        <h1>${t(lang, 'detailTitle')}</h1>
        <a class="button print-button" href="${refPath(r)}?imprimer=1" data-print>${t(lang, 'print')}</a>
      </div>
      ${r.status === 'AUTO_PROCESS_ERROR' ? html`<div class="alert warning" role="note">${t(lang, 'autoErrorBanner')} ${reason}</div>` : ''}
      ${!print && parked ? parkedBlock(res, r, lang, parked.fileName) : ''}
      ${print ? '' : responseBlock(res, r, lang, typeof req.query.choisir === 'string' ? req.query.choisir : undefined)}
      ${print ? '' : candidatesBlock(r, match.candidates, lang, canPick)}
      <p class="hint">${t(lang, 'emptyHidden')}</p>
      <section aria-labelledby="info-title">
        <h2 id="info-title">${t(lang, 'infoTitle')}</h2>
        ${fieldList(
          [
            ['fReceived', formatDate(r.receivedAt)],
            ['colRequestedAt', formatDate(r.requestedAt)],
            ['colReference', r.referenceNumber],
            ['fPartnerTracking', r.partnerTrackingId],
            ['colApplicationNumber', r.applicationNumber],
            ['colAccountNumber', r.accountNumber],
            ['colRequestType', requestTypeLabel(r.requestType, lang)],
            ['colOrigin', r.origin],
            ['colSendTiming', sendTimingLabel(r.sendTiming, lang)],
            ['fCurrentStatus', statusLabel(r.status, lang)],
            ['colLastUpdatedBy', actorIn(r.lastUpdatedBy, lang)],
            ['colCompletedAt', formatDate(r.completedAt)],
            ['fCompletionMethod', r.completionMethod ? t(lang, `method${r.completionMethod}`) : null],
            [
              'colDestination',
              [r.destinationName, r.destinationCode ? `(${r.destinationCode})` : '']
                .filter(Boolean)
                .join(' '),
            ],
            ['fAmount', r.amountCollected ? formatMoney(r.amountCollected, lang) : null],
            ['fTranscriptCount', r.transcriptCount ? String(r.transcriptCount) : null],
            ['fSchool', `${sourceLabel(r)} — BSID ${r.schoolBsid}`],
            ['fPinned', r.pinnedStudentNumber],
          ],
          lang,
        )}
      </section>
      <section id="eleve" aria-labelledby="student-title" tabindex="-1">
        <h2 id="student-title">${t(lang, 'studentTitle')}</h2>
        ${fieldList(
          [
            ['fLastName', r.lastName],
            ['fPreviousLastName', r.previousLastName],
            ['fFirstName', r.firstName],
            ['colBirthDate', formatDate(r.birthDate)],
            ['colGender', r.gender],
            ['colOen', r.oen],
            ['colStudentNumber', r.studentNumber],
            ['colLastAttended', formatMonth(r.dateLastAttended, lang)],
            ['fEmail', r.applicantEmail],
            ['fLanguage', t(lang, r.applicantLanguage === 'en' ? 'languageEn' : 'languageFr')],
          ],
          lang,
        )}
      </section>
      ${
        versions.length
          ? html`<section aria-labelledby="versions-title"><h2 id="versions-title">${t(lang, 'versionsTitle')}</h2>
          <table class="plain"><thead><tr><th scope="col">${t(lang, 'vVersion')}</th><th scope="col">${t(lang, 'vFormat')}</th><th scope="col">${t(lang, 'vSource')}</th><th scope="col">${t(lang, 'vCreated')}</th><th scope="col">${t(lang, 'vBy')}</th><th scope="col">${t(lang, 'vState')}</th><th scope="col"><span class="visually-hidden">${t(lang, 'vDownload')}</span></th></tr></thead>
          <tbody>${[...versions].reverse().map(
            (
              v,
            ) => html`<tr><td>${v.version}</td><td>${v.format}</td><td>${t(lang, `source${v.source}`)}</td><td>${formatDateTime(v.createdAt)}</td><td>${actorIn(v.createdBy, lang)}</td>
              <td>${v.supersededAt ? `${t(lang, 'vSuperseded')} (${formatDateTime(v.supersededAt)})` : t(lang, 'vCurrent')}</td>
              <td><a href="${refPath(r)}/releves/${v.id}">${t(lang, 'vDownload')}<span class="visually-hidden"> ${v.format} v${v.version}</span></a></td></tr>`,
          )}</tbody></table></section>`
          : ''
      }
      <section aria-labelledby="history-title"><h2 id="history-title">${t(lang, 'historyTitle')}</h2>
        <table class="plain"><thead><tr><th scope="col">${t(lang, 'hWhen')}</th><th scope="col">${t(lang, 'hWho')}</th><th scope="col">${t(lang, 'hFrom')}</th><th scope="col">${t(lang, 'hTo')}</th><th scope="col">${t(lang, 'hWhy')}</th></tr></thead>
        <tbody>${events.map(
          (e) =>
            html`<tr><td>${formatDateTime(e.at)}</td><td>${actorIn(e.actor, lang)}</td><td>${e.fromStatus ? statusLabel(e.fromStatus, lang) : ''}</td><td>${statusLabel(e.toStatus, lang)}</td><td>${e.reason ? (reasonIn(e.reason, e.details, lang) ?? t(lang, 'reasonOtherLanguage')) : ''}</td></tr>`,
        )}</tbody></table>
      </section>
      ${print ? '' : html`<p><a href="/demandes">${t(lang, 'back')}</a></p>`}`;
    res.type('html').send(
      renderPage(req, res, {
        title: `${t(lang, 'detailTitle')} ${r.referenceNumber}`,
        body,
        section: 'requests',
        notice,
        error,
        print,
      }),
    );
  });

  router.get('/demandes/:ref/releves/:id', auth, async (req, res) => {
    const r = await requestInScope(deps, res, req.params.ref);
    const id = Number(req.params.id);
    const version = Number.isInteger(id)
      ? (await store.transcripts.versions(r.id)).find((v) => v.id === id)
      : undefined;
    const content = version ? await store.transcripts.content(version.id) : undefined;
    if (!version || !content)
      throw RequestNotFound(`${r.referenceNumber}/${String(req.params.id).slice(0, 20)}`);
    res.setHeader(
      'Content-Type',
      version.format === 'PDF' ? 'application/pdf' : 'application/xml; charset=utf-8',
    );
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${r.referenceNumber}-v${version.version}.${version.format.toLowerCase()}"`,
    );
    res.send(content);
  });

  router.post('/demandes/:ref/action', auth, async (req, res) => {
    checkCsrf(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const r = await requestInScope(deps, res, req.params.ref);
    const back = safeLocalPath(body.back, refPath(r));
    const ref = r.referenceNumber;
    const version = Number(body.version);
    const chosen = allowedActions(r.status).find((a) => a === body.action);
    if (chosen && STATUS_CATALOGUE[chosen].emailsApplicant && body.confirmed !== '1') {
      // Irreversible and e-mails the applicant: say what will happen, to whom, and ask first.
      res.type('html').send(confirmActionPage(req, res, r, chosen, back, String(body.version ?? '')));
      return;
    }
    try {
      const after = await takeAction(deps.ctx, actorOf(res), {
        reference: ref,
        action: body.action,
        expectedVersion: Number.isInteger(version) ? version : -1,
      });
      res.redirect(303, withQuery(back, noticeQuery('actionDone', { ref, status: after.status })));
    } catch (error) {
      const notice = refusal(error);
      if (!notice) throw error;
      res.redirect(303, withQuery(back, noticeQuery(notice, { ref })));
    }
  });

  router.get('/demandes/:ref/candidat', auth, async (req, res) => {
    const staff = staffOf(res);
    const lang = staff.lang;
    const r = await requestInScope(deps, res, req.params.ref);
    const candidate = candidateOf(r.matchResult, req.query.eleve);
    if (!candidate || r.status !== 'AUTO_PROCESS_ERROR') {
      res
        .status(candidate ? 409 : 404)
        .type('html')
        .send(
          renderPage(req, res, {
            title: t(lang, 'pickTitle'),
            section: 'requests',
            error: t(lang, candidate ? 'actionRefused' : 'noCandidate', { ref: r.referenceNumber }),
            body: html`<p><a href="${refPath(r)}">${t(lang, 'back')}</a></p>`,
          }),
        );
      return;
    }
    const labels = DIFF_COLUMN_LABELS[lang];
    const body = html`<h1>${t(lang, 'pickTitle')}</h1>
      <p>${r.referenceNumber} — ${candidateName(candidate.student)} (${candidate.student.studentNumber})</p>
      ${diffTable(diffWithCandidate(r, candidate.student), lang, t(lang, 'candidate').toUpperCase())}
      <form method="post" action="${refPath(r)}/candidat" class="buttons confirm">
        ${csrfField(res)}
        <input type="hidden" name="eleve" value="${candidate.student.studentNumber}">
        <input type="hidden" name="version" value="${r.version}">
        <button type="submit" name="decision" value="cancel">${labels.cancel}</button>
        <button type="submit" name="decision" value="confirm" class="primary">${labels.save}</button>
      </form>`;
    res.type('html').send(renderPage(req, res, { title: t(lang, 'pickTitle'), body, section: 'requests' }));
  });

  router.post('/demandes/:ref/candidat', auth, async (req, res) => {
    checkCsrf(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const r = await requestInScope(deps, res, req.params.ref);
    if (body.decision !== 'confirm') {
      res.redirect(303, refPath(r));
      return;
    }
    const ref = r.referenceNumber;
    const version = Number(body.version);
    try {
      await pinCandidate(deps.ctx, actorOf(res), {
        reference: ref,
        studentNumber: body.eleve,
        expectedVersion: Number.isInteger(version) ? version : -1,
      });
      res.redirect(303, withQuery(refPath(r), noticeQuery('pickDone', { ref })));
    } catch (error) {
      const notice = refusal(error);
      if (!notice) throw error;
      res.redirect(303, withQuery(refPath(r), noticeQuery(notice, { ref })));
    }
  });
}

const EFFECTS: Record<string, MessageKey> = Object.fromEntries(DEFINITIONS);

function confirmActionPage(
  req: Request,
  res: Response,
  r: TranscriptRequest,
  action: Status,
  back: string,
  version: string,
): string {
  const lang = staffOf(res).lang;
  const address = r.applicantEmail?.trim() ?? '';
  const label = statusLabel(action, lang);
  const body = html`<section class="card confirm-action" aria-labelledby="confirm-title">
    <h1 id="confirm-title">${t(lang, 'confirmActionTitle', { action: label })}</h1>
    <dl class="fields compact">
      <div><dt>${t(lang, 'referenceNumber')}</dt><dd>${r.referenceNumber}</dd></div>
      <div><dt>${t(lang, 'studentName')}</dt><dd>${formatName(r)}</dd></div>
      <div><dt>${t(lang, 'confirmRecipient')}</dt><dd>${
        isEmailAddress(address)
          ? t(lang, 'confirmEmailTo', {
              address,
              language: t(lang, r.applicantLanguage === 'en' ? 'inEnglish' : 'inFrench'),
            })
          : t(lang, 'confirmNoEmail')
      }</dd></div>
    </dl>
    <p>${t(lang, EFFECTS[action])}</p>
    <p class="warning-text"><strong>${t(lang, 'confirmIrreversible')}</strong></p>
    <form method="post" action="${refPath(r)}/action" class="buttons confirm">
      ${csrfField(res)}
      <input type="hidden" name="action" value="${action}">
      <input type="hidden" name="version" value="${version}">
      <input type="hidden" name="back" value="${back}">
      <input type="hidden" name="confirmed" value="1">
      <a class="button" href="${back}">${t(lang, 'confirmGoBack')}</a>
      <button type="submit" class="primary danger">${t(lang, 'confirmDo', { action: label })}</button>
    </form>
  </section>`;
  return renderPage(req, res, {
    title: t(lang, 'confirmActionTitle', { action: label }),
    body,
    section: 'requests',
  });
}

/** The notice of a command refused for a reason the person can act on. */
function refusal(error: unknown): 'actionMissing' | 'actionRefused' | 'staleRequest' | undefined {
  if (NoActionChosen.is(error)) return 'actionMissing';
  if (RequestStale.is(error)) return 'staleRequest';
  if (TransitionRefused.is(error) || NotACandidate.is(error)) return 'actionRefused';
  return undefined;
}
