/**
 * The exchange from python3-zeep (Debian's package), a client we did not write: the WSDL loaded in
 * strict mode, every operation, the faults with their codes in the detail, and no warning at all;
 * PESC Transcript Requests read and sent by zeep with the real PESC schemas the WSDL imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestCentral, type TestCentral } from '../agent/harness.js';
import { transcriptFor } from '../requests/support.js';
import { ontarioRequest } from '../support/pesc.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'zeep', 'lifecycle.py');
const PESC_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'zeep', 'pesc_request.py');
const PESC = join(dirname(fileURLToPath(import.meta.url)), '../../wsdl/pesc');
const hasZeep =
  existsSync(PYTHON) &&
  (await promisify(execFile)(PYTHON, ['-c', 'import zeep']).then(
    () => true,
    () => false,
  ));
if (!hasZeep) console.warn('zeep test skipped: /usr/bin/python3 with zeep (python3-zeep) is not installed');

let central: TestCentral;
let dir: string;
beforeAll(async () => {
  if (!hasZeep) return;
  central = await startTestCentral('api_zeep');
  dir = mkdtempSync(join(tmpdir(), 'etms-zeep-'));
});
afterAll(async () => {
  await central?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasZeep)('python3-zeep', () => {
  it('runs the whole lifecycle and gets every fault, without a warning', async () => {
    const refs = ['H20260302870001', 'H20260302870002', 'H20260302870003', 'H20260302870004'];
    const transcripts = Object.fromEntries(
      await Promise.all(refs.map(async (r) => [r, (await transcriptFor(r)).toString('utf8')])),
    );
    const file = join(dir, 'transcripts.json');
    writeFileSync(file, JSON.stringify(transcripts));
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [
        SCRIPT,
        `${central.url}/soap/exchange?wsdl`,
        central.intakeCredential.id,
        central.intakeCredential.secret,
        central.agentCredential.id,
        central.agentCredential.secret,
        file,
      ],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.filed).toEqual(refs.map((r) => [r, 'ACTION_REQUIRED', true]));
    expect(out.again).toBe(false);
    expect(out.conflict).toEqual({ faultcode: 'soap:Client', code: 'ETMS_E_REFERENCE_CONFLICT' });
    expect(out.status).toEqual(['ACTION_REQUIRED', 'Action requise', 'TO_PROCESS']);
    expect(out.leased).toEqual(refs);
    expect(out.released).toBe(true);
    expect(out.report_released).toEqual({ faultcode: 'soap:Client', code: 'ETMS_E_LEASE_NOT_HELD' });
    expect(out.single).toEqual(['E_TRANSCRIPT_SENT', 1, true]);
    expect(out.batch).toEqual([
      [refs[1], 'E_TRANSCRIPT_SENT', null],
      [refs[2], null, 'ETMS_E_TRANSCRIPT_TRACKING_MISMATCH'],
    ]);
    expect(out.reported).toEqual([[refs[2], 'AUTO_PROCESS_ERROR']]);
    expect(out.auto_error).toEqual(['AUTO_PROCESS_ERROR', 'Aucun élève', 'No student', 'NO_MATCH']);
    expect(out.by_tracking).toEqual([refs[0], 'E_TRANSCRIPT_SENT']);
    expect(out.cancelled).toBe('CANCELLED');
    expect(out.faults).toEqual({
      unauthenticated: { faultcode: 'soap:Client', code: 'ETMS_E_UNAUTHENTICATED' },
      forbidden: { faultcode: 'soap:Client', code: 'ETMS_E_FORBIDDEN' },
      not_found: { faultcode: 'soap:Client', code: 'ETMS_E_REQUEST_NOT_FOUND' },
      tracking_not_found: { faultcode: 'soap:Client', code: 'ETMS_E_REQUEST_NOT_FOUND' },
      origin_required: { faultcode: 'soap:Client', code: 'ETMS_E_ORIGIN_REQUIRED' },
      not_cancellable: { faultcode: 'soap:Client', code: 'ETMS_E_NOT_CANCELLABLE' },
      not_pending: { faultcode: 'soap:Client', code: 'ETMS_E_REQUEST_NOT_PENDING' },
    });
  });
});

describe.skipIf(!hasZeep)('python3-zeep, PESC Transcript Requests', () => {
  it('loads the real PESC schemas from the WSDL, files a request and reads the Transcript Response, with the faults of SubmitTranscriptRequest', async () => {
    const example = join(PESC, 'examples-TranscriptRequest_v1.4.0.xml');
    const ontario = join(dir, 'ontario-request.xml');
    writeFileSync(ontario, ontarioRequest(readFileSync(example, 'utf8'), 'H20260302870101'));
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [
        PESC_SCRIPT,
        `${central.url}/soap/exchange?wsdl`,
        central.intakeCredential.id,
        central.intakeCredential.secret,
        central.agentCredential.id,
        central.agentCredential.secret,
        ontario,
        example,
      ],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.filed).toEqual(['TranscriptRequestReceived', 'H20260302870101', 'Response']);
    expect(out.again).toEqual(out.filed);
    expect(await central.store.requests.findByReference('H20260302870101')).toMatchObject({
      origin: 'OCAS',
      schoolBsid: '900001',
      lastName: 'Doe',
      oen: '948743687',
      birthDate: '2006-03-15',
      destinationCode: 'EXAMPLE-COLLEGE',
    });
    expect(out.faults).toEqual({
      conflict: { faultcode: 'soap:Client', code: 'ETMS_E_REFERENCE_CONFLICT' },
      not_ontario: { faultcode: 'soap:Client', code: 'ETMS_E_INVALID_INPUT' },
      unauthenticated: { faultcode: 'soap:Client', code: 'ETMS_E_UNAUTHENTICATED' },
      forbidden: { faultcode: 'soap:Client', code: 'ETMS_E_FORBIDDEN' },
    });
  });
});
