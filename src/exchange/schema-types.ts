/**
 * The TypeScript type of a JSON Schema written `as const`, for the subset the exchange's schemas use:
 * `type` (string, integer, number, boolean, array, object), `enum`, `properties` with `required`,
 * `items`, `$ref` to another named schema, and `oneOf` alternatives that each only add required
 * properties. The exchange's types are derived from its schemas with it, so the contract is written
 * once and what ajv accepts is what the code is typed to receive.
 */

/** The named schemas a `$ref: '#/components/schemas/Name'` may point at. */
type Defs = Record<string, unknown>;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

type RequiredOf<S> = S extends { required: readonly (infer R)[] } ? R : never;

type ObjectOf<P, R, D extends Defs> = Flatten<
  { -readonly [K in keyof P & R]-?: Infer<P[K], D> } & {
    -readonly [K in Exclude<keyof P, R>]?: Infer<P[K], D>;
  }
>;

/** `oneOf: [{ required: [a] }, { required: [b] }]`: one object type per alternative. */
type Alternatives<S, P, D extends Defs> = S extends { oneOf: readonly (infer A)[] }
  ? A extends { required: readonly (infer R)[] }
    ? ObjectOf<P, RequiredOf<S> | R, D>
    : never
  : ObjectOf<P, RequiredOf<S>, D>;

export type Infer<S, D extends Defs> = S extends { $ref: `#/components/schemas/${infer N}` }
  ? N extends keyof D
    ? Infer<D[N], D>
    : never
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: 'string' }
      ? string
      : S extends { type: 'integer' | 'number' }
        ? number
        : S extends { type: 'boolean' }
          ? boolean
          : S extends { type: 'array'; items: infer I }
            ? Array<Infer<I, D>>
            : S extends { type: 'object'; properties: infer P }
              ? Alternatives<S, P, D>
              : S extends { type: 'object' }
                ? Record<string, unknown>
                : unknown;
