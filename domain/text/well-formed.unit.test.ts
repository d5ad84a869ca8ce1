import fc from 'fast-check';
import { findIllFormedInput, textProblem, truncateText, wellFormed, wellFormedDeep } from './well-formed';

/** No unpaired surrogate: what UTF-8 (and so Temporal's core and PostgreSQL) can hold. */
const isWellFormed = (s: string) => !/\p{Cs}/u.test(s);

describe('textProblem', () => {
  test.each([
    ['Nguyễn Thị Minh Khai', undefined],
    ['Ủy ban nhân dân xã Phú Hòa\nTầng 2\tphòng 3\r\n', undefined],
    ['🏛️📄✅ e\u0301 שלום \u202Egnp \uFEFFBOM \u2028', undefined],
    ['\uD800', 'contains an unpaired surrogate U+D800: not well-formed Unicode'],
    ['lone low \uDFFF', 'contains an unpaired surrogate U+DFFF: not well-formed Unicode'],
    ['reversed \uDC00\uD800', 'contains an unpaired surrogate U+DC00: not well-formed Unicode'],
    ['abc\u0000def', 'contains the control character U+0000 (NUL)'],
    ['\u001b[31mred', 'contains the control character U+001B'],
    ['del\u007f', 'contains the control character U+007F'],
    ['c1\u0085', 'contains the control character U+0085'],
    ['\uFFFE', 'contains the noncharacter U+FFFE'],
    ['\u{10FFFF}', 'contains the noncharacter U+10FFFF'],
  ])('%j → %s', (text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  test('every string the platform encodes to UTF-8 and back unchanged, and free of controls, passes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const clean = s.replace(/(?![\t\n\r])[\p{Cc}\p{Noncharacter_Code_Point}]/gu, '');
        expect(textProblem(clean)).toBeUndefined();
      }),
    );
  });

  test('any string with an unpaired surrogate is refused', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'),
        fc.string(),
        (a, lone, b) => {
          // Keep the lone half unpaired whatever is around it.
          const text = `${a.replace(/[\uD800-\uDFFF]/g, '')}x${lone}x${b.replace(/[\uD800-\uDFFF]/g, '')}`;
          expect(textProblem(text)).toMatch(/unpaired surrogate/);
        },
      ),
    );
  });
});

describe('findIllFormedInput', () => {
  test('names the field of the first problem, object keys and array items included', () => {
    expect(findIllFormedInput({ a: 'ok', b: ['ok', 'x\uD800'] }, 'input')).toEqual({
      path: 'input.b[1]',
      problem: 'contains an unpaired surrogate U+D800: not well-formed Unicode',
    });
    expect(findIllFormedInput({ formData: { ['bad\u0000key']: 1 } }, 'input')).toEqual({
      path: 'input.formData.<key>',
      problem: 'has a key that contains the control character U+0000 (NUL)',
    });
    expect(findIllFormedInput({ first: '\u0007', second: '\uD800' }, 'x')?.path).toBe('x.first');
    expect(findIllFormedInput({ date: new Date(0), n: 3, t: true, none: null }, 'x')).toBeUndefined();
  });

  test('refuses nesting deeper than the limit without recursing (100,000 levels)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findIllFormedInput(deep, 'formData')?.problem).toBe('is nested more than 32 levels deep');
    let ok: unknown = 'leaf';
    for (let i = 0; i < 31; i++) ok = { k: ok };
    expect(findIllFormedInput(ok, 'formData')).toBeUndefined();
  });
});

describe('wellFormed / wellFormedDeep (inside the workflow)', () => {
  test('unpaired surrogates and NUL become U+FFFD; pairs and Vietnamese stay', () => {
    expect(wellFormed('a\uD800b\uDC00c\u0000d🏛Đ')).toBe('a\uFFFDb\uFFFDc\uFFFDd🏛Đ');
    expect(isWellFormed(wellFormed('a\uD800b'))).toBe(true);
  });

  test('returns the very same object when nothing needs repair (recorded histories replay unchanged)', () => {
    const input = { a: ['x', { b: 'Nguyễn' }], n: 1, d: null };
    expect(wellFormedDeep(input)).toBe(input);
  });

  test('repairs strings and keys at any depth without touching the original', () => {
    const input = { ['k\uD800']: ['ok', { note: '\uDFFF' }], same: { v: 'x' } };
    const out = wellFormedDeep(input);
    expect(out).toEqual({ ['k\uFFFD']: ['ok', { note: '\uFFFD' }], same: { v: 'x' } });
    expect(out.same).toBe(input.same);
    expect(input['k\uD800'][1]).toEqual({ note: '\uDFFF' });
    expect(isWellFormed(JSON.stringify(out))).toBe(true);
  });

  test('whatever string comes in, what comes out is well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => expect(isWellFormed(wellFormed(s))).toBe(true)),
    );
  });
});

test('truncateText never leaves half a surrogate pair', () => {
  expect(truncateText('ab🏛cd', 3)).toBe('ab');
  expect(truncateText('ab🏛cd', 4)).toBe('ab🏛');
  expect(truncateText('abc', 10)).toBe('abc');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.nat(50), (s, n) => {
      expect(isWellFormed(truncateText(s, n))).toBe(true);
    }),
  );
});
