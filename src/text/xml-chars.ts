/**
 * The characters XML 1.0 allows (its production Char). Whatever the exchange takes in ends up in XML
 * (a SOAP answer, a PESC response, a transcript), so the SOAP and REST bindings refuse the others
 * where they arrive, in the same words.
 */

/** Whether XML 1.0 allows the character: no other control, no U+FFFE/FFFF, no surrogate. */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** A character XML does not allow, written as it is (a control character, U+FFFE, a lone surrogate). */
export const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- the control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character of `text` XML does not allow, as U+XXXX and its index; undefined when none. */
export function firstNonXmlChar(text: string): { code: string; index: number } | undefined {
  const found = NOT_XML_CHAR.exec(text);
  if (!found) return undefined;
  return {
    code: `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    index: found.index,
  };
}
