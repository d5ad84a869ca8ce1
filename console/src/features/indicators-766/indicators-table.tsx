// One unit's Decision 766 indicators for one period: each indicator's rate and the counts behind
// it, the rate that earns full points, the points earned, and what the indicator counts; then the
// average processing time (not scored) and the total.
import { Alert, Stack, Table, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/error-alert';
import { percent } from '../../lib/format';
import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';

const IndicatorsQuery = graphql(`
  query ConsoleIndicators766($from: DateTime!, $to: DateTime!, $unit: IndicatorUnit!, $code: String) {
    decision766Indicators(from: $from, to: $to, unit: $unit, code: $code) {
      counts {
        received
        resolvedOnTime
        resolvedLate
        openOverdue
      }
      averageProcessingWorkingDays
      indicators {
        key
        group
        numerator
        denominator
        rate
        target
        maxPoints
        score
      }
      totalScore
      maxScore
    }
  }
`);

export type IndicatorsQuestion = VariablesOf<typeof IndicatorsQuery>;
type Indicator = ResultOf<typeof IndicatorsQuery>['decision766Indicators']['indicators'][number];

const t = vi.indicators766;
const points = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });

function Described({ name, explanation }: { name: string; explanation: string }) {
  return (
    <>
      <Text size="sm" fw={600}>
        {name}
      </Text>
      <Text size="xs" c="gray.8">
        {explanation}
      </Text>
    </>
  );
}

function IndicatorRow({ indicator: i }: { indicator: Indicator }) {
  return (
    <Table.Tr data-indicator={i.key}>
      <Table.Td>
        <Described name={`${i.group}. ${t.names[i.key]}`} explanation={t.explanations[i.key]} />
      </Table.Td>
      <Table.Td data-cell="rate">
        <Text size="sm" fw={600}>
          {percent(i.rate)}
        </Text>
        <Text size="xs" c="gray.8">
          {t.fraction(i.numerator, i.denominator, t.units[i.key])}
        </Text>
      </Table.Td>
      <Table.Td data-cell="target">
        {i.target >= 1 ? percent(i.target) : t.atLeast(percent(i.target))}
      </Table.Td>
      <Table.Td data-cell="points">
        <Text size="sm" fw={600}>
          {`${i.score === null ? '–' : points(i.score)} / ${points(i.maxPoints)}`}
        </Text>
        {i.score === null && (
          <Text size="xs" c="gray.8">
            {t.notRated}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** `period` says the period in words (the date inputs' display follows the browser's language). */
export function IndicatorsTable({ question, period }: { question: IndicatorsQuestion; period: string }) {
  const { data, error, loading } = useQuery(IndicatorsQuery, question);
  const result = data?.decision766Indicators;
  const counts = result?.counts;
  const nothingToRate =
    counts && counts.received + counts.resolvedOnTime + counts.resolvedLate + counts.openOverdue === 0;

  return (
    <Stack gap="xs">
      <Text size="sm" c="gray.8" data-period>
        {period}
      </Text>
      <ErrorAlert error={error} />
      {nothingToRate && (
        // The title in blue.9: the default blue on the light blue ground is below WCAG AA contrast.
        <Alert
          color="blue"
          title={vi.common.empty}
          styles={{ title: { color: 'var(--mantine-color-blue-9)' } }}
        >
          <Text size="sm">{t.empty}</Text>
        </Alert>
      )}
      <Table
        withTableBorder
        withColumnBorders
        verticalSpacing="xs"
        aria-label={t.title}
        aria-busy={loading}
        style={{ opacity: loading && result ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.indicator}</Table.Th>
            <Table.Th w={170}>{t.result}</Table.Th>
            <Table.Th w={150}>{t.target}</Table.Th>
            <Table.Th w={150}>{t.points}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {!result && (
            <Table.Tr>
              <Table.Td colSpan={4}>{error ? vi.common.empty : vi.common.loading}</Table.Td>
            </Table.Tr>
          )}
          {result?.indicators.map((i) => (
            <IndicatorRow key={i.key} indicator={i} />
          ))}
          {result && (
            <Table.Tr data-indicator="AVERAGE_TIME">
              <Table.Td>
                <Described name={t.names.AVERAGE_TIME} explanation={t.explanations.AVERAGE_TIME} />
              </Table.Td>
              <Table.Td data-cell="rate">
                <Text size="sm" fw={600}>
                  {result.averageProcessingWorkingDays === null
                    ? '–'
                    : t.workingDays(result.averageProcessingWorkingDays)}
                </Text>
              </Table.Td>
              <Table.Td>–</Table.Td>
              <Table.Td>{t.notScored}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
        {result && (
          <Table.Tfoot>
            <Table.Tr data-indicator="TOTAL">
              <Table.Th scope="row" colSpan={3}>
                {t.total}
              </Table.Th>
              <Table.Td data-cell="points" fw={700}>
                {t.totalValue(result.totalScore, result.maxScore)}
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
      <Text size="xs" c="gray.8">
        {t.provisional}
      </Text>
    </Stack>
  );
}
