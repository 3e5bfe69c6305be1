import { describe, expect, it } from 'vitest';
import { DEFAULT_XML_SHAPE_LIMITS, xmlShapeProblem } from '../../src/text/xml-shape.js';

const limits = {
  ...DEFAULT_XML_SHAPE_LIMITS,
  maxDepth: 4,
  maxAttributesPerElement: 3,
  maxAttributes: 5,
  maxElements: 6,
  maxNameLength: 10,
  maxAttributeValueLength: 8,
};

describe('the shape of an XML text', () => {
  it('passes well-formed XML of every kind of markup within the limits', () => {
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a <comment> with > and "quotes" -->',
      "<p:a xmlns:p='urn:p' b = \"x>y\" c='it\"s'>",
      '<b><![CDATA[ <not-a-tag a="1" a="2"> ]]></b>',
      '<?pi with <angle> ?>text with > in it<c/><d\n/></p:a >',
    ].join('');
    expect(xmlShapeProblem(text, limits)).toBeUndefined();
  });

  it('names the limit passed and the line where it was', () => {
    expect(xmlShapeProblem('<a>\n<b><c><d><e/></d></c></b></a>', { ...limits, maxDepth: 3 })).toEqual({
      limit: 'depth',
      max: 3,
      line: 2,
    });
    expect(xmlShapeProblem('<a/>\n<b w="1" x="1" y="1" z="1"/>', limits)).toMatchObject({
      limit: 'attributesPerElement',
      line: 2,
    });
    expect(xmlShapeProblem('<a w="1" x="1" y="1"><b x="1" y="1" z="1"/></a>', limits)).toMatchObject({
      limit: 'attributes',
    });
    // Namespace declarations are attributes too.
    expect(xmlShapeProblem('<a xmlns:p="1" xmlns:q="1" xmlns:r="1" xmlns:s="1"/>', limits)).toMatchObject({
      limit: 'attributesPerElement',
    });
    expect(xmlShapeProblem(`<r>${'<e/>'.repeat(6)}</r>`, limits)).toMatchObject({ limit: 'elements' });
    expect(xmlShapeProblem('<abcdefghijk/>', limits)).toMatchObject({ limit: 'nameLength' });
    expect(xmlShapeProblem('<a abcdefghijk="1"/>', limits)).toMatchObject({ limit: 'nameLength' });
    expect(xmlShapeProblem('<a b="123456789"/>', limits)).toMatchObject({ limit: 'attributeValueLength' });
  });

  it('reports tags a parser would refuse, rather than guess at them', () => {
    for (const text of ['<a b="1"c="2"/>', '<a b=1/>', '<a b="<"/>', '<a b/>', '<a', '<!-- open', '< a/>'])
      expect(xmlShapeProblem(text, limits), text).toMatchObject({ limit: 'malformed' });
  });
});
