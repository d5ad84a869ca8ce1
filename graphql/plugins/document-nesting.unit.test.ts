import { parse } from 'graphql';
import { nestedDeeperThan } from './document-nesting';

const list = (depth: number) => `{ a(x: ${'['.repeat(depth)}0${']'.repeat(depth)}) }`;

test('counts braces, brackets and parentheses together, up to the limit and past it', () => {
  // { ( [ [ [ : five levels.
  expect(nestedDeeperThan(list(3), 5)).toBe(false);
  expect(nestedDeeperThan(list(4), 5)).toBe(true);
  expect(nestedDeeperThan('{ a { b { c } } }', 3)).toBe(false);
  expect(nestedDeeperThan('{ a { b { c { d } } } }', 3)).toBe(true);
  // Depth, not count: many siblings are one level.
  expect(nestedDeeperThan(`{ ${Array.from({ length: 500 }, (_, i) => `f${i} { id }`).join(' ')} }`, 2)).toBe(
    false,
  );
});

test('brackets inside strings, block strings and comments do not count', () => {
  const text = '[[[[[[[[[[{{{{{{{{{{((((((((((';
  expect(nestedDeeperThan(`{ a(x: "${text}") }`, 2)).toBe(false);
  expect(nestedDeeperThan(`{ a(x: """${text}""") }`, 2)).toBe(false);
  expect(nestedDeeperThan(`# ${text}\n{ a }`, 1)).toBe(false);
});

test('a document the lexer cannot read is left to the parser', () => {
  // Unreadable before it gets deep: the parser will say where.
  expect(nestedDeeperThan(`{ a(x: ~ ${'['.repeat(10)}`, 5)).toBe(false);
  expect(nestedDeeperThan(`{ a(x: "unterminated ${'['.repeat(10)}`, 5)).toBe(false);
});

test('100,000 levels are measured without recursion, stopping at the limit', () => {
  expect(nestedDeeperThan(list(100_000), 100)).toBe(true);
  // What the check is for: graphql-js's recursive parser cannot take this document.
  expect(() => parse(list(100_000))).toThrow(RangeError);
});
