import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info' }, stream) };
}

describe('logging', () => {
  it('never writes names, birth dates, OENs or file bodies, at any depth we log', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        oen: '123456789',
        request: {
          firstName: 'Amélie',
          lastName: 'Tremblay',
          birthDate: '2005-04-17',
          studentNumber: '0123',
        },
        upload: { xml: '<HighSchoolTranscript>secret</HighSchoolTranscript>' },
        candidate: { student: { name: 'Amélie Tremblay' } },
      },
      'matched',
    );
    const out = lines.join('');
    for (const secret of ['123456789', 'Amélie', 'Tremblay', '2005-04-17', '0123', 'secret'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(JSON.parse(lines[0])).toMatchObject({ name: 'etms', msg: 'matched' });
  });
});
