import { describe, expectTypeOf, it } from 'vitest';
import type {
  IntakeRequest,
  LeaseResult,
  ReleaseInput,
  RequestStatusView,
  SubmitTranscriptInput,
} from '../../src/exchange/contract.js';
import type { Wire } from '../../src/exchange/schemas.js';
import type { Status } from '../../src/domain/status.js';
import type { Origin } from '../../src/domain/request.js';

/** The exchange's types are derived from its JSON Schemas: these hold only if the derivation is right. */
describe('types derived from the exchange schemas', () => {
  it('turns required properties into required fields and the rest into optional ones', () => {
    expectTypeOf<IntakeRequest['origin']>().toEqualTypeOf<Origin>();
    expectTypeOf<IntakeRequest['schoolBsid']>().toEqualTypeOf<string>();
    expectTypeOf<IntakeRequest['transcriptCount']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<IntakeRequest['gender']>().toEqualTypeOf<'M' | 'F' | 'X' | undefined>();
    expectTypeOf<{ origin: 'OCAS' }>().not.toMatchTypeOf<IntakeRequest>();
  });

  it('follows references to other schemas', () => {
    expectTypeOf<RequestStatusView['status']>().toEqualTypeOf<Status>();
    expectTypeOf<LeaseResult['requests'][number]['attempts']>().toEqualTypeOf<number>();
    expectTypeOf<ReleaseInput['failed']>().toEqualTypeOf<boolean | undefined>();
  });

  it('makes each oneOf alternative its own object type', () => {
    type Wired = Wire<'SubmitTranscriptInput'>;
    const base = { referenceNumber: 'H1', owner: 'a', studentNumber: '1', submissionKey: 'k1234567' };
    expectTypeOf({ ...base, transcriptXml: '<x/>' }).toMatchTypeOf<Wired>();
    expectTypeOf({ ...base, transcriptBase64: 'PHgvPg==' }).toMatchTypeOf<Wired>();
    expectTypeOf(base).not.toMatchTypeOf<Wired>();
    expectTypeOf<SubmitTranscriptInput['transcript']>().toEqualTypeOf<string | Uint8Array>();
  });

  it('leaves the REST bodies without the reference number the path carries', () => {
    expectTypeOf<Wire<'ReleaseBody'>>().not.toHaveProperty('referenceNumber');
    expectTypeOf<Wire<'ReleaseBody'>['owner']>().toEqualTypeOf<string>();
  });
});
