/**
 * Writing a SOAP 1.1 response: the operation's output element with its children in the order the
 * schema lists them (the XSD's xsd:sequence), lists as repeated elements named in the singular.
 */
import { escapeXml } from '../text/escape.js';
import { SCHEMA_TABLE } from '../exchange/schemas.js';
import { SOAP11_NAMESPACE } from './soap-envelope.js';
import { EXCHANGE_NAMESPACE } from './wsdl.js';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; type?: string };

/** JSON lists and the repeated element that carries each item in XML. */
export const REPEATED_ELEMENTS: Readonly<Record<string, string>> = {
  requests: 'request',
  results: 'result',
  submissions: 'submission',
  reports: 'report',
};

function resolved(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = SCHEMA_TABLE[s.$ref.replace('#/components/schemas/', '')] as Schema;
  return s;
}

function scalar(value: unknown): string {
  return escapeXml(typeof value === 'string' ? value : String(value));
}

function children(schema: Schema, value: Record<string, unknown>): string {
  const s = resolved(schema);
  let out = '';
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    const p = resolved(property);
    if (Array.isArray(v)) {
      const element = REPEATED_ELEMENTS[name] ?? name;
      for (const item of v) out += element_(element, p.items ?? {}, item);
    } else out += element_(name, p, v);
  }
  return out;
}

function element_(name: string, schema: Schema, value: unknown): string {
  const s = resolved(schema);
  const inner =
    value !== null && typeof value === 'object' && s.properties
      ? children(s, value as Record<string, unknown>)
      : scalar(value);
  return `<e:${name}>${inner}</e:${name}>`;
}

/** The response envelope of an operation whose output schema is `schema`. */
export function responseEnvelope(operation: string, schema: string, output: Record<string, unknown>): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP11_NAMESPACE}" xmlns:e="${EXCHANGE_NAMESPACE}"><soap:Body>` +
    `<e:${operation}Response>${children({ $ref: schema }, output)}</e:${operation}Response>` +
    '</soap:Body></soap:Envelope>'
  );
}

/** A SOAP 1.1 fault envelope whose detail carries the stable code. */
export function faultEnvelope(faultcode: string, code: string, message: string, status: number): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP11_NAMESPACE}"><soap:Body><soap:Fault>` +
    `<faultcode>soap:${faultcode}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
    `<detail><etms:EtmsFault xmlns:etms="${EXCHANGE_NAMESPACE}"><etms:code>${escapeXml(code)}</etms:code><etms:message>${escapeXml(message)}</etms:message><etms:status>${status}</etms:status></etms:EtmsFault></detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}

/** The response envelope of an operation whose answer is a document of its own (a PESC response). */
export function documentEnvelope(document: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP11_NAMESPACE}"><soap:Body>` +
    document.replace(/^<\?xml[^>]*\?>\s*/, '').trim() +
    '</soap:Body></soap:Envelope>'
  );
}
