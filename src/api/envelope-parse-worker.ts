/** Worker thread entry of the large SOAP envelopes' reading (see envelope-parse.ts). */
import { serveJobs } from '../workers/serve.js';
import { parseXmlElement } from './soap-envelope.js';

serveJobs((text: string) => parseXmlElement(text));
