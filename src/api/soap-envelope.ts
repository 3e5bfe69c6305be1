/**
 * Reading a SOAP 1.1 request envelope (document/literal) as the specification and the WSDL say:
 * the Envelope in the SOAP 1.1 namespace (anything else is a VersionMismatch fault), header entries
 * with mustUnderstand="1" understood or refused (MustUnderstand fault), exactly one element in the
 * Body, in the exchange namespace, naming the operation (the SOAPAction header may only agree with
 * it), and every child element qualified (elementFormDefault="qualified").
 */
import { firstNonXmlChar, isXmlChar } from '../text/xml-chars.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { defineError, type EtmsError } from '../errors.js';
import { MalformedMessage, MessageTooComplex, MessageTooDeep } from './errors.js';
import { withoutProcessingInstructions, xmlShapeProblem, type XmlShapeLimits } from '../text/xml-shape.js';
import { escapeXml, escapeXmlAttribute } from '../text/escape.js';

export const SOAP11_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NAMESPACE = 'http://www.w3.org/2003/05/soap-envelope';
export const WSSE_NAMESPACE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const NEXT_ACTOR = 'http://schemas.xmlsoap.org/soap/actor/next';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export const VersionMismatch = defineError(
  'ETMS_E_SOAP_VERSION',
  400,
  (found: string) =>
    `The envelope is not SOAP 1.1 (its namespace is ${found || 'missing'}); send a SOAP 1.1 envelope in ${SOAP11_NAMESPACE}.`,
);
export const NotUnderstood = defineError(
  'ETMS_E_SOAP_MUST_UNDERSTAND',
  400,
  (header: string) =>
    `The header ${header} is marked mustUnderstand="1" but this service does not process it; remove it or its mustUnderstand.`,
);
export const ActionMismatch = defineError(
  'ETMS_E_SOAP_ACTION_MISMATCH',
  400,
  (action: string, operation: string, expected: string) =>
    `The SOAPAction (header, or action of application/soap+xml) is ${action.slice(0, 200)} but the body holds ${operation}, whose SOAPAction is ${expected}; send that SOAPAction (or none).`,
);
export const NoSuchOperation = defineError(
  'ETMS_E_SOAP_OPERATION_UNKNOWN',
  400,
  (what: string) => `The body does not hold one of the exchange operations (${what}); see the WSDL.`,
);

/** Which SOAP 1.1 faultcode an error answers with. */
export function faultCodeOf(error: EtmsError): 'VersionMismatch' | 'MustUnderstand' | 'Client' | 'Server' {
  if (VersionMismatch.is(error)) return 'VersionMismatch';
  if (NotUnderstood.is(error)) return 'MustUnderstand';
  return error.status >= 500 ? 'Server' : 'Client';
}

/**
 * The namespace prefixes in scope: the ones an element declares, then its parent's scope. Looking a
 * prefix up walks at most the nesting depth; nothing is copied, so declarations on many elements
 * cost no more than their number.
 */
interface Scope {
  declared: ReadonlyMap<string, string>;
  parent?: Scope;
}

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const ns = s.declared.get(prefix);
    if (ns !== undefined) return ns;
  }
  return undefined;
}

/**
 * What an envelope may hold, checked in one pass before it is parsed: far above what any exchange
 * message needs (a batch of 100 requests is some 3,000 elements; a PESC Transcript Request nests
 * about ten levels inside the Body), far below what makes parsing slow.
 */
export const ENVELOPE_LIMITS: XmlShapeLimits = {
  maxDepth: 64,
  maxAttributesPerElement: 256,
  maxAttributes: 10_000,
  maxElements: 20_000,
  maxNameLength: 256,
  maxAttributeValueLength: 8 * 1024,
};

const LIMIT_WORDS = {
  attributesPerElement: (max: number) => `more than ${max} attributes on one element`,
  attributes: (max: number) => `more than ${max} attributes`,
  elements: (max: number) => `more than ${max} elements`,
  nameLength: (max: number) => `a name longer than ${max} characters`,
  attributeValueLength: (max: number) => `an attribute value longer than ${max} characters`,
};

/** Refuses an envelope past ENVELOPE_LIMITS, before any parser spends time on it. */
export function checkEnvelopeShape(text: string, limits: XmlShapeLimits = ENVELOPE_LIMITS): void {
  const found = xmlShapeProblem(text, limits);
  if (!found) return;
  if (found.limit === 'depth') throw MessageTooDeep(found.max, found.line);
  if (found.limit === 'malformed')
    throw MalformedMessage(
      `the envelope is not well-formed XML (line ${found.line}: ${found.misplaced === 'declaration' ? 'an XML declaration <?xml …?> may only open the envelope, before anything else' : 'a tag is not well-formed'})`,
    );
  throw MessageTooComplex(LIMIT_WORDS[found.limit](found.max), found.line);
}
type Raw = Record<string, unknown>;

/** An element with its namespace resolved. */
export interface XmlElement {
  ns: string;
  local: string;
  qname: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded below: the five of XML and character references, nothing else.
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  preserveOrder: true,
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name[0] !== '#') {
      const c = PREDEFINED[name];
      if (c === undefined) throw MalformedMessage(`the entity ${whole} is not defined in XML`);
      return c;
    }
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (!isXmlChar(code)) throw MalformedMessage(`the character reference ${whole} is not valid`);
    return String.fromCodePoint(code);
  });
}

/** The XML declaration or a processing instruction: neither is an element of the document. */
const isInstruction = (node: Raw) => Object.keys(node).some((k) => k.startsWith('?'));

function resolve(raw: Raw, inherited: Scope): XmlElement {
  const attrs = (raw[':@'] ?? {}) as Record<string, string>;
  const name = Object.keys(raw).find((k) => k !== ':@')!;
  let scope = inherited;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) {
    const a = key.slice(2);
    if (a === 'xmlns' || a.startsWith('xmlns:')) {
      if (scope === inherited) scope = { declared: new Map(), parent: inherited };
      (scope.declared as Map<string, string>).set(a === 'xmlns' ? '' : a.slice(6), String(value));
    } else attributes[a] = decodeEntities(String(value));
  }
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? '' : name.slice(0, colon);
  const local = colon === -1 ? name : name.slice(colon + 1);
  const declared = lookup(scope, prefix);
  const ns = declared ?? '';
  if (prefix && declared === undefined)
    throw MalformedMessage(`the prefix ${prefix.slice(0, 100)} is not declared`);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (raw[name] ?? []) as Raw[]) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child)
      text += ((child['#cdata'] ?? []) as Raw[]).map((c) => String(c['#text'] ?? '')).join('');
    else if (!isInstruction(child)) children.push(resolve(child, scope));
  }
  // Namespaced attributes keep their prefix; the ones read here (mustUnderstand, actor) are resolved.
  for (const [a, value] of Object.entries(attributes)) {
    const c = a.indexOf(':');
    if (c !== -1) attributes[`{${lookup(scope, a.slice(0, c)) ?? ''}}${a.slice(c + 1)}`] = value;
  }
  return { ns, local, qname: name, attributes, children, text };
}

/**
 * The document element of well-formed XML text, namespaces resolved; text past ENVELOPE_LIMITS is
 * refused before it is parsed. Processing instructions are not elements: wherever XML allows them
 * (before, inside or after the document element) they are passed over, and their free text is
 * never parsed.
 */
export function parseXmlElement(envelope: string): XmlElement {
  checkEnvelopeShape(envelope);
  const notChar = firstNonXmlChar(envelope);
  if (notChar) {
    const line = envelope.slice(0, notChar.index).split('\n').length;
    throw MalformedMessage(`the character ${notChar.code} (line ${line}) is not allowed in XML`);
  }
  const text = withoutProcessingInstructions(envelope);
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true)
    throw MalformedMessage(
      `the envelope is not well-formed XML (line ${wellFormed.err.line}: ${wellFormed.err.msg})`,
    );
  const top = (parser.parse(text) as Raw[]).filter((n) => !isInstruction(n) && !('#text' in n));
  if (top.length !== 1) throw MalformedMessage('the message must hold exactly one root element');
  return resolve(top[0], { declared: new Map([['xml', XML_NAMESPACE]]) });
}

export interface Credential {
  id: string;
  secret: string;
  /** The Password's Type when it is not PasswordText (PasswordDigest, …): the secret is not in it. */
  otherType?: string;
}

/** The WS-Security UsernameToken of the header, if any. */
export function usernameToken(header: XmlElement | undefined): Credential | undefined {
  const security = header?.children.find((c) => c.ns === WSSE_NAMESPACE && c.local === 'Security');
  const token = security?.children.find((c) => c.ns === WSSE_NAMESPACE && c.local === 'UsernameToken');
  const id = token?.children.find((c) => c.ns === WSSE_NAMESPACE && c.local === 'Username')?.text.trim();
  const password = token?.children.find((c) => c.ns === WSSE_NAMESPACE && c.local === 'Password');
  const secret = password?.text.trim();
  // The UsernameToken Profile's default Type is PasswordText; any other carries no secret to compare.
  const type = password?.attributes.Type?.trim();
  const otherType = type && !type.endsWith('#PasswordText') ? type : undefined;
  return id && secret ? { id, secret, ...(otherType ? { otherType } : {}) } : undefined;
}

/** Envelope and Header checks: the version, and every mustUnderstand header understood. */
export function checkEnvelope(envelope: XmlElement): { header?: XmlElement; body?: XmlElement } {
  if (envelope.local !== 'Envelope' || envelope.ns !== SOAP11_NAMESPACE) {
    if (envelope.local === 'Envelope') throw VersionMismatch(envelope.ns);
    throw MalformedMessage(`the root element is ${envelope.local}, not a SOAP Envelope`);
  }
  const parts = envelope.children;
  const header = parts[0]?.ns === SOAP11_NAMESPACE && parts[0].local === 'Header' ? parts[0] : undefined;
  const rest = header ? parts.slice(1) : parts;
  const body = rest[0]?.ns === SOAP11_NAMESPACE && rest[0].local === 'Body' ? rest[0] : undefined;
  for (const entry of header?.children ?? []) {
    const actor = entry.attributes[`{${SOAP11_NAMESPACE}}actor`];
    if (actor !== undefined && actor !== NEXT_ACTOR) continue;
    const must = entry.attributes[`{${SOAP11_NAMESPACE}}mustUnderstand`];
    const understood = entry.ns === WSSE_NAMESPACE && entry.local === 'Security';
    if ((must === '1' || must === 'true') && !understood) throw NotUnderstood(`{${entry.ns}}${entry.local}`);
  }
  return { header, body };
}

/** The body's one operation element, checked against the operations and the SOAPAction header. */
export function operationElement(
  body: XmlElement | undefined,
  namespace: string,
  operations: ReadonlySet<string>,
  soapAction: string | undefined,
): XmlElement {
  if (!body) throw MalformedMessage('the envelope has no SOAP 1.1 Body');
  if (body.children.length === 0) throw NoSuchOperation('the Body is empty');
  if (body.children.length > 1) throw NoSuchOperation('the Body holds more than one element');
  const op = body.children[0];
  if (op.ns !== namespace || !operations.has(op.local))
    throw NoSuchOperation(`{${op.ns || 'no namespace'}}${op.local.slice(0, 100)}`);
  const action = (soapAction ?? '').trim().replace(/^"(.*)"$/, '$1');
  // The WSDL's SOAPAction is namespace/operation; a client that sends the operation's bare name
  // names the same operation, and is served.
  const expected = `${namespace}/${op.local}`;
  if (action !== '' && action !== expected && action !== op.local)
    throw ActionMismatch(action, op.local, expected);
  return op;
}

/**
 * The operation's arguments as a plain object: each child element's text, or for an element with
 * children (a batch item) an object of its own; repeated elements become arrays. Every element must
 * be in the exchange namespace.
 */
export function argumentsOf(element: XmlElement, namespace: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of element.children) {
    if (child.ns !== namespace)
      throw MalformedMessage(
        `the element ${child.local.slice(0, 100)} must be qualified in ${namespace} (elementFormDefault="qualified")`,
      );
    const value: unknown = child.children.length > 0 ? argumentsOf(child, namespace) : child.text;
    if (child.children.length > 0 && child.text.trim() !== '')
      throw MalformedMessage(`the element ${child.local.slice(0, 100)} mixes text and elements`);
    const before = out[child.local];
    out[child.local] =
      before === undefined
        ? value
        : Array.isArray(before)
          ? [...(before as unknown[]), value]
          : [before, value];
  }
  return out;
}

/**
 * An element of the envelope written out as a document of its own (a PESC document carried in the
 * Body): the namespaces it and its descendants use, whichever ancestor declared them, declared on
 * it with prefixes of its own; unqualified elements stay unqualified (no default namespace is
 * declared). Comments and processing instructions are not kept.
 */
export function standaloneXml(element: XmlElement): string {
  const prefixes = new Map<string, string>();
  const prefixOf = (ns: string): string => {
    if (ns === XML_NAMESPACE) return 'xml';
    let prefix = prefixes.get(ns);
    if (prefix === undefined) {
      prefix = `n${prefixes.size}`;
      prefixes.set(ns, prefix);
    }
    return prefix;
  };
  const write = (e: XmlElement): string => {
    const name = e.ns ? `${prefixOf(e.ns)}:${e.local}` : e.local;
    let attributes = '';
    for (const [key, value] of Object.entries(e.attributes)) {
      // A namespaced attribute is held twice: as written (prefix:name) and resolved ({ns}name).
      const resolvedName = /^\{([^}]*)\}(.+)$/.exec(key);
      if (resolvedName)
        attributes += ` ${resolvedName[1] ? `${prefixOf(resolvedName[1])}:` : ''}${resolvedName[2]}="${escapeXmlAttribute(value)}"`;
      else if (!key.includes(':')) attributes += ` ${key}="${escapeXmlAttribute(value)}"`;
    }
    const text = e.children.length > 0 && e.text.trim() === '' ? '' : escapeXml(e.text);
    return `<${name}${attributes}>${e.children.map(write).join('')}${text}</${name}>`;
  };
  const body = write(element);
  const at = body.search(/[\s>]/);
  const declarations = [...prefixes]
    .map(([ns, prefix]) => ` xmlns:${prefix}="${escapeXmlAttribute(ns)}"`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.slice(0, at)}${declarations}${body.slice(at)}`;
}
