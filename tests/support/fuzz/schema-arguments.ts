// The arguments of every root field, read from `schema.graphql`, so that the fuzzer reaches every
// argument of every query, mutation and subscription, nested input fields and list items included,
// and a new argument is fuzzed without anyone writing a case for it.
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface RootField {
  kind: OperationKind;
  name: string;
  field: GraphQLField<unknown, unknown>;
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const types = {
    query: schema.getQueryType(),
    mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType(),
  };
  return (Object.entries(types) as [OperationKind, (typeof types)[OperationKind]][]).flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ kind, name: field.name, field })),
  );
}

/** `query($code: String!, …) { field(code: $code, …) <selection> }`: every argument a variable of its own name. */
export function operationFor({ kind, name, field }: RootField, selection?: string): string {
  const definitions = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const select = selection ?? (isLeafType(getNamedType(field.type)) ? '' : '{ __typename }');
  return `${kind}${definitions ? `(${definitions})` : ''} { ${name}${args ? `(${args})` : ''} ${select} }`;
}

/** A value of the right shape naming nothing that exists: every optional field present, one item per list. */
function neutral(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return neutral(type.ofType);
  if (isListType(type)) return [neutral(type.ofType)];
  if (isInputObjectType(type))
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, neutral(f.type)]));
  if (isEnumType(type)) return type.getValues()[0].value;
  const scalars: Record<string, unknown> = {
    String: 'fuzz-none',
    ID: 'fuzz-none',
    Int: 1,
    Float: 1,
    Boolean: true,
    Date: '2031-01-01',
    DateTime: '2031-01-01T02:00:00Z',
    JSON: { note: 'fuzz' },
  };
  if (!(type.name in scalars)) throw new Error(`no neutral value for the scalar ${type.name}: add one`);
  return scalars[type.name];
}

export const neutralArguments = (field: GraphQLField<unknown, unknown>): Record<string, unknown> =>
  Object.fromEntries(field.args.map((a) => [a.name, neutral(a.type)]));

/** One place where a caller's value goes: an argument, a nested input field, a list item. */
export interface Leaf {
  /** As the API names it: `input.applicant.name`, `days[0].reason`, `status[0]`. */
  path: string;
  segments: (string | number)[];
  /** The leaf's named type: String, ID and JSON carry text; the others are refused by GraphQL's own coercion. */
  typeName: string;
}

function leavesOf(type: GraphQLInputType, segments: (string | number)[], path: string, out: Leaf[]): void {
  if (isNonNullType(type)) return leavesOf(type.ofType, segments, path, out);
  if (isListType(type)) return leavesOf(type.ofType, [...segments, 0], `${path}[0]`, out);
  if (isInputObjectType(type)) {
    for (const f of Object.values(type.getFields()))
      leavesOf(f.type, [...segments, f.name], `${path}.${f.name}`, out);
    return;
  }
  out.push({ path, segments, typeName: getNamedType(type).name });
}

export const leaves = (field: GraphQLField<unknown, unknown>): Leaf[] =>
  field.args.flatMap((a: GraphQLArgument) => {
    const out: Leaf[] = [];
    leavesOf(a.type, [a.name], a.name, out);
    return out;
  });

/** `variables` with `value` at `segments` (a copy; the rest shared). */
export function withValueAt(
  variables: Record<string, unknown>,
  segments: (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = segments;
  const container: any = Array.isArray(variables) ? [...variables] : { ...variables };
  container[head] = rest.length === 0 ? value : withValueAt(container[head], rest, value);
  return container;
}

/** What to draw for each kind of leaf when fuzzing a whole field. */
export interface LeafArbitraries {
  text: fc.Arbitrary<unknown>;
  json: fc.Arbitrary<unknown>;
  int: fc.Arbitrary<unknown>;
  float: fc.Arbitrary<unknown>;
  boolean: fc.Arbitrary<unknown>;
  date: fc.Arbitrary<unknown>;
  dateTime: fc.Arbitrary<unknown>;
  /** Enum leaves draw a declared value or this. */
  enumOther: fc.Arbitrary<unknown>;
  /** Anywhere: a value of the wrong type. */
  wrongType: fc.Arbitrary<unknown>;
}

/**
 * A long list's body stays within about 2 MB: twice what the API takes (API_LIMITS.maxBodyBytes), so
 * the limit is still tested, without the fuzzer building and sending bodies ten times that size over
 * and over (a 1 MB string 5,000 times could not even be built).
 */
const LONG_LIST_BYTES = 2_000_000;
const longListLength = (item: unknown) =>
  Math.max(2, Math.min(5_000, Math.floor(LONG_LIST_BYTES / ((JSON.stringify(item) ?? '').length + 1))));

/**
 * `long`: whether a list here may be drawn thousands of items long. Not inside such a list: a long
 * list of long lists (a procedure's 5,000 steps each waiting for 5,000 steps) is a body of hundreds
 * of megabytes, which the test could not even build, while one long list already tests the limits.
 */
function valueArbitrary(
  type: GraphQLInputType,
  a: LeafArbitraries,
  nonNull = false,
  long = true,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueArbitrary(type.ofType, a, true, long);
  const missing = fc.constantFrom(undefined, null);
  let inner: fc.Arbitrary<unknown>;
  if (isListType(type)) {
    // A single value where a list is expected is coerced to a list of one: drawn as well.
    // Thousands of items as well: one drawn item repeated.
    const item = valueArbitrary(type.ofType, a, false, long);
    inner = fc.oneof(
      { weight: 4, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: item },
      ...(long
        ? [
            {
              weight: 1,
              arbitrary: valueArbitrary(type.ofType, a, false, false).map((v) =>
                Array.from({ length: longListLength(v) }, () => v),
              ),
            },
          ]
        : []),
    );
  } else if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    inner = fc.record(
      Object.fromEntries(fields.map((f) => [f.name, valueArbitrary(f.type, a, false, long)])),
      { requiredKeys: [] },
    );
  } else if (isEnumType(type)) {
    inner = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.value as unknown)) },
      { weight: 1, arbitrary: a.enumOther },
    );
  } else {
    const byName: Record<string, fc.Arbitrary<unknown>> = {
      String: a.text,
      ID: a.text,
      JSON: a.json,
      Int: a.int,
      Float: a.float,
      Boolean: a.boolean,
      Date: a.date,
      DateTime: a.dateTime,
    };
    inner = byName[type.name] ?? a.text;
  }
  return fc.oneof(
    { weight: 12, arbitrary: inner },
    { weight: 1, arbitrary: a.wrongType },
    { weight: nonNull ? 1 : 2, arbitrary: missing },
  );
}

/** Variables for every argument of `field`, each drawn by its type (absent at times, of the wrong type at times). */
export const argumentsArbitrary = (
  field: GraphQLField<unknown, unknown>,
  a: LeafArbitraries,
): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueArbitrary(arg.type, a)])), {
    requiredKeys: [],
  });
