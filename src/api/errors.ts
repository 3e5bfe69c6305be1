/** Error codes of the web bindings (authentication, body limits, hostile XML). */
import { defineError } from '../errors.js';

export const Unauthenticated = defineError(
  'ETMS_E_UNAUTHENTICATED',
  401,
  (how: string) =>
    `No valid machine credential was presented (${how}). Send the credential id and secret issued by \`etms credential create\`.`,
);
export const BodyTooLarge = defineError(
  'ETMS_E_BODY_TOO_LARGE',
  413,
  (max: number) =>
    `The request body is larger than ${max} bytes once decompressed, the most this address reads; nothing was recorded: send a smaller body.`,
);
export const TooLargeBeforeAuthentication = defineError(
  'ETMS_E_CREDENTIAL_FIRST',
  413,
  (max: number) =>
    `No verified credential was found in the first ${max} bytes of the message, and no more is read before one is: put the WS-Security header (or the Authorization header) before the body.`,
);
export const UnsupportedEncoding = defineError(
  'ETMS_E_UNSUPPORTED_ENCODING',
  415,
  (encoding: string) =>
    `The content encoding "${encoding}" is not accepted; send the body plain, gzip or deflate.`,
);
/** A body in a media type the operation does not read (RFC 9110 §15.5.16); `details.accept` names the one it reads. */
export const UnsupportedMediaType = defineError(
  'ETMS_E_UNSUPPORTED_MEDIA_TYPE',
  415,
  (sent: string, accepted: string) => ({
    message: `The body is sent as ${sent.slice(0, 100) || 'no media type'}, which this operation does not read; nothing was recorded: send it as ${accepted}.`,
    details: { accept: accepted },
  }),
);
export const DoctypeRefused = defineError(
  'ETMS_E_XML_DOCTYPE',
  400,
  () => 'XML with a DOCTYPE or ENTITY declaration is refused: send the message without a DTD.',
);
export const MessageTooDeep = defineError(
  'ETMS_E_XML_TOO_DEEP',
  400,
  (max: number, line: number) =>
    `The message nests elements more than ${max} levels deep (line ${line}), which no exchange message does; it was not read: send the elements the WSDL describes.`,
);
export const MessageTooComplex = defineError(
  'ETMS_E_XML_TOO_COMPLEX',
  400,
  (what: string, line: number) =>
    `The message has ${what} (line ${line}), which no exchange message has; it was not read: send the elements and attributes the WSDL describes.`,
);
export const MalformedMessage = defineError(
  'ETMS_E_MALFORMED_MESSAGE',
  400,
  (what: string) => `The message cannot be read: ${what}.`,
);
export const UnknownCredentialKind = defineError(
  'ETMS_E_CREDENTIAL_INVALID',
  400,
  (what: string) => `The credential cannot be created: ${what}.`,
);
export const MethodNotAllowed = defineError(
  'ETMS_E_METHOD_NOT_ALLOWED',
  405,
  (method: string, allowed: string[]) =>
    `${method.slice(0, 20)} is not allowed here; use ${allowed.join(' or ')} (see the Allow header).`,
);
export const NoSuchOperation = defineError(
  'ETMS_E_NO_SUCH_OPERATION',
  404,
  (docs: string) => `No such operation; see ${docs}.`,
);
export const BodiesBusy = defineError(
  'ETMS_E_CREDENTIAL_BUSY',
  429,
  (max: number, retryAfterSeconds: number) => ({
    message: `This credential already has ${max} messages being received; nothing was recorded: wait for their answers, then send this one again.`,
    details: { retryAfterSeconds },
  }),
);
/** Large SOAP envelopes and PESC requests are read off the thread that answers, a few at a time: more wait, then are refused. */
export const ExchangeBusy = defineError(
  'ETMS_E_EXCHANGE_BUSY',
  503,
  () =>
    'Too many large messages are being read right now; nothing was recorded: send this one again in a minute.',
);
