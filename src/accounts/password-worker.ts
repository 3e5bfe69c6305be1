/** Worker thread entry of the password checks (see password-checks.ts): scrypt at a lower priority. */
import { serveJobs } from '../workers/serve.js';
import { verifyPasswordHere } from '../domain/password.js';

serveJobs((job: { password: string; hash: string }) => verifyPasswordHere(job.password, job.hash));
