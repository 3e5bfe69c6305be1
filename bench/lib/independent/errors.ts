/** Errors of the independent matching-data generator. */
import { EtmsError } from '../../../src/errors.js';

export const GENERATOR_OPTIONS_INVALID = 'ETMS_E_GENERATOR_OPTIONS_INVALID';

/** An option the generator cannot use; `what` names the option and what it must be. */
export function generatorOptionsInvalid(what: string): EtmsError {
  return new EtmsError(
    GENERATOR_OPTIONS_INVALID,
    `The generator cannot use these options: ${what}. Correct the option and run it again.`,
    { details: { what } },
  );
}
