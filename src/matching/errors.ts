/**
 * Errors of `etms match`: bad input files. Each message names the file, and the line and column when
 * there is one, so that the person who exported the file can fix it.
 */
import { defineError } from '../errors.js';

export const fileNotFound = defineError(
  'ETMS_E_MATCH_FILE_NOT_FOUND',
  400,
  (file: string) => `${file}: file not found or not readable.`,
);

export const columnMissing = defineError(
  'ETMS_E_MATCH_COLUMN_MISSING',
  400,
  (file: string, columns: string) =>
    `${file}, line 1: required column ${columns} is missing from the header.`,
);

export const csvSyntax = defineError(
  'ETMS_E_MATCH_CSV_SYNTAX',
  400,
  (file: string, line: number, column: number, problem: string) =>
    `${file}, line ${line}, character ${column}: ${problem}.`,
);

/**
 * Where the first byte that is not UTF-8 sits: line and character (1-based, as an editor counts them),
 * the CSV column when the rows before it can be read, and the byte offset (0-based, as a hex viewer
 * shows it).
 */
export interface NotUtf8At {
  line: number;
  character: number;
  byteOffset: number;
  /** The header's name for the column the byte is in; absent in the header line itself. */
  column?: string;
  /** True when the file starts as a zip archive does, as an Excel workbook (.xlsx) does. */
  workbook?: boolean;
}

export const notUtf8 = defineError(
  'ETMS_E_MATCH_NOT_UTF8',
  400,
  (file: string, at: NotUtf8At) =>
    `${file}, line ${at.line}, ${at.column ? `column ${at.column}, ` : ''}character ${at.character} (byte offset ${at.byteOffset}): ` +
    (at.workbook
      ? 'the file is a workbook, not CSV text; save it as "CSV UTF-8".'
      : 'the file is not UTF-8 text (saved as Windows-1252 or Latin-1?); export it again as UTF-8.'),
);

/** A file in UTF-16 or UTF-32, as Excel's "Unicode Text" and some SIS exports save it. */
export const notUtf8Wide = defineError(
  'ETMS_E_MATCH_UTF16',
  400,
  (file: string, encoding: string) =>
    `${file}: the file is ${encoding} text, not UTF-8; save it again as "CSV UTF-8" (in Excel: Save As, CSV UTF-8).`,
);

export const emptyFile = defineError(
  'ETMS_E_MATCH_EMPTY_FILE',
  400,
  (file: string) => `${file}: the file is empty; it needs a header line with the column names.`,
);

export const outputNotWritable = defineError(
  'ETMS_E_MATCH_OUTPUT',
  400,
  (file: string, detail: string) => `${file}: cannot write the decisions (${detail}).`,
);

export const parametersInvalid = defineError(
  'ETMS_E_MATCH_PARAMETERS_INVALID',
  400,
  (source: string, field: string, problem: string) =>
    `${source}: ${field} ${problem}. Fix the file or train it again with etms match --train.`,
);

export const parametersUnreadable = defineError(
  'ETMS_E_MATCH_PARAMETERS_UNREADABLE',
  400,
  (file: string, detail: string) =>
    `${file}: the matcher parameter file cannot be read (${detail}); check the path, or leave the setting out to use the shipped values.`,
);

export const trainingOptionsInvalid = defineError(
  'ETMS_E_MATCH_TRAINING_OPTIONS',
  400,
  (option: string, problem: string) => `${option} ${problem}.`,
);
