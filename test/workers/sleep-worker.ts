/** A thread entry for the pool's tests: holds its thread for the given milliseconds, says when. */
import { serveJobs } from '../../src/workers/serve.js';

serveJobs(async (ms: number) => {
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { start, end: Date.now() };
});
