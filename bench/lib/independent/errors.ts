/** Errors of the independent matching-data generator, recognised by their kind. */
import { defineError } from '../../../src/errors.js';

/** An option the generator cannot use; `what` names the option and what it must be. */
export const GeneratorOptionsInvalid = defineError(
  'ETMS_E_GENERATOR_OPTIONS_INVALID',
  400,
  (what: string) => ({
    message: `The generator cannot use these options: ${what}. Correct the option and run it again.`,
    details: { what },
  }),
);
