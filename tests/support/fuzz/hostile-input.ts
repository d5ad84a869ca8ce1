// What the input fuzzer (tests/integration/input-fuzzing.test.ts) throws at the API: hostile text and
// JSON as fast-check arbitraries, the test's own oracle of what the doors must refuse, and a body
// serializer for JSON too deep for JSON.stringify. Written from the rule the README states ("Text the
// engine accepts"), not from the product's code, so the fuzzer checks the product rather than
// repeating it.
import fc from 'fast-check';

const char = (code: number) => String.fromCodePoint(code);
const chars = (from: number, to: number) => fc.integer({ min: from, max: to }).map(char);

export const LONE_HIGH_SURROGATE = chars(0xd800, 0xdbff);
export const LONE_LOW_SURROGATE = chars(0xdc00, 0xdfff);
/** A low half then a high half: two unpaired surrogates that look like a pair. */
export const REVERSED_PAIR = fc
  .tuple(LONE_LOW_SURROGATE, LONE_HIGH_SURROGATE)
  .map(([low, high]) => low + high);
/** C0 (NUL included) but tab, LF and CR; DEL; C1. */
export const REFUSED_CONTROL = fc.oneof(
  fc
    .integer({ min: 0, max: 0x1f })
    .filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d)
    .map(char),
  fc.constant('\u007f'),
  chars(0x80, 0x9f),
);
export const NONCHARACTER = fc.oneof(
  chars(0xfdd0, 0xfdef),
  fc
    .integer({ min: 0, max: 16 })
    .chain((plane) => fc.constantFrom(char(plane * 0x10000 + 0xfffe), char(plane * 0x10000 + 0xffff))),
);
/** One character (or reversed pair) that no door may let in. */
export const REFUSED_CHARACTER = fc.oneof(
  { weight: 3, arbitrary: LONE_HIGH_SURROGATE },
  { weight: 3, arbitrary: LONE_LOW_SURROGATE },
  { weight: 2, arbitrary: REVERSED_PAIR },
  { weight: 3, arbitrary: REFUSED_CONTROL },
  { weight: 1, arbitrary: NONCHARACTER },
);

/** Well-formed text around the refused character: it can be anywhere. */
const FRAME = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('Nguyễn Văn An', 'UBND_XA_PHU_HOA', '🏛️', 'e\u0301'),
);
/** Bulk for strings of 100 kB and more: ASCII, Vietnamese (2 UTF-8 bytes), emoji (surrogate pairs). */
const BULK = fc.constantFrom(
  'a'.repeat(100_000),
  'Đ'.repeat(60_000),
  '🏛'.repeat(30_000),
  'x'.repeat(300_000),
);

/** Text with at least one refused character, short or 100 kB+, the character at the start, inside or at the end. */
export const ILL_FORMED_TEXT: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(FRAME, REFUSED_CHARACTER, FRAME).map(([a, bad, b]) => a + bad + b) },
  // Several, apart: side by side, a lone high and a lone low half would make a valid pair.
  {
    weight: 1,
    arbitrary: fc.array(REFUSED_CHARACTER, { minLength: 2, maxLength: 6 }).map((xs) => xs.join('.')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(BULK, REFUSED_CHARACTER, fc.constantFrom('start', 'middle', 'end'))
      .map(([bulk, bad, where]) => {
        // An even index: between two code points even in the emoji bulk, so only `bad` is ill-formed.
        const half = bulk.length / 2 - ((bulk.length / 2) % 2);
        if (where === 'start') return bad + bulk;
        if (where === 'end') return bulk + bad;
        return bulk.slice(0, half) + bad + bulk.slice(half);
      }),
  },
);

/** Strings of 100 kB and more; the largest exceed the API's 1 MB body limit (413). */
export const HUGE_TEXT = fc.oneof(
  { weight: 6, arbitrary: BULK },
  { weight: 1, arbitrary: fc.constant('y'.repeat(1_100_000)) },
);

/** Well-formed but odd: what a name or note may legitimately hold, and what confuses naive code. */
export const ODD_TEXT = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    'Nguyễn Thị Minh Khai',
    'Ủy ban nhân dân xã Phú Hòa',
    '🏛️📄✅',
    '\u202Egnp.exe',
    'שלום עולם',
    'مرحبا',
    'e\u0301\u0302\u0303\u0304',
    'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
    '\uFEFFBOM',
    '\u2028\u2029',
    '　full width space',
    'ﷺ',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    '\r\n\t',
    'line\nbreak',
    '\uFFFD',
  ),
);

/** Object keys that trip naive code: prototype names, empty, huge, ill-formed. */
export const HOSTILE_KEY = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
    ' ',
    '$where',
    'a.b',
    '[0]',
    '<key>',
    '\uFEFF',
  ),
  fc.constant('k'.repeat(10_000)),
  ILL_FORMED_TEXT.filter((s) => s.length < 1_000),
);

/**
 * A JSON value written into the request body as it stands: nesting too deep for JSON.stringify
 * (and for any recursive code) travels as text. `describe` stands in for it in failure messages.
 */
export class RawJson {
  constructor(
    readonly text: string,
    readonly describe: string,
  ) {}
}

/** `{"a":{"a":…0…}}` or `[[…]]`, `depth` levels: as objects up to 1,000 levels, as raw text beyond. */
export function nested(depth: number, shape: 'object' | 'array'): unknown {
  if (depth > 1_000) {
    const text =
      shape === 'object'
        ? `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`
        : `${'['.repeat(depth)}0${']'.repeat(depth)}`;
    return new RawJson(text, `${depth.toLocaleString('en')}-level ${shape}`);
  }
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = shape === 'object' ? { a: value } : [value];
  return value;
}

/** Deep JSON: just over the doors' limit (32), far over it, and 100,000 levels (600 kB, under the body limit). */
export const DEEP_JSON = fc
  .tuple(fc.constantFrom(33, 40, 1_000, 100_000), fc.constantFrom('object' as const, 'array' as const))
  .map(([d, s]) => nested(d, s));
/** Wide JSON: thousands of keys, or one array of thousands of items. */
export const WIDE_JSON = fc.oneof(
  fc
    .constantFrom(2_000, 20_000)
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  fc.constant(Array.from({ length: 50_000 }, (_, i) => i)),
);

/** JSON with something hostile inside: ill-formed text as a value or a key at some depth, hostile keys, deep, wide. */
export const HOSTILE_JSON: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(HOSTILE_KEY, fc.oneof(ILL_FORMED_TEXT, ODD_TEXT, fc.integer())).map(([k, v]) => ({ [k]: v })),
  fc.tuple(fc.integer({ min: 0, max: 6 }), ILL_FORMED_TEXT).map(([depth, bad]) => wrapAt(depth, bad)),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), ILL_FORMED_TEXT)
    .map(([depth, bad]) => wrapAt(depth, { [bad.slice(0, 200)]: 'v' })),
  DEEP_JSON,
  WIDE_JSON,
  fc.jsonValue({ maxDepth: 3 }),
);

/** Keys that look hostile but are well-formed: the doors let them in, and they must come out as they went. */
const ODD_KEY = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '',
    ' ',
    '$where',
    'a.b',
    '<key>',
    'k'.repeat(10_000),
  ),
  ODD_TEXT,
);

/** Well-formed JSON that is odd but allowed: such keys, odd text, thousands of keys, 30 levels, 800 kB of text. */
export const ODD_JSON: fc.Arbitrary<unknown> = fc.oneof(
  // Object.fromEntries, not assignment: a "__proto__" key must stay an own property.
  fc
    .array(fc.tuple(ODD_KEY, fc.oneof(ODD_TEXT, fc.integer(), fc.boolean(), fc.constant(null))), {
      maxLength: 8,
    })
    .map((e) => Object.fromEntries(e)),
  fc.constant(nested(30, 'object')),
  WIDE_JSON,
  fc.constant({ scan: 'Đ'.repeat(400_000) }),
);

/** `value` under `depth` alternating object / array levels: {"a":[{"a":[ value ]}]}. */
function wrapAt(depth: number, value: unknown): unknown {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = i % 2 === 0 ? [wrapped] : { a: wrapped };
  return wrapped;
}

// --- the oracle ----------------------------------------------------------------------------------

/** Refused in any argument: an unpaired surrogate, a control but tab/LF/CR, a noncharacter. */
export function isIllFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        if ((codePoint & 0xfffe) === 0xfffe) return true;
        i++;
        continue;
      }
      return true;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if ((unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) || (unit >= 0x7f && unit <= 0x9f))
      return true;
    if ((unit >= 0xfdd0 && unit <= 0xfdef) || unit === 0xfffe || unit === 0xffff) return true;
  }
  return false;
}

export interface Trouble {
  /** Where, as the API names it: `input.applicant.name`, `days[0].reason`, `input.result.a.<key>`. */
  path: string;
  kind: 'ill-formed' | 'too deep';
}

/** Every place in `value` (an argument named `name`) that the doors must refuse. */
export function troubleIn(value: unknown, name: string, depth = 0, out: Trouble[] = []): Trouble[] {
  if (value instanceof RawJson) {
    out.push({ path: name, kind: 'too deep' });
  } else if (typeof value === 'string') {
    if (isIllFormed(value)) out.push({ path: name, kind: 'ill-formed' });
  } else if (value !== null && typeof value === 'object') {
    if (depth >= 32) out.push({ path: name, kind: 'too deep' });
    else if (Array.isArray(value)) value.forEach((v, i) => troubleIn(v, `${name}[${i}]`, depth + 1, out));
    else {
      for (const [k, v] of Object.entries(value)) {
        if (isIllFormed(k)) out.push({ path: `${name}.<key>`, kind: 'ill-formed' });
        troubleIn(v, `${name}.${k}`, depth + 1, out);
      }
    }
  }
  return out;
}

// --- the request body ----------------------------------------------------------------------------

/** The JSON body of a GraphQL request; RawJson values are spliced in as they are. */
export function requestBody(query: string, variables: unknown): string {
  const raws: string[] = [];
  const marker = `@@raw-json-${Math.random().toString(36).slice(2)}@@`;
  const text = JSON.stringify({ query, variables }, (_key, value: unknown) => {
    if (value instanceof RawJson) {
      raws.push(value.text);
      return `${marker}${raws.length - 1}`;
    }
    return value;
  });
  return raws.length === 0
    ? text
    : text.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), (_m, i: string) => raws[Number(i)]);
}

/** A short description of `value` for failure messages: long strings cut, raw JSON named. */
export function brief(value: unknown): string {
  const s =
    JSON.stringify(value, (_k, x: unknown) => {
      if (x instanceof RawJson) return `<${x.describe}>`;
      return typeof x === 'string' && x.length > 60 ? `${x.slice(0, 60)}…(${x.length})` : x;
    }) ?? String(value);
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}
