// The engine's validation problems in Vietnamese: its codes have words in vi.procedureErrors; a
// field that is merely missing says so.
import type { FieldProblem } from '../../lib/api';
import { vi } from '../../text/vi';

export function problemText(problems: readonly FieldProblem[]): string | undefined {
  if (problems.length === 0) return undefined;
  const texts = problems.map((p) =>
    p.code === 'INVALID_FIELD' && p.message.startsWith('Required')
      ? vi.editor.requiredField
      : (vi.procedureErrors[p.code ?? ''] ?? vi.procedureErrors.INVALID_FIELD),
  );
  return [...new Set(texts)].join(' ');
}
