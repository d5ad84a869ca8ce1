// A calendar refusal's problem as the administrator reads it: the Vietnamese for its code, or the
// server's English message for a code this console does not know yet (a newer server).
import type { FieldProblem } from '../../lib/api';
import { vi } from '../../text/vi';

export const problemText = (problem: FieldProblem): string =>
  (problem.code && vi.calendar.problems[problem.code]) || problem.message;
