/**
 * XSD validation of transcript XML with libxml2 (xmllint-wasm, kept warm in xmllint-pool.ts). Each
 * xmllint run compiles the schema again, a few milliseconds; one run can validate many documents,
 * so documents submitted in the same tick are validated together in one run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { xmllintPool, type XmllintFile } from './xmllint-pool.js';
import { transcriptError, type SchemaProblem } from './errors.js';

/**
 * The schemas documents are checked against, as paths under wsdl/ (the same relative layout in
 * xmllint's virtual file system, so each schemaLocation resolves as on disk):
 * - transcript: the project's profile, the real PESC High School Transcript plus the Ontario
 *   extensions (a restriction of PESC: what it accepts, PESC accepts);
 * - pesc-transcript, response, request: the real, unedited PESC schemas (wsdl/pesc/);
 * - legacy-transcript: the earlier PESC-shaped profile, so documents stored before stay readable.
 */
const PESC_LIBRARIES = ['pesc/CoreMain_v1.14.0.xsd', 'pesc/AcademicRecord_v1.9.0.xsd'];
export const SCHEMAS = {
  transcript: {
    main: 'transcript/OntarioTranscript_v2.0.0.xsd',
    imports: ['pesc/HighSchoolTranscript_v1.5.0.xsd', ...PESC_LIBRARIES],
  },
  'pesc-transcript': { main: 'pesc/HighSchoolTranscript_v1.5.0.xsd', imports: PESC_LIBRARIES },
  response: { main: 'pesc/TranscriptResponse_v1.4.0.xsd', imports: PESC_LIBRARIES },
  request: { main: 'pesc/TranscriptRequest_v1.4.0.xsd', imports: PESC_LIBRARIES },
  'legacy-transcript': {
    main: 'transcript/legacy-v1/HighSchoolTranscript_v1.5.0.xsd',
    imports: [
      'transcript/legacy-v1/CoreMain_v1.14.0.xsd',
      'transcript/legacy-v1/AcademicRecord_v1.6.0.xsd',
      'transcript/legacy-v1/OntarioExtensions_v1.0.0.xsd',
    ],
  },
} as const;
export type SchemaName = keyof typeof SCHEMAS;

export const MAIN_SCHEMA_FILE = SCHEMAS.transcript.main;
export const IMPORTED_SCHEMA_FILES = SCHEMAS.transcript.imports;

/** Documents per xmllint run, and a bound on the bytes a run holds. */
const BATCH_MAX_DOCUMENTS = 500;
const BATCH_MAX_BYTES = 16 * 1024 * 1024;
/** wasm32's 4 GiB, and xmllint-wasm's default ceiling of 32 MiB, in 64 KiB pages. */
const WASM_MAX_PAGES = 65536;
const DEFAULT_MAX_PAGES = 512;
const PARALLEL_RUNS = Math.max(1, Math.min(4, availableParallelism()));
const UTF8 = new TextEncoder();

/** The folder holding the schemas (wsdl/ at the project root: transcript/, pesc/). */
export function schemaDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Source tree (src/transcript) and compiled tree (dist/src/transcript) sit at different depths.
  for (const up of ['../..', '../../..']) {
    const dir = path.resolve(here, up, 'wsdl');
    if (existsSync(path.join(dir, MAIN_SCHEMA_FILE))) return dir;
  }
  throw transcriptError('ETMS_E_TRANSCRIPT_VALIDATOR', {
    reason: 'transcript XSD files not found',
    reasonFr: 'fichiers XSD du relevé introuvables',
  });
}

interface SchemaFiles {
  main: XmllintFile;
  preload: XmllintFile[];
}

const schemaFiles = new Map<SchemaName, SchemaFiles>();

function loadSchema(name: SchemaName): SchemaFiles {
  let files = schemaFiles.get(name);
  if (!files) {
    const dir = schemaDirectory();
    // As bytes: xmllint-wasm copies bytes into its file system as they are, but encodes a string
    // to UTF-8 in JavaScript, character by character, on every run.
    const read = (fileName: string): XmllintFile => ({
      fileName,
      contents: new Uint8Array(readFileSync(path.join(dir, fileName))),
    });
    files = { main: read(SCHEMAS[name].main), preload: SCHEMAS[name].imports.map(read) };
    schemaFiles.set(name, files);
  }
  return files;
}

/** libxml2's English reason turned into short sentences for a clerk, in both languages. */
export function explainReason(raw: string): { en: string; fr: string } {
  const reason = raw.trim();
  let m: RegExpMatchArray | null;
  const list = (s: string) =>
    s
      .replace(/\{[^}]*\}/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  if ((m = reason.match(/^This element is not expected\. Expected is(?: one of)? \((.*)\)\.?$/))) {
    return {
      en: `this element is not expected here; expected: ${list(m[1])}`,
      fr: `cet élément n’est pas attendu à cet endroit ; attendu : ${list(m[1])}`,
    };
  }
  if (/^This element is not expected\.?$/.test(reason)) {
    return { en: 'this element is not expected here', fr: 'cet élément n’est pas attendu à cet endroit' };
  }
  if ((m = reason.match(/^Missing child element\(s\)\. Expected is(?: one of)? \((.*)\)\.?$/))) {
    return {
      en: `a required element is missing: ${list(m[1])}`,
      fr: `un élément obligatoire manque : ${list(m[1])}`,
    };
  }
  if ((m = reason.match(/^\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern/))) {
    return {
      en: `the value '${m[1]}' is not in the expected form`,
      fr: `la valeur « ${m[1]} » n’a pas la forme attendue`,
    };
  }
  if ((m = reason.match(/^\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}/))) {
    return {
      en: `the value '${m[1]}' is not one of the allowed values (${m[2]})`,
      fr: `la valeur « ${m[1]} » ne fait pas partie des valeurs permises (${m[2]})`,
    };
  }
  if ((m = reason.match(/^\[facet '(?:min|max)(?:In|Ex)clusive'\] The value '(.*)' (?:is|must be)/))) {
    return {
      en: `the value '${m[1]}' is out of the allowed range`,
      fr: `la valeur « ${m[1]} » est hors des limites permises`,
    };
  }
  if ((m = reason.match(/^\[facet '(?:min|max)?[Ll]ength'\] The value (?:'(.*)' )?has a length/))) {
    return {
      en: `the value${m[1] ? ` '${m[1]}'` : ''} is too short or too long`,
      fr: `la valeur${m[1] ? ` « ${m[1]} »` : ''} est trop courte ou trop longue`,
    };
  }
  if ((m = reason.match(/^\[facet 'fractionDigits'\] The value '(.*)' has more fractional digits/))) {
    return {
      en: `the value '${m[1]}' has too many decimals`,
      fr: `la valeur « ${m[1]} » a trop de décimales`,
    };
  }
  if ((m = reason.match(/^'(.*)' is not a valid value of the (?:local )?(?:atomic|union|list) type/))) {
    return {
      en: `the value '${m[1]}' is not valid here`,
      fr: `la valeur « ${m[1]} » n’est pas valide à cet endroit`,
    };
  }
  if (/^No matching global (?:element )?declaration available/.test(reason)) {
    return {
      en: 'this element is not part of the transcript format',
      fr: 'cet élément ne fait pas partie du format du relevé',
    };
  }
  if ((m = reason.match(/^The attribute '(.*)' is not allowed/))) {
    return { en: `the attribute '${m[1]}' is not allowed`, fr: `l’attribut « ${m[1]} » n’est pas permis` };
  }
  if (
    /^Element content is not allowed, because the content type is a simple type definition/.test(reason) ||
    /^Element content is not allowed/.test(reason)
  ) {
    return {
      en: 'this element must hold a value, not other elements',
      fr: 'cet élément doit contenir une valeur, pas d’autres éléments',
    };
  }
  return { en: reason, fr: reason };
}

const SCHEMA_LINE =
  /^(?<file>[^:]+):(?<line>\d+): (?:element [^:]+: )?Schemas validity error : Element '(?<element>[^']+)'(?:, attribute '(?<attr>[^']+)')?: (?<reason>.*)$/;
const PARSER_LINE =
  /^(?<file>[^:]+):(?<line>\d+): (?:element [^:]+: )?(?:parser|namespace) error : (?<reason>.*)$/;

function localName(qualified: string): string {
  return qualified.replace(/^\{[^}]*\}/, '').replace(/^[^:]+:/, '');
}

/** Splits xmllint's stderr into problems per document file name. */
function parseOutput(output: string): Map<string, SchemaProblem[]> {
  const byFile = new Map<string, SchemaProblem[]>();
  const add = (file: string, problem: SchemaProblem) => {
    const list = byFile.get(file) ?? [];
    list.push(problem);
    byFile.set(file, list);
  };
  for (const line of output.split('\n')) {
    const schema = line.match(SCHEMA_LINE);
    if (schema?.groups) {
      const { file, element, attr } = schema.groups;
      const reason = explainReason(schema.groups.reason);
      add(file, {
        line: Number(schema.groups.line),
        element: attr ? `${localName(element)}@${attr}` : localName(element),
        reason: reason.en,
        reasonFr: reason.fr,
      });
      continue;
    }
    const parser = line.match(PARSER_LINE);
    if (parser?.groups) {
      add(parser.groups.file, {
        line: Number(parser.groups.line),
        element: null,
        reason: `not well-formed XML: ${parser.groups.reason}`,
        reasonFr: `XML mal formé : ${parser.groups.reason}`,
      });
      continue;
    }
    const failed = line.match(/^(\S+) fails to validate$/);
    if (failed && !byFile.has(failed[1])) {
      add(failed[1], {
        line: null,
        element: null,
        reason: 'the file does not follow the transcript format',
        reasonFr: 'le fichier ne respecte pas le format du relevé',
      });
    }
  }
  return byFile;
}

function memoryFor(totalBytes: number): number {
  // libxml2 trees take several times the text size; leave generous headroom, within wasm's limit.
  const wanted = Math.ceil((64 * 1024 * 1024 + totalBytes * 24) / (64 * 1024));
  return Math.min(WASM_MAX_PAGES, Math.max(DEFAULT_MAX_PAGES, wanted));
}

async function runXmllint(
  documents: ReadonlyArray<string | Uint8Array>,
  schemaName: SchemaName,
): Promise<SchemaProblem[][]> {
  const schema = loadSchema(schemaName);
  // Text is encoded here, natively, into buffers of the run's own that move to the xmllint thread
  // without a copy (xmllint-wasm would otherwise encode it in JavaScript there, after a copy).
  const transfer: ArrayBuffer[] = [];
  const files = documents.map((document, i) => {
    let contents = document;
    if (typeof document === 'string') {
      const bytes = UTF8.encode(document);
      transfer.push(bytes.buffer as ArrayBuffer);
      contents = bytes;
    }
    return { fileName: `transcript-${i}.xml`, contents };
  });
  const totalBytes = files.reduce(
    (sum, f) => sum + (typeof f.contents === 'string' ? f.contents.length * 2 : f.contents.byteLength),
    0,
  );
  let result: { exitCode: number; stderr: string };
  try {
    result = await xmllintPool().run({
      args: ['--schema', schema.main.fileName, '--noout', ...files.map((f) => f.fileName)],
      files: [...files, schema.main, ...schema.preload],
      maxMemoryPages: memoryFor(totalBytes),
      transfer,
    });
  } catch (error) {
    throw transcriptError(
      'ETMS_E_TRANSCRIPT_VALIDATOR',
      { reason: 'the XSD validator stopped', reasonFr: 'le validateur XSD s’est arrêté' },
      error,
    );
  }
  // xmllint: 0 valid, 3 or 4 a document does not validate; anything else (1: not well-formed,
  // 5: the schema, -1: aborted) is read for per-document problems or reported as a whole.
  if (result.exitCode === 0) return documents.map(() => []);
  const byFile = parseOutput(result.stderr);
  if (result.exitCode !== 3 && result.exitCode !== 4) {
    if (documents.length > 1) return validateEach(documents, schemaName);
    if (byFile.size === 0) {
      const first = result.stderr.split('\n')[0].slice(0, 200);
      throw transcriptError('ETMS_E_TRANSCRIPT_VALIDATOR', { reason: first, reasonFr: first });
    }
  }
  return files.map((f) => byFile.get(f.fileName) ?? []);
}

async function validateEach(
  documents: ReadonlyArray<string | Uint8Array>,
  schemaName: SchemaName,
): Promise<SchemaProblem[][]> {
  const out: SchemaProblem[][] = [];
  for (const doc of documents) out.push((await runXmllint([doc], schemaName))[0]);
  return out;
}

/**
 * Validates many documents against the transcript XSD, compiling the schema once per run of
 * up to 500 documents (16 MB). Returns, for each document, its problems (empty when valid).
 */
export async function validateTranscriptXmlBatch(
  documents: ReadonlyArray<string | Uint8Array>,
  schemaName: SchemaName = 'transcript',
): Promise<SchemaProblem[][]> {
  const chunks: Array<[number, number]> = [];
  let start = 0;
  while (start < documents.length) {
    let end = start;
    let bytes = 0;
    while (end < documents.length && end - start < BATCH_MAX_DOCUMENTS) {
      const size =
        typeof documents[end] === 'string'
          ? (documents[end] as string).length
          : (documents[end] as Uint8Array).byteLength;
      if (end > start && bytes + size > BATCH_MAX_BYTES) break;
      bytes += size;
      end++;
    }
    chunks.push([start, end]);
    start = end;
  }
  // Each run has its own worker thread, so runs proceed in parallel up to the number of cores.
  const results: SchemaProblem[][] = new Array(documents.length);
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) {
      const [from, to] = chunks[next++];
      const problems = await runXmllint(documents.slice(from, to), schemaName);
      problems.forEach((p, i) => (results[from + i] = p));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_RUNS, chunks.length) }, lane));
  return results;
}

interface Pending {
  document: string | Uint8Array;
  schemaName: SchemaName;
  resolve: (problems: SchemaProblem[]) => void;
  reject: (error: unknown) => void;
}

let queue: Pending[] = [];
let flushScheduled = false;
let runsInFlight = 0;
/** Runs started at once by single validations; documents arriving meanwhile wait for the next run. */
const RUNS_IN_FLIGHT = 2;

function flush(): void {
  flushScheduled = false;
  if (queue.length === 0 || runsInFlight >= RUNS_IN_FLIGHT) return;
  // One run checks documents against one schema: the first waiting document's.
  const schemaName = queue[0].schemaName;
  const batch = queue.filter((p) => p.schemaName === schemaName).slice(0, BATCH_MAX_DOCUMENTS);
  const taken = new Set(batch);
  queue = queue.filter((p) => !taken.has(p));
  runsInFlight++;
  validateTranscriptXmlBatch(
    batch.map((p) => p.document),
    schemaName,
  )
    .then(
      (results) => batch.forEach((p, i) => p.resolve(results[i])),
      (error) => batch.forEach((p) => p.reject(error)),
    )
    .finally(() => {
      runsInFlight--;
      flush();
    });
  if (queue.length > 0) flush();
}

/**
 * Validates one document against the transcript XSD; returns its problems (empty when valid).
 * Calls made in the same tick share one xmllint run, and under load calls made while runs are
 * going are gathered into the next one (each run compiles the schema again).
 */
export function validateTranscriptXml(
  document: string | Uint8Array,
  schemaName: SchemaName = 'transcript',
): Promise<SchemaProblem[]> {
  return new Promise((resolve, reject) => {
    queue.push({ document, schemaName, resolve, reject });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
}
