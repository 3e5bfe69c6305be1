/** Worker thread entry of the transcript XML checks (see xml-check.ts). */
import { serveJobs } from '../workers/serve.js';
import { readTranscriptXml } from './read.js';
import type { XmlCheckInput } from './xml-check.js';

serveJobs((input: XmlCheckInput) => readTranscriptXml(input.bytes, input.options));
