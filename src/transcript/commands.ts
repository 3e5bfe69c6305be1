/**
 * Command-line entry points of the transcript area: validate a file (XML or PDF, told apart by
 * content) and print a built transcript. They return the process exit code.
 */
import type { Lang } from '../domain/lang.js';
import { open } from 'node:fs/promises';
import { isEtmsError } from '../errors.js';
import { buildTranscriptXml, type BuildContext } from './build.js';
import { DIFF_FIELD_LABELS, diffTranscriptWithRequest, type TranscriptRequestDetails } from './diff.js';
import { problemLines, transcriptError } from './errors.js';
import { DEFAULT_MAX_BYTES } from './guard.js';
import { checkPdf, sniffTranscriptFile } from './pdf.js';
import { readTranscriptXml } from './read.js';
import type { StudentRecord } from '../sis/index.js';

export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface ValidateCommandOptions {
  request?: TranscriptRequestDetails;
  maxBytes?: number;
  lang?: Lang;
}

/** Reads at most maxBytes + 1 bytes, so an oversized file is refused without loading it whole. */
async function readBounded(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw transcriptError('ETMS_E_TRANSCRIPT_TOO_LARGE', { bytes: size, maxBytes });
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes)
        throw transcriptError('ETMS_E_TRANSCRIPT_TOO_LARGE', { bytes: filled, maxBytes });
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * `etms transcript validate <file>`: prints "valid" or one line per problem; with request details,
 * also prints the validation-screen rows. Returns 0 when the file is valid, 2 otherwise.
 */
export async function runTranscriptValidate(
  file: string,
  opts: ValidateCommandOptions,
  io: CommandIo,
): Promise<number> {
  const lang = opts.lang ?? 'en';
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    let bytes: Buffer;
    try {
      bytes = await readBounded(file, maxBytes);
    } catch (error) {
      if (isEtmsError(error)) throw error;
      const reason =
        (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw transcriptError('ETMS_E_TRANSCRIPT_FILE_UNREADABLE', { file, reason }, error);
    }
    if (sniffTranscriptFile(bytes) === 'pdf') {
      const pdf = await checkPdf(bytes, { maxBytes });
      io.stdout.write(`valid (PDF, ${pdf.pages} page${pdf.pages > 1 ? 's' : ''})\n`);
      return 0;
    }
    const transcript = await readTranscriptXml(bytes, { maxBytes });
    io.stdout.write('valid\n');
    if (opts.request) {
      const labels = DIFF_FIELD_LABELS[lang];
      for (const row of diffTranscriptWithRequest(opts.request, transcript)) {
        io.stdout.write(`${row.differs ? '≠' : '='} ${labels[row.field]}\t${row.request}\t${row.file}\n`);
      }
    }
    return 0;
  } catch (error) {
    if (!isEtmsError(error)) throw error;
    for (const line of problemLines(error, lang)) io.stdout.write(`${error.code}: ${line}\n`);
    return 2;
  }
}

/**
 * `etms transcript build`: prints the transcript XML of a record, checked against the XSD.
 * Returns 0, or 2 when the record cannot make a valid transcript.
 */
export async function runTranscriptBuild(
  record: StudentRecord,
  ctx: BuildContext,
  io: CommandIo,
): Promise<number> {
  try {
    io.stdout.write(await buildTranscriptXml(record, ctx));
    return 0;
  } catch (error) {
    if (!isEtmsError(error)) throw error;
    for (const line of problemLines(error, 'en')) io.stderr.write(`${error.code}: ${line}\n`);
    return 2;
  }
}
