/** Errors of the independent matching-data generator, caught by their class. */
import { EtmsError } from '../../../src/errors.js';

export const GENERATOR_OPTIONS_INVALID = 'ETMS_E_GENERATOR_OPTIONS_INVALID';

/** An option the generator cannot use; `what` names the option and what it must be. */
export class GeneratorOptionsInvalid extends EtmsError {
  constructor(what: string) {
    super(
      GENERATOR_OPTIONS_INVALID,
      `The generator cannot use these options: ${what}. Correct the option and run it again.`,
      { details: { what } },
    );
    this.name = 'GeneratorOptionsInvalid';
  }
}

export function generatorOptionsInvalid(what: string): GeneratorOptionsInvalid {
  return new GeneratorOptionsInvalid(what);
}
