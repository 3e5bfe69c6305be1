/**
 * ajv validators for the operation schemas: strict for REST (JSON carries types), coercing for SOAP
 * (XML carries text). Neither drops a field the schema does not know: an element the WSDL does not
 * declare (a misspelt birthDate) is refused, as REST refuses the property, never silently lost.
 */
import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import { SCHEMAS } from '../exchange/schemas.js';
import { InvalidInput } from '../exchange/errors.js';
import { Internal } from '../errors.js';
import { isCalendarDate } from '../domain/calendar-date.js';
import { stringPaths } from '../text/nul.js';
import { firstNonXmlChar } from '../text/xml-chars.js';

const SCHEMA_ID = 'urn:etms:exchange:schemas';

function makeAjv(soap: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    coerceTypes: soap ? 'array' : false,
    removeAdditional: false,
    useDefaults: false,
  });
  // A date must name a day that exists: 2001-02-29 has the shape of one and is bad input, not a crash.
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addSchema({ $id: SCHEMA_ID, components: { schemas: SCHEMAS } });
  return ajv;
}

const restAjv = makeAjv(false);
const soapAjv = makeAjv(true);
const cache = new Map<string, ValidateFunction>();

function validator(kind: 'rest' | 'soap', name: string): ValidateFunction {
  const key = `${kind}:${name}`;
  let fn = cache.get(key);
  if (!fn) {
    const ajv = kind === 'rest' ? restAjv : soapAjv;
    fn = ajv.getSchema(`${SCHEMA_ID}#/components/schemas/${name}`);
    if (!fn) throw new Error(`schema ${name} is not defined`);
    cache.set(key, fn);
  }
  return fn;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(body)'} ${e.message ?? 'is not valid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

/**
 * Validates (and for SOAP coerces in place) an operation's input; throws ETMS_E_INVALID_INPUT. A
 * string holding a NUL character (JSON may carry one, XML cannot) is refused as well, before the
 * database would refuse it as a server error.
 */
export function checkInput(kind: 'rest' | 'soap', operation: string, schema: string, value: unknown): void {
  const fn = validator(kind, schema);
  const problems = fn(value) ? [] : describeErrors(fn.errors);
  // Whatever the exchange takes in ends up in XML: a character XML cannot carry is refused here.
  const codes: string[] = [];
  const paths = stringPaths(value, (s) => {
    const found = firstNonXmlChar(s);
    if (found) codes.push(found.code);
    return found !== undefined;
  });
  paths.forEach((path, i) =>
    problems.push(`${path} must not contain the character ${codes[i]}, which XML does not allow`),
  );
  if (problems.length > 0) throw InvalidInput(operation, problems);
}

/** A response that does not fit its schema is our bug: it is logged and refused, never sent half-right. */
export function checkOutput(operation: string, schema: string, value: unknown): void {
  const fn = validator('rest', schema);
  if (!fn(value)) {
    throw Internal(
      `The ${operation} response did not fit its schema: ${describeErrors(fn.errors).join('; ')}.`,
    );
  }
}
