/**
 * One contract: the WSDL's XSD and the OpenAPI document say the same as the operation schemas
 * (src/exchange/schemas.ts) — the same elements and properties, the same required ones, the same order
 * for what the service writes (xsd:sequence), the same enumerations, and the same limits (lengths,
 * patterns, ranges), so a message valid against the WSDL is not refused for one it did not state.
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { SCHEMAS, SCHEMA_TABLE } from '../../src/exchange/schemas.js';
import { OPERATIONS, SOAP_OPERATIONS } from '../../src/api/operations.js';
import { openApiDocument } from '../../src/api/openapi.js';
import { exchangeFiles } from '../../src/api/wsdl.js';
import { REPEATED_ELEMENTS } from '../../src/api/soap-writer.js';

type Node = Record<string, unknown>;
interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: Array<{ required?: string[] }>;
}

const xsd = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name) => ['element', 'complexType', 'simpleType', 'enumeration'].includes(name),
}).parse(exchangeFiles().xsd) as { schema: Node };
const schema = xsd.schema;

const topElements = new Map((schema.element as Node[]).map((e) => [String(e.name), e] as const));
const complexTypes = new Map((schema.complexType as Node[]).map((t) => [String(t.name), t] as const));
const simpleTypes = new Map((schema.simpleType as Node[]).map((t) => [String(t.name), t] as const));

/**
 * The children of a complex type, in document order, with whether each is required; the elements of
 * an xsd:choice (one of them, as a JSON oneOf whose alternatives each require one) are not required
 * one by one, and come after the others (the parser keeps no order between a choice and elements).
 */
function childrenOf(type: Node): Array<{
  name: string;
  required: boolean;
  type: string;
  many: boolean;
  choice: boolean;
  inline?: Node;
}> {
  const group = (type.all ?? type.sequence) as Node;
  const child = (e: Node, choice: boolean) => ({
    name: String(e.name),
    required: !choice && e.minOccurs !== '0',
    type: String(e.type ?? ''),
    many: e.maxOccurs !== undefined && e.maxOccurs !== '1',
    choice,
    inline: (e.simpleType as Node[] | undefined)?.[0],
  });
  const choices = [group.choice ?? []].flat() as Node[];
  return [
    ...((group.element as Node[] | undefined) ?? []).map((e) => child(e, false)),
    ...choices.flatMap((c) => ((c.element as Node[] | undefined) ?? []).map((e) => child(e, true))),
  ];
}

/**
 * The limits a value must keep, as the JSON schema states them and as the XSD states them (a
 * pattern without the anchors JSON needs and XSD implies): a client that checks its message
 * against the WSDL is refused nothing the WSDL allows.
 */
function jsonFacets(s: JsonSchema): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.minLength !== undefined) out.minLength = String(s.minLength);
  if (s.maxLength !== undefined) out.maxLength = String(s.maxLength);
  if (s.pattern !== undefined) out.pattern = s.pattern.replace(/^\^/, '').replace(/\$$/, '');
  if (s.minimum !== undefined) out.minInclusive = String(s.minimum);
  if (s.maximum !== undefined) out.maxInclusive = String(s.maximum);
  return out;
}
function xsdFacets(simple: Node | undefined): Record<string, string> {
  const restriction = (simple?.restriction ?? {}) as Node;
  const out: Record<string, string> = {};
  for (const facet of ['minLength', 'maxLength', 'pattern', 'minInclusive', 'maxInclusive']) {
    const node = restriction[facet] as Node | undefined;
    if (node) out[facet] = String(node.value);
  }
  return out;
}

function elementType(name: string): Node {
  const element = topElements.get(name);
  expect(element, `the XSD declares the element ${name}`).toBeDefined();
  return ((element!.complexType as Node[])[0] ?? {}) as Node;
}

function resolved(s: JsonSchema): JsonSchema {
  let out = s;
  while (out.$ref) out = SCHEMA_TABLE[out.$ref.replace('#/components/schemas/', '')] as JsonSchema;
  return out;
}

const singular = (list: string) => REPEATED_ELEMENTS[list] ?? list;

/** Compares one XSD complex type with one JSON schema, recursively through named types. */
function agree(type: Node, json: JsonSchema, where: string, ordered: boolean): void {
  const s = resolved(json);
  const xsdChildren = childrenOf(type);
  const jsonNames = Object.keys(s.properties ?? {}).filter(
    // The JSON form of the decision (REST) has its text form in XML.
    (name) => name !== 'matchResult',
  );
  const names = xsdChildren.map((c) => c.name);
  const expected = jsonNames.map(singular);
  // A choice of the XSD is the JSON schema's oneOf: one alternative per element, requiring it alone.
  const choice = xsdChildren.filter((c) => c.choice).map((c) => c.name);
  if (choice.length > 0) {
    expect(ordered, `${where}: a choice only in an input`).toBe(false);
    expect(
      (s.oneOf ?? []).map((a) => a.required ?? []),
      `${where}: the choice's alternatives`,
    ).toEqual(choice.map((name) => [name]));
  }
  if (ordered) expect(names, `${where}: elements in order`).toEqual(expected);
  else expect([...names].sort(), `${where}: elements`).toEqual([...expected].sort());
  for (const child of xsdChildren) {
    const jsonName = jsonNames.find((n) => singular(n) === child.name)!;
    const property = resolved(s.properties![jsonName]);
    const requiredInJson = (s.required ?? []).includes(jsonName);
    if (child.name !== 'transcriptXml' && child.name !== 'transcriptBase64')
      expect(child.required, `${where}.${child.name}: required`).toBe(
        requiredInJson && !(property.type === 'array' && !child.required),
      );
    expect(child.many, `${where}.${child.name}: repeated`).toBe(property.type === 'array');
    const typeName = child.type.replace(/^tns:/, '');
    if (complexTypes.has(typeName)) {
      agree(
        complexTypes.get(typeName)!,
        property.type === 'array' ? property.items! : property,
        `${where}.${child.name}`,
        ordered,
      );
    } else if (simpleTypes.has(typeName)) {
      const enumeration = (
        (simpleTypes.get(typeName)!.restriction as Node).enumeration as Node[] | undefined
      )?.map((e) => String(e.value));
      if (enumeration) expect(enumeration, `${where}.${child.name}: values`).toEqual(property.enum);
    }
    if (!complexTypes.has(typeName) && property.type !== 'array')
      expect(xsdFacets(simpleTypes.get(typeName) ?? child.inline), `${where}.${child.name}: limits`).toEqual(
        jsonFacets(property),
      );
  }
}

describe('the XSD and the operation schemas', () => {
  for (const op of SOAP_OPERATIONS) {
    it(`agree on ${op.name}`, () => {
      agree(elementType(op.name), { $ref: `#/components/schemas/${op.input}` }, op.name, false);
      agree(
        elementType(`${op.name}Response`),
        { $ref: `#/components/schemas/${op.output}` },
        `${op.name}Response`,
        true,
      );
    });
  }

  it('name no element the schemas do not know, and no operation the WSDL lacks', () => {
    const declared = [...topElements.keys()].filter((n) => n !== 'EtmsFault').sort();
    expect(declared).toEqual(SOAP_OPERATIONS.flatMap((o) => [o.name, `${o.name}Response`]).sort());
    const wsdl = exchangeFiles().wsdl;
    for (const op of SOAP_OPERATIONS) expect(wsdl).toContain(`element="tns:${op.name}"`);
    // A REST route to another operation takes that operation's input and gives its output.
    for (const op of OPERATIONS.filter((o) => o.restRouteOf)) {
      const soap = SOAP_OPERATIONS.find((o) => o.name === op.restRouteOf);
      expect(soap, `${op.name} is a route to a SOAP operation`).toBeDefined();
      expect([op.input, op.output]).toEqual([soap!.input, soap!.output]);
    }
  });
});

describe('the OpenAPI document and the operation schemas', () => {
  it('carries the same schemas, and each operation refers to its own', () => {
    const doc = openApiDocument() as {
      components: { schemas: unknown };
      paths: Record<string, Record<string, Node>>;
    };
    expect(doc.components.schemas).toEqual(SCHEMAS);
    for (const op of OPERATIONS) {
      const path = op.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = doc.paths[path][op.method];
      expect(operation.operationId).toBe(op.name);
      const responses = operation.responses as Record<
        string,
        { content: Record<string, { schema: unknown }> }
      >;
      const success = responses['200'] ?? responses['201'];
      expect(success.content['application/json'].schema).toEqual({
        $ref: `#/components/schemas/${op.output}`,
      });
      if (op.method === 'post') {
        const body = operation.requestBody as { content: Record<string, { schema: unknown }> };
        expect(body.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${op.body}` });
      }
    }
  });
});
