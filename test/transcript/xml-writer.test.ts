/** The transcript's XML writer writes what xmlbuilder2's prettyPrint (empty indent) writes, for any text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { XmlDocument, type XmlElement } from '../../src/transcript/xml-writer.js';

const XMLNS = 'http://www.w3.org/2000/xmlns/';

interface Node {
  name: string;
  namespace?: string;
  text?: string;
  children: Node[];
}

const nameArb = fc.constantFrom('Course', 'Name', 'FirstName', 'MIDENT', 'CourseTitle', 'Y');
// xmlbuilder2 lets "&name;" through as an entity reference (a document that is then not
// well-formed); ours always escapes "&", checked on its own below.
const textArb = fc.oneof(
  fc.string().filter((t) => !/&[^&]*;/.test(t)),
  fc.constantFrom(
    '',
    'a & b',
    '<tag>',
    'x > y',
    '"quoted" \'single\'',
    'line\nbreak',
    'tab\tand\rreturn',
    'Côté-Tremblay',
    'Ø æ œ ß',
  ),
);
const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.record({ name: nameArb, text: textArb, children: fc.constant<Node[]>([]) }),
    fc.record({ name: nameArb, children: fc.array(tie('node'), { maxLength: 4 }) }),
    fc.record({
      name: fc.constant('ON:Ext'),
      namespace: fc.constant('urn:ca:on:etms:OntarioTranscriptExtensions:v1.0.0'),
      children: fc.array(tie('node'), { maxLength: 3 }),
    }),
  ),
})).node;

function ours(parent: XmlElement, n: Node): void {
  const el = n.namespace ? parent.ele(n.namespace, n.name) : parent.ele(n.name);
  if (n.text !== undefined) el.txt(n.text);
  for (const c of n.children) ours(el, c);
}

function theirs(parent: XMLBuilder, n: Node): void {
  const el = n.namespace ? parent.ele(n.namespace, n.name) : parent.ele(n.name);
  if (n.text !== undefined) el.txt(n.text);
  for (const c of n.children) theirs(el, c);
}

describe('transcript XML writer', () => {
  it('matches xmlbuilder2 prettyPrint with an empty indent byte for byte', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 5 }), (children) => {
        const doc = new XmlDocument();
        const root = doc.ele(
          'urn:org:pesc:message:HighSchoolTranscript:v1.5.0',
          'HSTrn:HighSchoolTranscript',
        );
        root.att(XMLNS, 'xmlns:core', 'urn:org:pesc:core:CoreMain:v1.14.0');
        for (const c of children) ours(root, c);

        const ref = create({ version: '1.0', encoding: 'UTF-8' });
        const refRoot = ref
          .ele('urn:org:pesc:message:HighSchoolTranscript:v1.5.0', 'HSTrn:HighSchoolTranscript')
          .att(XMLNS, 'xmlns:core', 'urn:org:pesc:core:CoreMain:v1.14.0');
        for (const c of children) theirs(refRoot, c);
        expect(doc.toString()).toBe(ref.end({ prettyPrint: true, indent: '' }));
      }),
      { numRuns: 300 },
    );
  });

  it('escapes every ampersand, even one that looks like an entity reference', () => {
    const doc = new XmlDocument();
    doc.ele('urn:x', 'x:R').ele('A').txt('&lt; &A; & <b>');
    expect(doc.toString()).toContain('<A>&amp;lt; &amp;A; &amp; &lt;b&gt;</A>');
  });

  it('refuses text and elements in one element, and a second root', () => {
    const doc = new XmlDocument();
    const root = doc.ele('urn:x', 'x:R');
    expect(() => root.ele('A').txt('t').ele('B')).toThrow(/already holds text/);
    const b = root.ele('B');
    b.ele('C');
    expect(() => b.txt('t')).toThrow(/already holds elements/);
    expect(() => doc.ele('urn:x', 'x:S')).toThrow(/one root/);
  });
});
