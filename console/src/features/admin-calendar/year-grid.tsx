// A year at a glance: twelve months of days, Monday first, each day coloured by what it is; a day
// is a button that opens its adjustment.
import { SimpleGrid, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { vi } from '../../text/vi';
import { KIND_COLORS, kindOf, type CalendarDay } from './calendar-queries';

/** "02/09/2026": how a Vietnamese office writes a date. */
export const displayDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function YearGrid({ days, onPick }: { days: readonly CalendarDay[]; onPick(day: CalendarDay): void }) {
  const months = Array.from({ length: 12 }, (_, m) =>
    days.filter((d) => Number(d.date.slice(5, 7)) === m + 1),
  );
  return (
    <SimpleGrid cols={4} spacing="md">
      {months.map((month, m) => (
        <Month key={m} number={m + 1} days={month} onPick={onPick} />
      ))}
    </SimpleGrid>
  );
}

function Month({
  number,
  days,
  onPick,
}: {
  number: number;
  days: readonly CalendarDay[];
  onPick(day: CalendarDay): void;
}) {
  if (days.length === 0) return null;
  // Monday = 0 … Sunday = 6, from the date itself (no time zone can shift a calendar date).
  const [y, mo, d] = days[0].date.split('-').map(Number);
  const lead = (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7;
  const cells: (CalendarDay | undefined)[] = [...Array<undefined>(lead).fill(undefined), ...days];
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <div>
      <Text fw={700} size="sm" mb={2}>
        {vi.calendar.month(number)}
      </Text>
      <table style={{ borderCollapse: 'collapse', fontSize: 12 }}>
        <thead>
          <tr>
            {vi.calendar.weekdays.map((w) => (
              <th key={w} scope="col" style={{ width: 32, fontWeight: 600 }}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((day, i) => (
                <td key={i} style={{ padding: 1 }}>
                  {day && <DayButton day={day} onPick={onPick} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DayButton({ day, onPick }: { day: CalendarDay; onPick(day: CalendarDay): void }) {
  const kind = kindOf(day);
  return (
    <UnstyledButton
      onClick={() => onPick(day)}
      title={day.reason ?? vi.calendar.kinds[kind]}
      data-kind={kind}
      style={{
        ...KIND_COLORS[kind],
        width: 30,
        height: 24,
        textAlign: 'center',
        borderRadius: 4,
        border: '1px solid #adb5bd',
        fontSize: 12,
      }}
    >
      {/* Seen: the day of the month; heard: the whole date, what the day is and why. */}
      <span aria-hidden="true">{Number(day.date.slice(8, 10))}</span>
      <VisuallyHidden>
        {vi.calendar.dayLabel(displayDate(day.date), vi.calendar.kinds[kind], day.reason)}
      </VisuallyHidden>
    </UnstyledButton>
  );
}
