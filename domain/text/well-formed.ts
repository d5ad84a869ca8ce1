// Text that enters from outside must be well-formed before anything keeps it. Two sinks cannot hold
// what JavaScript strings can: Temporal's core (Rust) decodes every protobuf string as UTF-8 and stops
// the whole worker on an unpaired UTF-16 surrogate, and PostgreSQL's text and jsonb refuse NUL and
// unpaired surrogate escapes. So:
// - at every door (GraphQL arguments, agency callbacks and answers, calendar files, procedure
//   definitions, the environment), `findIllFormedInput` refuses such text, naming the field;
// - inside the workflow, `wellFormed` / `wellFormedDeep` repair whatever got past a door anyway,
//   so no input can reach Temporal's core or the read model un-encodable.
// Pure and deterministic: imported by workflow code.

/**
 * Refused at the door: unpaired surrogates (not Unicode at all), control characters other than tab,
 * line feed and carriage return (C0, DEL, C1: no name, note or code carries them; NUL breaks
 * PostgreSQL, ESC drives terminals that show logs), and noncharacters (U+FFFE, U+FFFF, …: reserved for
 * internal use, never interchanged).
 */
const REFUSED = /[\p{Cs}\p{Noncharacter_Code_Point}]|(?![\t\n\r])\p{Cc}/u;

const hex = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Single-line settings (codes, URLs, environment values) refuse tab and line breaks as well. */
const REFUSED_SINGLE_LINE = /[\p{Cs}\p{Noncharacter_Code_Point}\p{Cc}]/u;

/** What is wrong with `text` (its first refused character), or undefined when it is fine. */
export function textProblem(text: string, options: { singleLine?: boolean } = {}): string | undefined {
  const found = (options.singleLine ? REFUSED_SINGLE_LINE : REFUSED).exec(text);
  if (!found) return undefined;
  const char = found[0];
  if (/\p{Cs}/u.test(char)) return `contains an unpaired surrogate ${hex(char)}: not well-formed Unicode`;
  if (/\p{Cc}/u.test(char))
    return `contains the control character ${hex(char)}${char === '\u0000' ? ' (NUL)' : ''}`;
  return `contains the noncharacter ${hex(char)}`;
}

/** Deeper than any legitimate argument, form or agency result; far below what overflows a stack. */
export const MAX_INPUT_DEPTH = 32;

export interface InputProblem {
  /** Where, as `input.applicant.name`, `items[2]`, `formData.<key>` (a bad object key). */
  path: string;
  problem: string;
}

/**
 * The first ill-formed string (object keys included) or over-deep nesting in `value`, with its path.
 * Iterative, so a hostile 100,000-level JSON is refused, not a stack overflow.
 */
export function findIllFormedInput(
  value: unknown,
  path: string,
  maxDepth = MAX_INPUT_DEPTH,
): InputProblem | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) return { path: item.path, problem };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object' || item.value instanceof Date) continue;
    if (item.depth >= maxDepth)
      return { path: item.path, problem: `is nested more than ${maxDepth} levels deep` };
    const entries: [string, unknown][] = Array.isArray(item.value)
      ? item.value.map((v, i) => [`[${i}]`, v])
      : Object.entries(item.value).map(([k, v]) => [`.${k}`, v]);
    // Reversed onto the stack, so the first problem in reading order is reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [step, child] = entries[i];
      if (!Array.isArray(item.value)) {
        const keyProblem = textProblem(step.slice(1));
        if (keyProblem) return { path: `${item.path}.<key>`, problem: `has a key that ${keyProblem}` };
      }
      pending.push({ value: child, path: `${item.path}${step}`, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** What cannot be stored or encoded: unpaired surrogates and NUL. Each becomes U+FFFD. */
const UNENCODABLE = /[\p{Cs}\u0000]/gu;

/** `text` with every unpaired surrogate and NUL replaced by U+FFFD (the replacement character). */
export function wellFormed(text: string): string {
  return text.replace(UNENCODABLE, '\uFFFD');
}

/**
 * `value` with every string (and object key) made well-formed. Returns `value` itself when nothing
 * needed repair, so well-formed input (every recorded history) is handed on unchanged.
 */
export function wellFormedDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  // Doors refuse deeper input; past this, something is wrong enough to refuse rather than recurse.
  if (depth > 4 * MAX_INPUT_DEPTH) throw new RangeError('input nested too deeply');
  if (Array.isArray(value)) {
    const items = value.map((v) => wellFormedDeep(v, depth + 1));
    return (items.some((v, i) => v !== value[i]) ? items : value) as T;
  }
  let changed = false;
  const entries = Object.entries(value).map(([k, v]) => {
    const entry: [string, unknown] = [wellFormed(k), wellFormedDeep(v, depth + 1)];
    changed ||= entry[0] !== k || entry[1] !== v;
    return entry;
  });
  return (changed ? Object.fromEntries(entries) : value) as T;
}

/** At most `max` UTF-16 units of `text`, never ending in the first half of a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}
