/**
 * The one place text is escaped for markup: HTML pages and e-mails, and every XML the project writes
 * (transcripts, SOAP envelopes and faults, the SVG chart).
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const XML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const XML_ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...XML_TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Text for HTML content or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Text for XML element content: every "&", "<" and ">" escaped (an "&" never passes as an entity). */
export function escapeXml(value: string): string {
  return /[&<>]/.test(value) ? value.replace(/[&<>]/g, (c) => XML_TEXT_ESCAPES[c]) : value;
}

/** Text for a double-quoted XML attribute; tabs and line breaks kept as characters, not spaces. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => XML_ATTRIBUTE_ESCAPES[c]);
}
