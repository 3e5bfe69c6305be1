/** Worker thread entry of large PESC Transcript Requests' reading (see request-reading.ts). */
import { serveJobs } from '../workers/serve.js';
import { readPescTranscriptRequest } from './request.js';
import type { RequestReadingInput } from './request-reading.js';

serveJobs((input: RequestReadingInput) => readPescTranscriptRequest(input.bytes, input.options));
