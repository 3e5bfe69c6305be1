/**
 * Cells written to CSV files that people open in a spreadsheet. A cell starting with =, +, -, @
 * (or their full-width forms), a tab or a carriage return is run as a formula by Excel, LibreOffice
 * and Google Sheets: an applicant's name `=HYPERLINK(...)` would become a live link, `+1+cmd|...` a
 * command. Such a cell is written with a leading apostrophe, which spreadsheets show as plain text.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The cell as plain text for a spreadsheet; numbers and harmless text are unchanged. */
export function neutraliseFormula<T extends string | number>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}
