/**
 * The CentralPort over SOAP 1.1 (document/literal, the central's WSDL at /soap/exchange?wsdl) with
 * WS-Security UsernameToken (PasswordText) carrying the agent's credential. The agent knows its
 * seven operations, so it writes their envelopes itself and reads the answers with one XML parse,
 * on kept-alive connections: the generic `soap` client (WSDL-driven serialisation, axios) cost
 * several milliseconds of CPU per call on the agent's hot path. Clients written from the WSDL alone
 * are tested against the same endpoint. Faults come back as EtmsErrors with their code; a central
 * that cannot be reached, or answers 5xx, is ETMS_E_CENTRAL_UNAVAILABLE.
 */
import http from 'node:http';
import https from 'node:https';
import { XMLParser } from 'fast-xml-parser';
import { errorFromWire } from '../errors.js';
import { escapeXml } from '../text/escape.js';
import type { LeasedRequest, ReportErrorResult, SubmitTranscriptResult } from '../exchange/contract.js';
import {
  batchOwner,
  submissionFields,
  type CentralPort,
  type ErrorReport,
  type ItemOutcome,
} from './central-port.js';
import { centralUnavailable } from './errors.js';
import { outcomeOf } from '../exchange/outcomes.js';
import type { RemotePortOptions } from './rest-port.js';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const EXCHANGE = 'urn:ca:on:etms:exchange:v1';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PASSWORD_TEXT =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
/** Answers larger than this are not read (a lease of 100 requests is a few hundred KB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

type Value = string | number | boolean | undefined;
/** A child element: a value, or repeated elements each with their own children (a batch's items). */
type Child = Value | Array<Record<string, Value>>;

function elements(values: Record<string, Child>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) out += `<x:${name}>${elements(item)}</x:${name}>`;
    else out += `<x:${name}>${escapeXml(String(value))}</x:${name}>`;
  }
  return out;
}

/** The envelope of one operation: its element in the exchange namespace, one child per value given. */
export function soapEnvelope(
  operation: string,
  values: Record<string, Child>,
  credential: { id: string; secret: string },
): string {
  const body = elements(values);
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_ENV}" xmlns:x="${EXCHANGE}">` +
    `<soap:Header><wsse:Security xmlns:wsse="${WSSE}" soap:mustUnderstand="1"><wsse:UsernameToken>` +
    `<wsse:Username>${escapeXml(credential.id)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_TEXT}">${escapeXml(credential.secret)}</wsse:Password>` +
    '</wsse:UsernameToken></wsse:Security></soap:Header>' +
    `<soap:Body><x:${operation}>${body}</x:${operation}></soap:Body></soap:Envelope>`
  );
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (name, jpath) =>
    (name === 'request' && String(jpath).endsWith('LeasePendingRequestsResponse.request')) ||
    (name === 'result' && /(SubmitTranscripts|ReportAutoProcessErrors)Response\.result$/.test(String(jpath))),
});

type Tree = Record<string, unknown>;

function answerBody(xml: string): Tree | undefined {
  // Entities beyond the five predefined ones are never expanded: an answer with a DTD is refused.
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  try {
    const tree = parser.parse(xml) as Tree;
    return ((tree.Envelope as Tree | undefined)?.Body as Tree | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'object' ? undefined : String(v);

function leased(raw: Tree): LeasedRequest {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const t = text(v);
    if (t === undefined) continue;
    out[k] = k === 'attempts' ? Number(t) : t;
  }
  return out as unknown as LeasedRequest;
}

function reportElements(r: ErrorReport): Record<string, Value> {
  return {
    referenceNumber: r.referenceNumber,
    reasonCode: r.reasonCode,
    reasonFr: r.reasonFr,
    reasonEn: r.reasonEn,
    matchResultJson: r.matchResult !== undefined ? JSON.stringify(r.matchResult) : undefined,
  };
}

const submitted = (r: Tree): SubmitTranscriptResult => ({
  referenceNumber: String(text(r.referenceNumber)),
  status: String(text(r.status)) as SubmitTranscriptResult['status'],
  transcriptId: Number(text(r.transcriptId)),
  version: Number(text(r.version)),
  created: text(r.created) === 'true',
});

const reported = (r: Tree): ReportErrorResult => ({
  referenceNumber: String(text(r.referenceNumber)),
  status: String(text(r.status)) as ReportErrorResult['status'],
});

/** A batch answer's results, one per item sent, faults as the EtmsErrors a single call throws. */
function results<T>(response: Tree, expected: number, read: (r: Tree) => T): ItemOutcome<T>[] {
  const list = (response.result as Tree[] | undefined) ?? [];
  if (list.length !== expected)
    throw centralUnavailable(`the batch answer holds ${list.length} results for ${expected} items`);
  return list.map((r) => {
    const fault = r.fault as Tree | undefined;
    if (!fault) return { ok: true, value: read(r) };
    const status = Number(text(fault.status));
    return outcomeOf<T & { referenceNumber: string }>({
      referenceNumber: String(text(r.referenceNumber)),
      fault: {
        code: String(text(fault.code)),
        message: text(fault.message) ?? '',
        status: Number.isFinite(status) ? status : 500,
      },
    });
  });
}

interface Answer {
  status: number;
  body: string;
}

export function createSoapPort(options: RemotePortOptions): CentralPort {
  const endpoint = new URL(`${options.url.replace(/\/+$/, '')}/soap/exchange`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secure = endpoint.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 64 })
    : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const credential = { id: options.credentialId, secret: options.secret };

  function post(operation: string, envelope: string): Promise<Answer> {
    const payload = Buffer.from(envelope, 'utf8');
    return new Promise<Answer>((resolve, reject) => {
      // A whole-call deadline of our own (a socket timeout only measures silence between packets).
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      };
      const req = (secure ? https : http).request(
        endpoint,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'text/xml; charset=utf-8',
            'content-length': payload.length,
            soapaction: `"${EXCHANGE}/${operation}"`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              req.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(payload);
    });
  }

  async function call(operation: string, values: Record<string, Child>): Promise<Tree> {
    let answer: Answer;
    try {
      answer = await post(operation, soapEnvelope(operation, values, credential));
    } catch (error) {
      throw centralUnavailable(`${operation}: ${(error as Error).message}`, error);
    }
    const body = answerBody(answer.body);
    const fault = (body?.Fault as Tree | undefined)?.detail as Tree | undefined;
    const etms = fault?.EtmsFault as Tree | undefined;
    if (etms) {
      const code = text(etms.code);
      const message = text(etms.message);
      const status = Number(text(etms.status));
      if (code) {
        const httpStatus = Number.isFinite(status) ? status : 500;
        if (httpStatus >= 500) throw centralUnavailable(`${operation} answered ${code}: ${message ?? ''}`);
        throw errorFromWire({ code, message: message ?? code, status: httpStatus });
      }
    }
    const result = body?.[`${operation}Response`];
    if (answer.status !== 200 || !result || typeof result !== 'object') {
      throw centralUnavailable(`${operation} answered HTTP ${answer.status} without its response element`);
    }
    return result as Tree;
  }

  return {
    transport: 'soap',
    async lease(max, o) {
      const result = await call('LeasePendingRequests', {
        owner: o.owner,
        max,
        includeEndOfTerm: o.includeEndOfTerm,
        leaseSeconds: o.leaseSeconds || undefined,
      });
      return ((result.request as Tree[] | undefined) ?? []).map(leased);
    },
    async submitTranscript(s) {
      return submitted(await call('SubmitTranscript', { ...submissionFields(s), owner: s.owner }));
    },
    async reportError(r) {
      return reported(await call('ReportAutoProcessError', { ...reportElements(r), owner: r.owner }));
    },
    async release(r) {
      const out = await call('ReleaseLease', {
        referenceNumber: r.referenceNumber,
        owner: r.owner,
        delaySeconds: r.delaySeconds,
        failed: r.failed,
        error: r.error ? r.error.slice(0, 1000) : undefined,
      });
      return { released: text(out.released) === 'true' };
    },
    async submitTranscripts(submissions) {
      const out = await call('SubmitTranscripts', {
        owner: batchOwner(submissions),
        submission: submissions.map(submissionFields),
      });
      return results(out, submissions.length, submitted);
    },
    async reportErrors(reports) {
      const out = await call('ReportAutoProcessErrors', {
        owner: batchOwner(reports),
        report: reports.map(reportElements),
      });
      return results(out, reports.length, reported);
    },
    async close() {
      agent.destroy();
    },
  };
}
