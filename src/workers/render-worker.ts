/** Worker thread entry of the PDF and XLSX downloads (see src/reports/export-pool.ts). */
import { serveJobs } from './serve.js';
import { renderExport, type RenderJob } from '../reports/export.js';
import { renderRequestsPdf, type RequestsPdfJob } from '../admin/exports-pdf.js';

serveJobs(
  (job: RenderJob | RequestsPdfJob) => (job.kind === 'requests' ? renderRequestsPdf(job) : renderExport(job)),
  (body: Buffer) =>
    body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? [body.buffer as ArrayBuffer] : [],
);
