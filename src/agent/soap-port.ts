/**
 * The CentralPort over SOAP: a `soap` client built from the central's ?wsdl, WS-Security
 * UsernameToken (PasswordText) with the agent's credential. Faults come back as EtmsErrors with
 * their code; a central that cannot be reached is ETMS_E_CENTRAL_UNAVAILABLE.
 */
import * as soap from 'soap';
import { EtmsError } from '../errors.js';
import type { LeasedRequest, ReportErrorResult, SubmitTranscriptResult } from '../central/exchange-types.js';
import type { CentralPort } from './central-port.js';
import { centralUnavailable } from './errors.js';
import type { RemotePortOptions } from './rest-port.js';

type AsyncMethod = (args: unknown, options?: Record<string, unknown>) => Promise<[unknown, ...unknown[]]>;

function faultOf(error: unknown): { code?: string; message?: string; status?: number } | undefined {
  const root = (
    error as {
      root?: { Envelope?: { Body?: { Fault?: { detail?: { EtmsFault?: Record<string, unknown> } } } } };
    }
  ).root;
  const fault = root?.Envelope?.Body?.Fault?.detail?.EtmsFault;
  if (!fault) return undefined;
  const text = (v: unknown) =>
    v && typeof v === 'object' && '$value' in v
      ? String((v as { $value: unknown }).$value)
      : v === undefined
        ? undefined
        : String(v);
  const status = Number(text(fault.status));
  return {
    code: text(fault.code),
    message: text(fault.message),
    status: Number.isFinite(status) ? status : undefined,
  };
}

const asArray = <T>(v: T | T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/** Values the soap client parsed from text: strings stay strings, numbers and booleans as the WSDL says. */
function leased(raw: Record<string, unknown>): LeasedRequest {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'attributes' || v === null || v === undefined) continue;
    out[k] = k === 'attempts' ? Number(v) : String(v);
  }
  return out as unknown as LeasedRequest;
}

export function createSoapPort(options: RemotePortOptions): CentralPort {
  const endpoint = `${options.url.replace(/\/+$/, '')}/soap/exchange`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let client: Promise<soap.Client> | undefined;

  function getClient(): Promise<soap.Client> {
    client ??= soap
      .createClientAsync(`${endpoint}?wsdl`, { wsdl_options: { timeout: timeoutMs } }, endpoint)
      .then((c) => {
        c.setSecurity(
          new soap.WSSecurity(options.credentialId, options.secret, {
            passwordType: 'PasswordText',
            hasTimeStamp: false,
            hasNonce: false,
          }),
        );
        return c;
      })
      .catch((error: unknown) => {
        client = undefined; // try the WSDL again on the next call
        throw centralUnavailable(`cannot load ${endpoint}?wsdl: ${(error as Error).message}`, error);
      });
    return client;
  }

  async function call<T>(operation: string, args: Record<string, unknown>): Promise<T> {
    const c = await getClient();
    const method = (c as unknown as Record<string, AsyncMethod>)[`${operation}Async`];
    try {
      const [result] = await method.call(c, args, { timeout: timeoutMs });
      return (result ?? {}) as T;
    } catch (error) {
      const fault = faultOf(error);
      if (fault?.code) {
        const status = fault.status ?? 500;
        if (status >= 500)
          throw centralUnavailable(`${operation} answered ${fault.code}: ${fault.message ?? ''}`, error);
        throw new EtmsError(fault.code, fault.message ?? fault.code, { status });
      }
      throw centralUnavailable(`${operation}: ${(error as Error).message}`, error);
    }
  }

  return {
    transport: 'soap',
    async lease(max, o) {
      const result = await call<{ leaseSeconds: number; request?: unknown }>('LeasePendingRequests', {
        owner: o.owner,
        max,
        includeEndOfTerm: o.includeEndOfTerm,
        ...(o.leaseSeconds ? { leaseSeconds: o.leaseSeconds } : {}),
      });
      return asArray(result.request as Record<string, unknown> | Record<string, unknown>[]).map(leased);
    },
    async submitTranscript(s) {
      const r = await call<Record<string, unknown>>('SubmitTranscript', {
        referenceNumber: s.referenceNumber,
        owner: s.owner,
        studentNumber: s.studentNumber,
        submissionKey: s.submissionKey,
        transcriptBase64: Buffer.from(s.xml).toString('base64'),
        pinned: s.pinned,
      });
      return {
        referenceNumber: String(r.referenceNumber),
        status: String(r.status) as SubmitTranscriptResult['status'],
        transcriptId: Number(r.transcriptId),
        version: Number(r.version),
        created: r.created === true || r.created === 'true',
      };
    },
    async reportError(r) {
      const out = await call<Record<string, unknown>>('ReportAutoProcessError', {
        referenceNumber: r.referenceNumber,
        owner: r.owner,
        reasonCode: r.reasonCode,
        reasonFr: r.reasonFr,
        reasonEn: r.reasonEn,
        ...(r.matchResult !== undefined ? { matchResultJson: JSON.stringify(r.matchResult) } : {}),
      });
      return {
        referenceNumber: String(out.referenceNumber),
        status: String(out.status) as ReportErrorResult['status'],
      };
    },
    async release(r) {
      const out = await call<Record<string, unknown>>('ReleaseLease', {
        referenceNumber: r.referenceNumber,
        owner: r.owner,
        ...(r.delaySeconds !== undefined ? { delaySeconds: r.delaySeconds } : {}),
        ...(r.failed !== undefined ? { failed: r.failed } : {}),
        ...(r.error ? { error: r.error.slice(0, 1000) } : {}),
      });
      return { released: out.released === true || out.released === 'true' };
    },
    async close() {},
  };
}
