// The editor of a new procedure version (or a new procedure): general facts, steps in order with
// their agencies, working days and the steps they wait for, document components; the graph is
// redrawn as the administrator types. "Kiểm tra" asks the engine what it would refuse
// (procedureProblems) without publishing; publishing sends the whole definition, which the engine
// validates again: each problem comes back with its path and is shown at that field, and nothing is
// saved. Once problems have been shown, every edit is checked again (after a pause in typing), so a
// mark goes away as soon as its field is right. A definition identical to the current one creates
// no version.
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ErrorAlert } from '../../components/error-alert';
import { ApiError, request, type FieldProblem } from '../../lib/api';
import { Link, navigate } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { ComponentRow } from './component-row';
import { DefinitionGraph } from './definition-graph';
import {
  blankComponent,
  blankDraft,
  blankStep,
  draftOf,
  missingNumbers,
  problemsAt,
  toInput,
  type Draft,
  type DraftStep,
} from './draft';
import { problemText } from './problem-text';
import { PolicyCard } from './policy-card';
import { ProcedureProblems, ProcedureQuery, UpsertProcedure } from './procedure-queries';
import { StepCard } from './step-card';

export function ProcedureEditorPage({ code }: { code?: string }) {
  const [draft, setDraft] = useState<Draft>(blankDraft);
  if (code) return <NewVersionEditor code={code} />;
  return <Editor draft={draft} setDraft={setDraft} />;
}

/** A new version starts from the current one. */
function NewVersionEditor({ code }: { code: string }) {
  const current = useQuery(ProcedureQuery, { code, version: null });
  const [draft, setDraft] = useState<Draft>();
  useEffect(() => {
    const stored = current.data?.procedure;
    if (stored && !draft) setDraft(draftOf(stored));
  }, [current.data, draft]);
  if (!draft) {
    return (
      <Stack>
        <ErrorAlert error={current.error} />
        <Text>{current.loading ? vi.common.loading : vi.procedures.notFound}</Text>
      </Stack>
    );
  }
  return <Editor draft={draft} setDraft={setDraft} />;
}

function Editor({ draft, setDraft }: { draft: Draft; setDraft(draft: Draft): void }) {
  const { agencies, agencyName } = useCatalog();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const [sending, setSending] = useState(false);
  const [checking, setChecking] = useState(false);
  /** On after the first check or refused publication: each edit is then checked again. */
  const [rechecking, setRechecking] = useState(false);
  const checks = useRef(0);
  const agencyOptions = agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
  const at = (path: string) => problemText(problemsAt(problems, path));
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const setSteps = (steps: DraftStep[]) => set({ steps });

  const moveStep = (index: number, delta: -1 | 1) => {
    const steps = [...draft.steps];
    [steps[index], steps[index + delta]] = [steps[index + delta], steps[index]];
    setSteps(steps);
  };

  /** The engine's verdict on the draft as it stands; an older answer arriving late is dropped. */
  async function check() {
    const asked = ++checks.current;
    setError(undefined);
    setRechecking(true);
    const missing = missingNumbers(draft);
    let found: FieldProblem[] = missing;
    if (missing.length === 0) {
      setChecking(true);
      try {
        found = (await request(ProcedureProblems, { input: toInput(draft) })).procedureProblems;
      } catch (err) {
        if (asked === checks.current)
          setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
        return;
      } finally {
        if (asked === checks.current) setChecking(false);
      }
    }
    if (asked !== checks.current) return;
    setProblems(found);
    setNotice(found.length ? vi.editor.checkFound(found.length) : vi.editor.checkClean);
  }

  useEffect(() => {
    if (!rechecking) return;
    const timer = setTimeout(() => void check(), 500);
    return () => clearTimeout(timer);
  }, [draft]); // only an edit of the draft starts a new check

  async function publish() {
    setNotice(undefined);
    setError(undefined);
    const missing = missingNumbers(draft);
    if (missing.length > 0) {
      setProblems(missing);
      setNotice(vi.editor.refused(missing.length));
      setRechecking(true);
      return;
    }
    setSending(true);
    try {
      // upsertProcedure would take a known code as a new version of that procedure: "new" means new.
      if (
        draft.isNew &&
        (await request(ProcedureQuery, { code: draft.code.trim(), version: null })).procedure
      ) {
        setProblems([{ path: 'code', code: 'PROCEDURE_EXISTS', message: 'exists' }]);
        setNotice(vi.editor.refused(1));
        return;
      }
      const { upsertProcedure } = await request(UpsertProcedure, { input: toInput(draft) });
      setProblems([]);
      if (!upsertProcedure.created) setNotice(vi.editor.unchanged);
      else
        navigate(
          `/admin/procedures/${encodeURIComponent(draft.code.trim())}?published=${upsertProcedure.version}`,
        );
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err));
      if (apiError.code === 'VALIDATION_FAILED' && apiError.fieldProblems.length > 0) {
        setProblems(apiError.fieldProblems);
        setNotice(vi.editor.refused(apiError.fieldProblems.length));
        setRechecking(true);
      } else setError(apiError);
    } finally {
      setSending(false);
    }
  }

  const stepsProblem = problemText(problemsAt(problems, 'steps', true));
  const faultySteps = new Set(
    problems.map((p) => /^steps\[(\d+)\]/.exec(p.path)?.[1]).filter((i): i is string => i !== undefined),
  );

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {draft.isNew ? vi.editor.titleNew : vi.editor.titleVersion(draft.code)}
        </Title>
        <Text size="sm">{vi.editor.intro}</Text>
      </div>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {vi.editor.general}
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label={vi.procedures.code}
            value={draft.code}
            onChange={(e) => set({ code: e.currentTarget.value })}
            readOnly={!draft.isNew}
            error={at('code')}
          />
          <TextInput
            label={vi.procedures.name}
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={at('name')}
          />
          <TextInput
            label={vi.procedures.field}
            value={draft.field}
            onChange={(e) => set({ field: e.currentTarget.value })}
            error={at('field')}
          />
        </Group>
        <Group grow align="flex-start" mt="xs">
          <Select
            label={vi.procedures.receivingAgency}
            data={agencyOptions}
            value={draft.receivingAgencyCode || null}
            onChange={(v) => set({ receivingAgencyCode: v ?? '' })}
            searchable
            error={at('receivingAgencyCode')}
          />
          <NumberInput
            label={vi.procedures.totalWorkingDays}
            value={draft.totalWorkingDays ?? ''}
            onChange={(v) => set({ totalWorkingDays: typeof v === 'number' ? v : null })}
            min={0}
            step={0.5}
            decimalScale={1}
            error={at('totalWorkingDays')}
          />
          <Select
            label={vi.procedures.onlineLevel}
            data={Object.entries(vi.procedures.onlineLevels).map(([value, label]) => ({ value, label }))}
            value={draft.onlineLevel}
            onChange={(v) => v && set({ onlineLevel: v as Draft['onlineLevel'] })}
            allowDeselect={false}
          />
          <Select
            label={vi.procedures.level}
            data={Object.entries(vi.levels).map(([value, label]) => ({ value, label }))}
            value={draft.level}
            onChange={(v) => set({ level: v as Draft['level'] })}
            clearable
          />
          <NumberInput
            label={vi.procedures.feeVnd}
            value={draft.feeVnd ?? ''}
            onChange={(v) => set({ feeVnd: typeof v === 'number' ? v : null })}
            min={0}
            allowDecimal={false}
            thousandSeparator="."
            decimalSeparator=","
            error={at('feeVnd')}
          />
        </Group>
      </Card>

      <PolicyCard policy={draft.policy} problems={problems} onChange={(policy) => set({ policy })} />

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {vi.editor.graphLive}
        </Title>
        <DefinitionGraph
          steps={draft.steps}
          agencyName={agencyName}
          faulty={(i) => faultySteps.has(String(i))}
          label={vi.procedures.graph}
        />
      </Card>

      <Title order={2} size="h4">
        {vi.procedures.steps}
      </Title>
      {stepsProblem && (
        <Text c="red.9" size="sm" role="alert">
          {stepsProblem}
        </Text>
      )}
      {draft.steps.map((step, i) => (
        <StepCard
          key={step.id}
          step={step}
          index={i}
          count={draft.steps.length}
          otherKeys={draft.steps.filter((s) => s !== step && s.key.trim()).map((s) => s.key.trim())}
          agencies={agencyOptions}
          problems={problems}
          onChange={(changed) => setSteps(draft.steps.map((s) => (s === step ? changed : s)))}
          onMove={(delta) => moveStep(i, delta)}
          onRemove={() => setSteps(draft.steps.filter((s) => s !== step))}
        />
      ))}
      <Group>
        <Button variant="default" onClick={() => setSteps([...draft.steps, blankStep()])}>
          {vi.editor.addStep}
        </Button>
      </Group>

      <Title order={2} size="h4">
        {vi.procedures.components}
      </Title>
      {draft.components.map((component, i) => (
        <ComponentRow
          key={component.id}
          component={component}
          index={i}
          problems={problems}
          onChange={(changed) =>
            set({ components: draft.components.map((c) => (c === component ? changed : c)) })
          }
          onRemove={() => set({ components: draft.components.filter((c) => c !== component) })}
        />
      ))}
      <Group>
        <Button
          variant="default"
          onClick={() => set({ components: [...draft.components, blankComponent()] })}
        >
          {vi.editor.addComponent}
        </Button>
      </Group>

      {notice && (
        <Alert
          color={problems.length ? 'red' : 'blue'}
          role="alert"
          styles={{ message: { color: '#212529' } }}
        >
          {notice}
        </Alert>
      )}
      <ErrorAlert error={error} />
      <Group>
        <Button onClick={() => void publish()} loading={sending}>
          {vi.editor.publish}
        </Button>
        <Button variant="default" onClick={() => void check()} loading={checking}>
          {vi.editor.check}
        </Button>
        <Button
          variant="default"
          component={Link}
          href={draft.isNew ? '/admin/procedures' : `/admin/procedures/${encodeURIComponent(draft.code)}`}
        >
          {vi.common.cancel}
        </Button>
      </Group>
    </Stack>
  );
}
