/** Worker thread entry of the PDF checks (see pdf.ts). */
import { serveJobs } from '../workers/serve.js';
import { inspectPdf } from './pdf-inspect.js';

serveJobs(inspectPdf);
