/**
 * The SOAP 1.1 binding (document/literal) with the `soap` package. The POST route is ours: the body
 * is read with a cap on its decoded size, any DTD is refused and the envelope checked for
 * well-formedness before the soap server parses it; the soap server then dispatches to the same
 * operations as REST. WS-Security UsernameToken (PasswordText) is verified here, per call.
 */
import type { Express, Request, Response } from 'express';
import * as soap from 'soap';
import { XMLValidator } from 'fast-xml-parser';
import type { AppContext } from '../context.js';
import { escapeXml } from '../text/escape.js';
import { Forbidden, Internal, isEtmsError, type EtmsError } from '../errors.js';
import type { ExchangeService } from '../exchange/service.js';
import { verifyCredential } from './credentials.js';
import { readBody, refuseDoctype } from './body.js';
import { MalformedMessage, Unauthenticated } from './errors.js';
import { OPERATIONS, type Operation } from './operations.js';
import { checkInput } from './validate.js';
import { EXCHANGE_NAMESPACE, SOAP_PATH, exchangeFiles, servedWsdl } from './wsdl.js';

/** A SOAP 1.1 fault envelope whose detail carries the stable code. */
export function faultEnvelope(code: string, message: string, status: number): string {
  const client = status < 500;
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
    `<faultcode>soap:${client ? 'Client' : 'Server'}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
    `<detail><etms:EtmsFault xmlns:etms="${EXCHANGE_NAMESPACE}"><etms:code>${escapeXml(code)}</etms:code><etms:message>${escapeXml(message)}</etms:message><etms:status>${status}</etms:status></etms:EtmsFault></detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}

/**
 * Per call, the route hands the soap server a fresh `connection` object; a method that fails leaves
 * its EtmsError there and the route writes the fault with the stable code itself.
 */
interface CallHolder {
  remoteAddress?: string;
  fault?: EtmsError;
}

function toEtmsError(ctx: AppContext, error: unknown): EtmsError {
  if (isEtmsError(error)) return error;
  ctx.log.error({ err: error }, 'SOAP exchange call failed');
  return Internal();
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '$value' in value)
    return String((value as { $value: unknown }).$value);
  return undefined;
}

async function callerFrom(ctx: AppContext, headers: unknown) {
  const security = (
    headers as { Security?: { UsernameToken?: { Username?: unknown; Password?: unknown } } } | undefined
  )?.Security;
  const token = security?.UsernameToken;
  const id = textOf(token?.Username);
  const secret = textOf(token?.Password);
  if (!id || !secret) throw Unauthenticated('no WS-Security UsernameToken in the SOAP header');
  const caller = await verifyCredential(ctx.store, id.trim(), secret.trim());
  if (!caller) throw Unauthenticated('unknown, revoked or wrong credential');
  return caller;
}

const BATCH_ITEMS = [
  ['submission', 'submissions'],
  ['report', 'reports'],
] as const;

/** SOAP arguments → the operation's input (the same schema as REST, with XML text coerced). */
function soapInput(op: Operation, args: unknown): Record<string, unknown> {
  const input = { ...((args ?? {}) as Record<string, unknown>) };
  delete input.attributes;
  // A batch's items are repeated elements named in the singular; JSON names the list in the plural.
  for (const [element, list] of BATCH_ITEMS) {
    if (element in input) {
      input[list] = input[element];
      delete input[element];
    }
  }
  checkInput('soap', op.name, op.input, input);
  return input;
}

/** The operation's output in the shape of its response element. */
function soapOutput(op: Operation, output: Record<string, unknown>): Record<string, unknown> {
  if (op.name === 'LeasePendingRequests') {
    const { leaseSeconds, requests } = output as { leaseSeconds: number; requests: unknown[] };
    return { leaseSeconds, request: requests };
  }
  if (op.name === 'SubmitTranscripts' || op.name === 'ReportAutoProcessErrors') {
    return { result: (output as { results: unknown[] }).results };
  }
  return output;
}

type SoapMethod = (
  args: unknown,
  callback: unknown,
  headers: unknown,
  req: { connection?: CallHolder },
) => Promise<unknown>;

function services(ctx: AppContext, service: ExchangeService): soap.IServices {
  const port: Record<string, SoapMethod> = {};
  for (const op of OPERATIONS) {
    port[op.name] = async (args, _callback, headers, req) => {
      try {
        const caller = await callerFrom(ctx, headers);
        if (!op.kinds.includes(caller.kind)) throw Forbidden({ operation: op.name, credential: caller.kind });
        const output = (await op.run(service, caller, soapInput(op, args))) as Record<string, unknown>;
        return soapOutput(op, output);
      } catch (error) {
        const failure = toEtmsError(ctx, error);
        if (req.connection) req.connection.fault = failure;
        throw {
          Fault: { faultcode: 'soap:Client', faultstring: failure.message, statusCode: failure.status },
        };
      }
    };
  }
  return { EtmsExchangeService: { EtmsExchangePort: port } } as unknown as soap.IServices;
}

function createServer(ctx: AppContext, service: ExchangeService): Promise<soap.Server> {
  return new Promise((resolve, reject) => {
    soap.listen(null, {
      path: SOAP_PATH,
      services: services(ctx, service),
      xml: servedWsdl(`http://localhost${SOAP_PATH}`),
      suppressStack: true,
      callback: (err: unknown, server: soap.Server) => (err ? reject(err) : resolve(server)),
    });
  });
}

export function soapBodyLimit(ctx: AppContext): number {
  // base64 grows a transcript by a third, plus the envelope.
  return Math.ceil(ctx.config.upload.maxBytes * 1.4) + 64 * 1024;
}

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function mountSoap(app: Express, ctx: AppContext, service: ExchangeService): void {
  const server = createServer(ctx, service);
  // Only a failed WSDL load rejects; a start must not crash on an unhandled rejection before the first call.
  server.catch((error) => ctx.log.error({ err: error }, 'the exchange WSDL could not be loaded'));
  const limit = soapBodyLimit(ctx);
  const sendFault = (res: Response, error: EtmsError) => {
    res.status(
      error.status >= 500
        ? 500
        : error.status === 401 || error.status === 403 || error.status === 413 || error.status === 415
          ? error.status
          : 500,
    );
    res.type('text/xml; charset=utf-8').send(faultEnvelope(error.code, error.message, error.status));
  };

  app.get(SOAP_PATH, (req, res) => {
    if ('wsdl' in req.query || 'WSDL' in req.query) {
      res.type('text/xml; charset=utf-8').send(servedWsdl(`${baseUrl(req)}${SOAP_PATH}`));
      return;
    }
    if ('xsd' in req.query) {
      res.type('text/xml; charset=utf-8').send(exchangeFiles().xsd);
      return;
    }
    res
      .status(405)
      .type('text/plain')
      .send(`POST SOAP 1.1 envelopes here; the WSDL is at ${SOAP_PATH}?wsdl.\n`);
  });

  app.post(SOAP_PATH, async (req, res) => {
    try {
      const raw = await readBody(req, limit);
      const text = raw.toString('utf8');
      refuseDoctype(text);
      if (text.trim() === '') throw MalformedMessage('the body is empty; send a SOAP 1.1 envelope');
      const wellFormed = XMLValidator.validate(text);
      if (wellFormed !== true)
        throw MalformedMessage(
          `the envelope is not well-formed XML (line ${wellFormed.err.line}: ${wellFormed.err.msg})`,
        );
      const soapServer = await server;
      const holder: CallHolder = { remoteAddress: req.socket.remoteAddress };
      const result = await soapServer.processRequest(text, {
        method: 'POST',
        url: SOAP_PATH,
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          ...(req.headers.soapaction ? { soapaction: String(req.headers.soapaction) } : {}),
        },
        connection: holder,
      });
      if (holder.fault) {
        sendFault(res, holder.fault);
        return;
      }
      if (!result.body.includes('Envelope'))
        throw MalformedMessage('the envelope does not hold one of the exchange operations');
      if (result.statusCode >= 400) {
        // A fault produced by the soap server itself (unknown operation, missing body): give it our code.
        const reason = /<faultstring>([\s\S]*?)<\/faultstring>|<soap:Text>([\s\S]*?)<\/soap:Text>/.exec(
          result.body,
        );
        throw MalformedMessage(
          `the envelope does not hold one of the exchange operations${reason ? ` (${(reason[1] ?? reason[2] ?? '').slice(0, 200)})` : ''}`,
        );
      }
      res.status(200).type('text/xml; charset=utf-8').send(result.body);
    } catch (error) {
      sendFault(res, toEtmsError(ctx, error));
    }
  });
}
