/**
 * What French text shows against French typography: a plain space (or none) before « : ; ! ? », a
 * plain space inside « », a straight apostrophe, or a decimal point in a number. Each problem is
 * given with the text around it.
 */
const RULES: Array<[RegExp, string]> = [
  [/(?:\p{L}|\)|»| )[:;!?](?=\s|$)/gu, 'no non-breaking space before the sign'],
  [/« | »/g, 'plain space inside « »'],
  [/\p{L}'|'\p{L}/gu, 'straight apostrophe'],
  [/(?<![\d.])\d+\.\d+(?![\d.])/g, 'decimal point'],
];

export function frenchTypographyProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  for (const [rule, what] of RULES)
    for (const m of text.matchAll(rule)) {
      const at = m.index ?? 0;
      problems.push(
        `${where}: ${what}: « ${text.slice(Math.max(0, at - 25), at + 10).replace(/\n/g, ' ')} »`,
      );
    }
  return [...new Set(problems)];
}
