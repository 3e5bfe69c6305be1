/**
 * The SOAP 1.1 binding (document/literal, WS-I Basic Profile). The envelope is read by us, not by a
 * generic SOAP stack: the body is read with a cap on its decoded size, and only its first few KB
 * until the WS-Security UsernameToken of the header has been verified; any DTD is refused; the
 * envelope's version, mustUnderstand headers, operation element and SOAPAction are checked
 * (soap-envelope.ts); the operation runs on the same schemas as REST; every fault is a SOAP 1.1
 * fault with the stable code in its detail, answered with HTTP 500 (WS-I R1126) except the refusals
 * made before the envelope is read (media type and content encoding 415, size 413: WS-I R1125,
 * R1115). SubmitPescTranscriptRequest carries a PESC Transcript Request document as the Body's
 * element and is filed by the REST route's code (pesc-intake.ts); the real PESC schemas the WSDL
 * imports are served under /soap/pesc/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express, Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { Forbidden, Internal, isEtmsError, type EtmsError } from '../errors.js';
import type { ExchangeService } from '../exchange/service.js';
import type { Caller } from '../exchange/contract.js';
import { credentialGate, retryAfterOf } from './credential-gate.js';
import { bodiesInFlight, readBody, refuseDoctype, type BodyGate } from './body.js';
import {
  BodyTooLarge,
  MalformedMessage,
  TooLargeBeforeAuthentication,
  Unauthenticated,
  UnsupportedEncoding,
  UnsupportedMediaType,
} from './errors.js';
import { SOAP_OPERATIONS, type Operation } from './operations.js';
import { checkInput, checkOutput } from './validate.js';
import { EXCHANGE_NAMESPACE, PESC_SCHEMA_PATH, SOAP_PATH, exchangeFiles, servedWsdl } from './wsdl.js';
import {
  ActionMismatch,
  argumentsOf,
  checkEnvelope,
  faultCodeOf,
  operationElement,
  parseXmlElement,
  standaloneXml,
  usernameToken,
  type XmlElement,
} from './soap-envelope.js';
import { REPEATED_ELEMENTS, documentEnvelope, faultEnvelope, responseEnvelope } from './soap-writer.js';
import { PESC_OPERATION, filePescRequest } from './pesc-intake.js';
import { parseEnvelope } from './envelope-parse.js';
import { REQUEST_NAMESPACE } from '../pesc/request.js';
import { schemaDirectory } from '../transcript/schema.js';
import { noteAnswerFault } from '../log.js';

export { faultEnvelope };

/** Bytes of an envelope read before its credential is verified: the header must come within them. */
export const PRE_AUTH_BYTES = 8 * 1024;

function toEtmsError(ctx: AppContext, error: unknown): EtmsError {
  if (isEtmsError(error)) return error;
  ctx.log.error({ err: error }, 'SOAP exchange call failed');
  return Internal();
}

/** The envelope's text: UTF-8, or UTF-16 with its byte order mark or charset (WS-I R1012). */
export function decodeEnvelope(bytes: Buffer, contentType: string | undefined, partial = false): string {
  const charset = /charset\s*=\s*"?([\w-]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  let encoding = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (charset === 'utf-16' || charset === 'utf-16be') encoding = 'utf-16be';
  else if (charset === 'utf-16le') encoding = 'utf-16le';
  else if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii')
    throw UnsupportedEncoding(`charset=${charset}`);
  try {
    return new TextDecoder(encoding, { fatal: !partial }).decode(bytes);
  } catch {
    throw MalformedMessage(`the envelope is not valid ${encoding.toUpperCase()}`);
  }
}

/** The caller named by the header's UsernameToken, read from the start of the envelope. */
async function authenticate(
  ctx: AppContext,
  head: string,
  complete: boolean,
  address: string | undefined,
): Promise<Caller | undefined> {
  const body = /<([A-Za-z_][\w.-]*:)?Body[\s>/]/.exec(head);
  if (!body && !complete) return undefined;
  refuseDoctype(head);
  let text = head;
  if (body) {
    const root = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
    text = `${head.slice(0, body.index)}</${root?.[1] ?? 'Envelope'}>`;
  }
  const { header } = checkEnvelope(parseXmlElement(text));
  const credential = usernameToken(header);
  const gate = credentialGate(ctx);
  if (!credential)
    throw await gate.fail(address, Unauthenticated('no WS-Security UsernameToken in the SOAP header'));
  if (credential.otherType)
    throw await gate.fail(
      address,
      Unauthenticated(
        `the UsernameToken Password is of Type ${credential.otherType.slice(0, 200)}; this service takes PasswordText, the secret itself (over TLS)`,
      ),
    );
  return gate.verify(address, credential.id, credential.secret);
}

/** SOAP arguments → the operation's input (the same schema as REST, with XML text coerced). */
function soapInput(op: Operation, args: Record<string, unknown>): Record<string, unknown> {
  const input = { ...args };
  // A batch's items are repeated elements named in the singular; JSON names the list in the plural.
  for (const [list, element] of Object.entries(REPEATED_ELEMENTS)) {
    if (element in input) {
      const items = input[element];
      input[list] = Array.isArray(items) ? items : [items];
      delete input[element];
    }
  }
  checkInput('soap', op.name, op.input, input);
  return input;
}

/**
 * The media types an envelope is read in: SOAP 1.1's own `text/xml` (WS-I R1111), `application/xml`,
 * and `application/soap+xml`, SOAP 1.2's, which some clients send: the envelope then decides, a
 * SOAP 1.2 one getting the VersionMismatch fault (as SOAP 1.2 Appendix A says a SOAP 1.1 node
 * answers one), a SOAP 1.1 one read as if labelled text/xml. Without a Content-Type the body is
 * read as text/xml; any other declared type is refused with 415 before any of the body is read.
 */
export const SOAP_MEDIA_TYPES: readonly string[] = ['text/xml', 'application/xml', 'application/soap+xml'];

export function checkSoapMediaType(contentType: string | undefined): void {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== '' && !SOAP_MEDIA_TYPES.includes(type))
    throw UnsupportedMediaType(contentType ?? '', 'text/xml (SOAP 1.1)');
}

/**
 * The actions the message names: its SOAPAction header, and the `action` parameter of an
 * `application/soap+xml` Content-Type (where a client speaking SOAP 1.2's media type puts it). Each
 * may only agree with the body's operation.
 */
export function declaredActions(
  soapAction: string | string[] | undefined,
  contentType: string | undefined,
): string[] {
  const actions = soapAction === undefined ? [] : [String(soapAction)];
  const header = contentType ?? '';
  const semicolon = header.indexOf(';');
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  if (type !== 'application/soap+xml' || semicolon === -1) return actions;
  // RFC 9110 parameters: `; name=token` or `; name="quoted string"` (which may hold a `;`).
  const parameter = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const [, name, value] of header.slice(semicolon).matchAll(parameter)) {
    if (name.toLowerCase() !== 'action') continue;
    const quoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
    actions.push(quoted ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value.trim());
  }
  return actions;
}

/** Refusals made before the envelope is read: answered with their own HTTP status, not 500. */
const HTTP_LEVEL = [BodyTooLarge, TooLargeBeforeAuthentication, UnsupportedMediaType, UnsupportedEncoding];

export function soapBodyLimit(ctx: AppContext): number {
  // base64 grows a transcript by a third, plus the envelope.
  return Math.ceil(ctx.config.upload.maxBytes * 1.4) + 64 * 1024;
}

/** The address the WSDL gives: the configured public URL, or the address the request came in on. */
function serviceAddress(ctx: AppContext, req: Request): string {
  const configured = ctx.config.http.publicUrl;
  if (configured) return `${configured.replace(/\/+$/, '')}${SOAP_PATH}`;
  const { localAddress, localPort } = req.socket;
  const host = localAddress?.includes(':') ? `[${localAddress.replace(/^::ffff:/, '')}]` : localAddress;
  const plain = localAddress?.startsWith('::ffff:') ? localAddress.slice(7) : host;
  return `http://${plain ?? 'localhost'}:${localPort ?? ctx.config.http.port}${SOAP_PATH}`;
}

/** Reads no further than PRE_AUTH_BYTES until the header's credential is verified. */
function soapGate(
  ctx: AppContext,
  contentType: string | undefined,
  address: string | undefined,
  authenticated: (caller: Caller) => void,
): BodyGate {
  return {
    limit: PRE_AUTH_BYTES,
    open(head, complete) {
      const text = decodeEnvelope(head, contentType, !complete);
      if (!complete && !/<([A-Za-z_][\w.-]*:)?Body[\s>/]/.test(text)) return undefined;
      return authenticate(ctx, text, complete, address).then((caller) => {
        if (caller) authenticated(caller);
      });
    },
    tooLarge: () => TooLargeBeforeAuthentication(PRE_AUTH_BYTES),
  };
}

/**
 * The Body's PESC Transcript Request, when it holds one (SubmitPescTranscriptRequest: the operation is
 * the document's own element, as the WSDL says); the actions the message names may only agree.
 */
function pescRequestElement(
  body: XmlElement | undefined,
  actions: readonly string[],
): XmlElement | undefined {
  const only = body?.children.length === 1 ? body.children[0] : undefined;
  if (only?.ns !== REQUEST_NAMESPACE || only.local !== 'TranscriptRequest') return undefined;
  const expected = `${EXCHANGE_NAMESPACE}/${PESC_OPERATION}`;
  for (const soapAction of actions) {
    const action = soapAction.trim().replace(/^"(.*)"$/, '$1');
    if (action !== '' && action !== expected && action !== PESC_OPERATION)
      throw ActionMismatch(action, PESC_OPERATION, expected);
  }
  return only;
}

/** The real PESC schemas the WSDL imports, by file name (wsdl/pesc/, unedited). */
let pescSchemas: Map<string, string> | undefined;
function pescSchema(file: string): string | undefined {
  if (!pescSchemas) {
    const dir = join(schemaDirectory(), 'pesc');
    pescSchemas = new Map(
      readdirSync(dir)
        .filter((f) => f.endsWith('.xsd'))
        .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    );
  }
  return pescSchemas.get(file);
}

const OPERATION_NAMES = new Set(SOAP_OPERATIONS.map((o) => o.name));
const BY_NAME = new Map(SOAP_OPERATIONS.map((o) => [o.name as string, o]));

export function mountSoap(app: Express, ctx: AppContext, service: ExchangeService): void {
  const limit = soapBodyLimit(ctx);
  const sendFault = (res: Response, error: EtmsError) => {
    const retryAfter = retryAfterOf(error);
    if (retryAfter) res.setHeader('Retry-After', retryAfter);
    // WS-I Basic Profile R1126: a fault is answered with HTTP 500, save a message refused before
    // its envelope was read (R1125: 4xx); the access log is told whose fault it is.
    const faultCode = faultCodeOf(error);
    noteAnswerFault(res, { side: faultCode === 'Server' ? 'server' : 'client', code: error.code });
    if (UnsupportedMediaType.is(error)) res.set('Accept', SOAP_MEDIA_TYPES.join(', '));
    res
      .status(HTTP_LEVEL.some((kind) => kind.is(error)) ? error.status : 500)
      .type('text/xml; charset=utf-8')
      .send(faultEnvelope(faultCode, error.code, error.message, error.status));
  };

  app.get(SOAP_PATH, (req, res) => {
    if ('wsdl' in req.query || 'WSDL' in req.query) {
      res.type('text/xml; charset=utf-8').send(servedWsdl(serviceAddress(ctx, req)));
      return;
    }
    if ('xsd' in req.query) {
      res.type('text/xml; charset=utf-8').send(exchangeFiles().xsd);
      return;
    }
    res
      .status(405)
      .set('Allow', 'POST')
      .type('text/plain')
      .send(`POST SOAP 1.1 envelopes here; the WSDL is at ${SOAP_PATH}?wsdl.\n`);
  });

  app.get(`${PESC_SCHEMA_PATH}/:file`, (req, res) => {
    const schema = pescSchema(String(req.params.file));
    if (schema === undefined) {
      res.status(404).type('text/plain').send('No such schema; the WSDL names the ones served here.\n');
      return;
    }
    res.type('text/xml; charset=utf-8').send(schema);
  });

  app.post(SOAP_PATH, async (req, res) => {
    let caller: Caller | undefined;
    try {
      credentialGate(ctx).admit(req.ip);
      const contentType = req.headers['content-type'];
      checkSoapMediaType(contentType);
      // Counted from the moment the credential is known: its bodies in flight are bounded.
      let end: (() => void) | undefined;
      let raw: Buffer;
      try {
        raw = await readBody(
          req,
          limit,
          soapGate(ctx, contentType, req.ip, (c) => {
            end = bodiesInFlight(ctx).start(c.credentialId);
            caller = c;
          }),
        );
      } finally {
        end?.();
      }
      const text = decodeEnvelope(raw, contentType);
      refuseDoctype(text);
      if (text.trim() === '') throw MalformedMessage('the body is empty; send a SOAP 1.1 envelope');
      const { body } = checkEnvelope(await parseEnvelope(text));
      const actions = declaredActions(req.headers.soapaction, contentType);
      const pesc = pescRequestElement(body, actions);
      if (pesc) {
        if (!caller) throw Unauthenticated('no WS-Security UsernameToken in the SOAP header');
        const document = Buffer.from(standaloneXml(pesc), 'utf8');
        const { xml } = await filePescRequest(ctx, service, caller, document, undefined);
        res.status(200).type('text/xml; charset=utf-8').send(documentEnvelope(xml));
        return;
      }
      const element = operationElement(body, EXCHANGE_NAMESPACE, OPERATION_NAMES, actions[0]);
      for (const action of actions.slice(1))
        operationElement(body, EXCHANGE_NAMESPACE, OPERATION_NAMES, action);
      const op = BY_NAME.get(element.local)!;
      if (!caller) throw Unauthenticated('no WS-Security UsernameToken in the SOAP header');
      if (!op.kinds.includes(caller.kind)) throw Forbidden({ operation: op.name, credential: caller.kind });
      const input = soapInput(op, argumentsOf(element, EXCHANGE_NAMESPACE));
      const output = (await op.run(service, caller, input)) as Record<string, unknown>;
      checkOutput(op.name, op.output, output);
      res
        .status(200)
        .type('text/xml; charset=utf-8')
        .send(responseEnvelope(op.name, op.output, output));
    } catch (error) {
      // A message refused before its credential was verified is not read any further.
      if (!caller) res.set('Connection', 'close');
      sendFault(res, toEtmsError(ctx, error));
    }
  });
}
