import { describe, expect, it } from 'vitest';
import { defineError, ErrorFamily, errorFromWire, EtmsError, Internal } from '../src/errors.js';
import { RequestStale, TransitionRefused } from '../src/domain/errors.js';
import { LeaseLost } from '../src/exchange/errors.js';
import {
  SchemaInvalid,
  TrackingMismatch,
  transcriptError,
  transcriptProblem,
  ValidatorUnavailable,
} from '../src/transcript/errors.js';
import { isGone, isTransient } from '../src/agent/errors.js';
import { faultOf, outcomeOf } from '../src/exchange/outcomes.js';

describe('error kinds', () => {
  it('build errors with their stable code, status and sentence, and recognise only their own', () => {
    const error = RequestStale('R-1');
    expect(error).toBeInstanceOf(EtmsError);
    expect(error).toMatchObject({ code: 'ETMS_E_REQUEST_STALE', status: 409 });
    expect(error.message).toContain('R-1');
    expect(RequestStale.is(error)).toBe(true);
    expect(TransitionRefused.is(error)).toBe(false);
    expect(RequestStale.is(new Error('ETMS_E_REQUEST_STALE'))).toBe(false);
    expect(RequestStale.is({ code: 'ETMS_E_REQUEST_STALE' })).toBe(false);
  });

  it('refuse a code declared twice', () => {
    defineError('ETMS_E_TEST_ONCE', 400, () => 'once');
    expect(() => defineError('ETMS_E_TEST_ONCE', 400, () => 'twice')).toThrow(/declared twice/);
  });

  it('group kinds in families: every transcript problem, the tracking mismatch included', () => {
    expect(transcriptProblem.has(transcriptError('ETMS_E_TRANSCRIPT_EMPTY'))).toBe(true);
    expect(transcriptProblem.has(TrackingMismatch('R-1', 'R-2'))).toBe(true);
    expect(transcriptProblem.has(RequestStale('R-1'))).toBe(false);
    const other = new ErrorFamily('other');
    const kind = defineError('ETMS_E_TEST_FAMILY', 400, () => 'x', { family: other });
    expect(other.has(kind())).toBe(true);
    expect(transcriptProblem.has(kind())).toBe(false);
  });

  it('turn a peer fault back into the kind declared for its code, keeping what the peer said', () => {
    const sent = faultOf(transcriptError('ETMS_E_TRANSCRIPT_SCHEMA', { problems: [] }));
    const outcome = outcomeOf({ referenceNumber: 'R-1', fault: sent });
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: EtmsError }).error;
    expect(SchemaInvalid.is(error)).toBe(true);
    expect(transcriptProblem.has(error)).toBe(true);
    expect(error).toMatchObject({ code: sent.code, message: sent.message, status: sent.status });

    expect(isGone(errorFromWire(faultOf(LeaseLost('R-1'))))).toBe(true);
    expect(isTransient(errorFromWire(faultOf(ValidatorUnavailable())))).toBe(true);
    expect(isTransient(errorFromWire(faultOf(Internal())))).toBe(true);
    expect(isTransient(errorFromWire(faultOf(SchemaInvalid())))).toBe(false);
  });

  it('keep an unknown peer code as sent, recognised by no kind', () => {
    const error = errorFromWire({ code: 'ETMS_E_FROM_A_NEWER_CENTRAL', message: 'new', status: 409 });
    expect(error).toMatchObject({ code: 'ETMS_E_FROM_A_NEWER_CENTRAL', message: 'new', status: 409 });
    expect(isGone(error)).toBe(false);
    expect(isTransient(error)).toBe(false);
    expect(transcriptProblem.has(error)).toBe(false);
  });
});
