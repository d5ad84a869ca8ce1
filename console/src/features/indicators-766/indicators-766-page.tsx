// The Decision 766/QĐ-TTg indicators of a period and a unit (the whole province, an agency or a
// procedure), scored against the decision's thresholds (docs/indicators-766.md), and below them the
// dossiers whose reporting to the national portal lags, with a resend button.
import { Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { PageTitle } from '../../components/page-title';
import { PeriodInputs } from '../../components/period-inputs';
import { formatDate, formatDateTime, localDateOf, localDayStartMs, startOfLocalDay } from '../../lib/format';
import { vi } from '../../text/vi';
import { IndicatorsTable, type IndicatorsQuestion } from './indicators-table';
import { OutOfSyncSection } from './out-of-sync-section';
import { LabelledChoice } from '../../components/labelled-choice';

type Unit = IndicatorsQuestion['unit'];

/** Said before asking: an empty date, an end before the start, or more than the API's 366 days. */
function periodProblem(fromMs: number, toMs: number): string | null {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return vi.indicators766.periodProblems.missing;
  if (fromMs >= toMs) return vi.indicators766.periodProblems.order;
  if (toMs - fromMs > 366 * 86_400_000) return vi.indicators766.periodProblems.tooLong;
  return null;
}

export function Indicators766Page() {
  const catalog = useCatalog();
  // Read once: a period reaching past this moment ends now, since dossiers still open and due later
  // this month would otherwise count as open past due at the period's end.
  const [now] = useState(() => new Date());
  const today = localDateOf(now);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [unit, setUnit] = useState<Unit>('PROVINCE');
  const [agency, setAgency] = useState<string | null>(null);
  const [procedure, setProcedure] = useState<string | null>(null);

  // `to` is the last day shown, inclusive: the query's bound is the next day's start, or now.
  const fromMs = localDayStartMs(from);
  const toExclusive = localDayStartMs(to) + 86_400_000;
  const capped = toExclusive > now.getTime();
  const toMs = capped ? now.getTime() : toExclusive;
  const problem = periodProblem(fromMs, toMs);
  const code = unit === 'AGENCY' ? agency : unit === 'PROCEDURE' ? procedure : null;
  const question: IndicatorsQuestion | null =
    problem || (unit !== 'PROVINCE' && !code)
      ? null
      : { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), unit, code };

  return (
    <Stack gap="sm">
      <PageTitle title={vi.indicators766.title} intro={vi.indicators766.intro} />
      <Group align="flex-end">
        <PeriodInputs
          from={from}
          to={to}
          fromLabel={vi.stats.from}
          toLabel={vi.stats.to}
          onFrom={setFrom}
          onTo={setTo}
        />
        <LabelledChoice<Unit>
          label={vi.indicators766.unit}
          value={unit}
          onChange={setUnit}
          options={[
            { value: 'PROVINCE', label: vi.indicators766.province },
            { value: 'AGENCY', label: vi.indicators766.agency },
            { value: 'PROCEDURE', label: vi.indicators766.procedure },
          ]}
        />
        {unit === 'AGENCY' && (
          <Select
            label={vi.indicators766.chooseAgency}
            searchable
            value={agency}
            onChange={setAgency}
            data={catalog.agencies.map((a) => ({ value: a.code, label: a.name }))}
            w={320}
          />
        )}
        {unit === 'PROCEDURE' && (
          <Select
            label={vi.indicators766.chooseProcedure}
            searchable
            value={procedure}
            onChange={setProcedure}
            data={catalog.procedures.map((p) => ({ value: p.code, label: `${p.code} · ${p.name}` }))}
            w={360}
          />
        )}
      </Group>
      {question ? (
        <IndicatorsTable
          question={question}
          period={vi.indicators766.period(
            formatDate(question.from),
            capped
              ? vi.indicators766.untilNow(formatDateTime(now.toISOString()))
              : vi.indicators766.untilEndOf(formatDate(startOfLocalDay(to))),
          )}
        />
      ) : (
        <Text role={problem ? 'alert' : undefined}>{problem ?? vi.indicators766.chooseUnit}</Text>
      )}
      <OutOfSyncSection />
    </Stack>
  );
}
