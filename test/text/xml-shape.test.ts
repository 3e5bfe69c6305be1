import { describe, expect, it } from 'vitest';
import {
  DEFAULT_XML_SHAPE_LIMITS,
  withoutProcessingInstructions,
  xmlShapeProblem,
} from '../../src/text/xml-shape.js';

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

  it('takes an XML declaration only at the very start, and instructions with a target anywhere', () => {
    for (const text of ['<?xml version="1.0"?><a/>', '<?xml-css href="a"?><a><?xml-x?><?pi?></a>'])
      expect(xmlShapeProblem(text, limits), text).toBeUndefined();
    for (const text of [
      ' <?xml version="1.0"?><a/>',
      '<?pi?>\n<?xml version="1.0"?><a/>',
      '<a><?xml version="1.0"?></a>',
      '<a/><?xml version="1.0"?>',
      '<a><?XML x?></a>',
      '<?Xml version="1.0"?><a/>',
    ])
      expect(xmlShapeProblem(text, limits), text).toMatchObject({
        limit: 'malformed',
        misplaced: 'declaration',
      });
    expect(xmlShapeProblem('<?pi?>\n<?xml version="1.0"?><a/>', limits)?.line).toBe(2);
    for (const text of ['<a><? pi?></a>', '<a><??></a>', '<a><?pi </a>'])
      expect(xmlShapeProblem(text, limits), text).toEqual({ limit: 'malformed', max: 0, line: 1 });
    expect(xmlShapeProblem('<a><?abcdefghijk?></a>', limits)).toMatchObject({ limit: 'nameLength' });
  });
});

describe('processing instructions left out', () => {
  it('writes each instruction but the declaration as an empty comment keeping its line breaks', () => {
    const text = '<?xml version="1.0"?>\n<?pi a?><a>x<?q don\'t\n"?>y<b/></a>\n<?end?>';
    expect(withoutProcessingInstructions(text)).toBe(
      '<?xml version="1.0"?>\n<!----><a>x<!--\n-->y<b/></a>\n<!---->',
    );
  });

  it('keeps what only looks like an instruction in a comment or a CDATA section, and text without any', () => {
    const text = '<a><!-- <?no?> --><![CDATA[<?no?>]]><?yes?></a>';
    expect(withoutProcessingInstructions(text)).toBe('<a><!-- <?no?> --><![CDATA[<?no?>]]><!----></a>');
    const plain = '<?xml version="1.0"?><a>b</a>';
    expect(withoutProcessingInstructions(plain)).toBe(plain);
  });
});
