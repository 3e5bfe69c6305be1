import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidOen, oenCheckDigit, oenFromBody } from '../../../bench/lib/independent/oen.js';

describe('OEN check digit', () => {
  it('completes a body the mod-10 (Luhn) way', () => {
    // The textbook nine-digit example of the scheme: 046 454 286.
    expect(oenCheckDigit('04645428')).toBe(6);
    expect(isValidOen('046454286')).toBe(true);
    expect(isValidOen('046454287')).toBe(false);
    expect(isValidOen('04645428')).toBe(false);
    expect(isValidOen('04645428a')).toBe(false);
  });

  it('catches every one-digit slip', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{8}$/),
        fc.nat(8),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const oen = oenFromBody(body);
          const slipped = oen.slice(0, at) + String((Number(oen[at]) + delta) % 10) + oen.slice(at + 1);
          expect(isValidOen(oen)).toBe(true);
          expect(isValidOen(slipped)).toBe(false);
        },
      ),
    );
  });

  it('catches every swap of two different neighbouring digits except 0 and 9', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.nat(7), (body, at) => {
        const oen = oenFromBody(body);
        const [a, b] = [oen[at], oen[at + 1]];
        fc.pre(a !== b && !(a + b === '09' || a + b === '90'));
        const swapped = oen.slice(0, at) + b + a + oen.slice(at + 2);
        expect(isValidOen(swapped)).toBe(false);
      }),
    );
  });
});
