// How a refusal names what zod found wrong, the same everywhere input is checked: a path written as
// in the input (`steps[2].after[0]`) and the problem.
import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

/** ['steps', 2, 'after', 0] -> "steps[2].after[0]". */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
    '',
  );
}

/** `path: message` for each issue, `; `-separated: the message of a VALIDATION_FAILED refusal. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('; ');
}
