/**
 * The shape of an XML text, checked in one linear pass before any XML parser or validator sees it:
 * how deep elements nest, how many elements and attributes there are (on one element and in all),
 * how long names and attribute values are. Parsers and schema validators spend time that grows
 * faster than the text on some of these (attributes on one element are checked against each other
 * for duplicates; each namespace declaration copies the ones in scope), so a text past a limit is
 * refused here, at the cost of one pass. Comments, CDATA sections and processing instructions are
 * stepped over; a tag that is not well-formed is reported as such (a parser would refuse it too), and
 * so is an XML declaration anywhere but at the very start of the text.
 */

export interface XmlShapeLimits {
  maxDepth: number;
  /** Attributes on one element, namespace declarations included. */
  maxAttributesPerElement: number;
  /** Attributes in the whole text, namespace declarations included. */
  maxAttributes: number;
  maxElements: number;
  /** Characters of an element or attribute name (prefix included). */
  maxNameLength: number;
  /** Characters of one attribute value, as written. */
  maxAttributeValueLength: number;
}

/** Limits no message of the exchange, transcript or transcript request comes near. */
export const DEFAULT_XML_SHAPE_LIMITS: XmlShapeLimits = {
  maxDepth: 64,
  maxAttributesPerElement: 256,
  maxAttributes: 100_000,
  maxElements: 500_000,
  maxNameLength: 1024,
  maxAttributeValueLength: 64 * 1024,
};

export type XmlShapeLimit =
  | 'depth'
  | 'attributesPerElement'
  | 'attributes'
  | 'elements'
  | 'nameLength'
  | 'attributeValueLength'
  | 'malformed';

/** What passed its limit, the limit, and the line where it did. */
export interface XmlShapeProblem {
  limit: XmlShapeLimit;
  max: number;
  line: number;
  /**
   * For malformed text, what is wrong when it is not a tag: an XML declaration (`<?xml …?>`, or a
   * processing instruction named xml in any case) other than at the very start of the text.
   */
  misplaced?: 'declaration';
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** Characters that end a name: space, '=', '/', '>', '<', quotes. */
const endsName = (c: number) =>
  isSpace(c) || c === 0x3d || c === 0x2f || c === 0x3e || c === 0x3c || c === 0x22 || c === 0x27;

/**
 * The first limit the text passes, or undefined. One pass over the text: each character is looked
 * at a bounded number of times, whatever the text holds.
 */
export function xmlShapeProblem(
  text: string,
  limits: XmlShapeLimits = DEFAULT_XML_SHAPE_LIMITS,
): XmlShapeProblem | undefined {
  const n = text.length;
  let depth = 0;
  let elements = 0;
  let attributes = 0;
  const problem = (limit: XmlShapeLimit, max: number, at: number): XmlShapeProblem => ({
    limit,
    max,
    line: lineAt(text, at),
  });
  /** End of the name starting at j (exclusive). */
  const nameEnd = (j: number) => {
    while (j < n && !endsName(text.charCodeAt(j))) j++;
    return j;
  };
  const skipSpace = (j: number) => {
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return j;
  };

  let i = text.indexOf('<');
  while (i !== -1) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return problem('malformed', 0, i);
      i = text.indexOf('<', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) return problem('malformed', 0, i);
      i = text.indexOf('<', end + 3);
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return problem('malformed', 0, i);
      // A target, then a space or the end: "xml" is the declaration's, and only at the start.
      let targetEnd = i + 2;
      while (targetEnd < end && !isSpace(text.charCodeAt(targetEnd))) targetEnd++;
      if (targetEnd === i + 2) return problem('malformed', 0, i);
      if (targetEnd - (i + 2) > limits.maxNameLength) return problem('nameLength', limits.maxNameLength, i);
      if (targetEnd - (i + 2) === 3 && text.slice(i + 2, targetEnd).toLowerCase() === 'xml') {
        if (i !== 0 || !text.startsWith('xml', i + 2) || targetEnd === end)
          return { ...problem('malformed', 0, i), misplaced: 'declaration' };
      }
      i = text.indexOf('<', end + 2);
      continue;
    }
    // Any other declaration (DOCTYPE, ENTITY) is refused before this check; here it is malformed.
    if (next === 0x21 /* ! */) return problem('malformed', 0, i);

    if (next === 0x2f /* / */) {
      const end = nameEnd(i + 2);
      if (end - (i + 2) > limits.maxNameLength) return problem('nameLength', limits.maxNameLength, i);
      const close = skipSpace(end);
      if (end === i + 2 || text.charCodeAt(close) !== 0x3e) return problem('malformed', 0, i);
      depth--;
      i = text.indexOf('<', close + 1);
      continue;
    }

    const nameStop = nameEnd(i + 1);
    if (nameStop === i + 1) return problem('malformed', 0, i);
    if (nameStop - (i + 1) > limits.maxNameLength) return problem('nameLength', limits.maxNameLength, i);
    if (++elements > limits.maxElements) return problem('elements', limits.maxElements, i);
    let j = nameStop;
    let own = 0;
    let selfClosing = false;
    for (;;) {
      const spaced = skipSpace(j);
      const c = text.charCodeAt(spaced);
      if (c === 0x3e /* > */) {
        j = spaced;
        break;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(spaced + 1) === 0x3e) {
        selfClosing = true;
        j = spaced + 1;
        break;
      }
      // An attribute: a space before it, a name, '=', a quoted value without '<'.
      if (spaced === j) return problem('malformed', 0, i);
      const attributeEnd = nameEnd(spaced);
      if (attributeEnd === spaced) return problem('malformed', 0, i);
      if (attributeEnd - spaced > limits.maxNameLength)
        return problem('nameLength', limits.maxNameLength, spaced);
      let k = skipSpace(attributeEnd);
      if (text.charCodeAt(k) !== 0x3d /* = */) return problem('malformed', 0, spaced);
      k = skipSpace(k + 1);
      const quote = text.charCodeAt(k);
      if (quote !== 0x22 && quote !== 0x27) return problem('malformed', 0, spaced);
      let closing = k + 1;
      while (closing < n && text.charCodeAt(closing) !== quote) {
        if (text.charCodeAt(closing) === 0x3c /* < */) return problem('malformed', 0, spaced);
        closing++;
      }
      if (closing >= n) return problem('malformed', 0, spaced);
      if (closing - (k + 1) > limits.maxAttributeValueLength)
        return problem('attributeValueLength', limits.maxAttributeValueLength, spaced);
      if (++own > limits.maxAttributesPerElement)
        return problem('attributesPerElement', limits.maxAttributesPerElement, i);
      if (++attributes > limits.maxAttributes) return problem('attributes', limits.maxAttributes, spaced);
      j = closing + 1;
    }
    if (!selfClosing && ++depth > limits.maxDepth) return problem('depth', limits.maxDepth, i);
    i = text.indexOf('<', j + 1);
  }
  return undefined;
}

/**
 * The text with each processing instruction but the XML declaration at its start written as an
 * empty comment keeping the instruction's line breaks: what a reader of the document's elements
 * and text sees is unchanged (XML gives instructions to applications, not to the document's
 * content), line numbers stay right, and no parser has to read the instruction's free text.
 * Comments and CDATA sections are stepped over, so text that only looks like an instruction there
 * is kept. The text is expected to have passed xmlShapeProblem.
 */
export function withoutProcessingInstructions(text: string): string {
  const declaration = /^<\?xml\s[\s\S]*?\?>/.exec(text)?.[0].length ?? 0;
  if (!text.includes('<?', declaration)) return text;
  let out = '';
  let kept = 0;
  for (let i = text.indexOf('<', declaration); i !== -1;) {
    let close: number;
    if (text.startsWith('<!--', i)) close = text.indexOf('-->', i + 4) + 3;
    else if (text.startsWith('<![CDATA[', i)) close = text.indexOf(']]>', i + 9) + 3;
    else if (text.charCodeAt(i + 1) === 0x3f /* ? */) {
      close = text.indexOf('?>', i + 2) + 2;
      if (close === 1) break;
      out += `${text.slice(kept, i)}<!--${text.slice(i, close).replace(/[^\n]/g, '')}-->`;
      kept = close;
    } else close = i + 1;
    // An unclosed comment or section: the rest is not markup to look into.
    if (close <= i) break;
    i = text.indexOf('<', close);
  }
  return out + text.slice(kept);
}
