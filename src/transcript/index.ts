/** The transcript area: model, build, read, validate, compare, PDF checks. */
export * from './model.js';
export {
  buildTranscript,
  buildTranscriptXml,
  transcriptToXml,
  applyDisclosureRules,
  type BuildContext,
} from './build.js';
export { readTranscriptXml, type ReadOptions } from './read.js';
export {
  validateTranscriptXml,
  validateTranscriptXmlBatch,
  schemaDirectory,
  MAIN_SCHEMA_FILE,
  IMPORTED_SCHEMA_FILES,
} from './schema.js';
export {
  decodeTranscriptBytes,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  type XmlGuardOptions,
} from './guard.js';
export { checkPdf, sniffTranscriptFile, type TranscriptFileKind, type PdfCheckOptions } from './pdf.js';
export * from './diff.js';
export * from './errors.js';
export {
  runTranscriptValidate,
  runTranscriptBuild,
  type CommandIo,
  type ValidateCommandOptions,
} from './commands.js';
