/**
 * Ontario Education Numbers. The Ministry describes the OEN as nine digits: eight randomly assigned
 * digits and a check digit. The check digit used here is the mod-10 "Luhn" scheme of other
 * nine-digit Canadian identifiers such as the SIN: from the right, every second digit of the body
 * (the 8th, 6th, 4th and 2nd digits of the OEN) is doubled, 9 is subtracted from a doubled value
 * above 9, and the check digit brings the sum of all nine digits to a multiple of 10. It catches
 * every one-digit slip and every swap of two neighbouring digits except 0↔9.
 */

/** The check digit that completes an eight-digit body. */
export function oenCheckDigit(body: string): number {
  if (!/^\d{8}$/.test(body)) throw new RangeError('an OEN body has eight digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    let d = body.charCodeAt(i) - 48;
    // Position from the right in the full nine-digit number is 9 - i; even positions are doubled.
    if ((9 - i) % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `oen` is nine digits whose last one is the check digit of the first eight. */
export function isValidOen(oen: string): boolean {
  return /^\d{9}$/.test(oen) && oenCheckDigit(oen.slice(0, 8)) === oen.charCodeAt(8) - 48;
}

/** A nine-digit OEN from an eight-digit body. */
export function oenFromBody(body: string): string {
  return body + String(oenCheckDigit(body));
}
