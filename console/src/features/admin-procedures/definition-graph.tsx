// A procedure version's steps as a graph, for administrators: each step with its agency and
// working days; a step the engine found a problem in is drawn in red.
import { StepGraph } from '../../components/step-graph';
import { vi } from '../../text/vi';

interface Step {
  key: string;
  name: string;
  agencyCode: string;
  workingDays: number | null;
  after: readonly string[];
}

const PLAIN = { background: '#e7f5ff', border: '#1864ab' };
const FAULTY = { background: '#ffe3e3', border: '#c92a2a' };

export function DefinitionGraph({
  steps,
  agencyName,
  faulty = () => false,
  label,
}: {
  steps: readonly Step[];
  agencyName(code: string): string;
  faulty?(index: number): boolean;
  label: string;
}) {
  const indexOf = new Map(steps.map((s, i) => [s, i]));
  return (
    <StepGraph
      steps={steps}
      label={label}
      height={280}
      look={(s) => {
        const name = s.name || vi.editor.unnamedStep;
        const days = s.workingDays ?? 0;
        return {
          ...(faulty(indexOf.get(s)!) ? FAULTY : PLAIN),
          ariaLabel: vi.editor.stepNode(name, agencyName(s.agencyCode), days),
          label: (
            <div style={{ textAlign: 'left', fontSize: 12, lineHeight: 1.3 }}>
              <b>{name}</b>
              <div>{agencyName(s.agencyCode)}</div>
              <div>{vi.procedures.days(days)}</div>
            </div>
          ),
        };
      }}
    />
  );
}
