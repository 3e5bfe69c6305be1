/**
 * French typography for the text the product writes: a non-breaking space before « : » and inside
 * « », a narrow non-breaking space before « ; ! ? », and typographic apostrophes. Applied to the
 * product's own French sentences (labels, e-mails, report lines), never to a person's data.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/'/g, '’')
    .replace(/ :/g, '\u00a0:')
    .replace(/ ([;!?])/g, '\u202f$1')
    .replace(/« /g, '«\u00a0')
    .replace(/ »/g, '\u00a0»');
}

/**
 * A French template: its own words follow French typography, the values put in are left as they
 * are (a name such as O'Brien keeps its apostrophe).
 */
export function fr(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = frenchTypography(strings[0]);
  values.forEach((value, i) => {
    out += String(value) + frenchTypography(strings[i + 1]);
  });
  return out;
}
