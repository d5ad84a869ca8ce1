// The working calendar's operations the administrator's calendar page uses.
import { graphql, type ResultOf } from '../../lib/graphql';

export const CalendarDaysQuery = graphql(`
  query AdminCalendarDays($from: Date!, $to: Date!) {
    calendarDays(from: $from, to: $to) {
      date
      working
      source
      reason
    }
  }
`);

export const SetCalendarDays = graphql(`
  mutation AdminSetCalendarDays($days: [CalendarDayInput!]!) {
    setCalendarDays(days: $days) {
      calendarVersion
    }
  }
`);

export const ImportOfficialSchedule = graphql(`
  mutation AdminImportOfficialSchedule($schedule: JSON!) {
    importOfficialSchedule(schedule: $schedule) {
      calendarVersion
      days {
        date
      }
    }
  }
`);

export type CalendarDay = ResultOf<typeof CalendarDaysQuery>['calendarDays'][number];

export type DayKind = 'working' | 'weeklyRest' | 'holiday' | 'dayOff' | 'makeUp';

/** What a day is, as the year view colours it: an administrator's decision, a holiday, a weekend. */
export function kindOf(day: CalendarDay): DayKind {
  if (day.source === 'OVERRIDE') return day.working ? 'makeUp' : 'dayOff';
  if (day.source === 'STATUTORY' || day.source === 'COMPENSATORY') return 'holiday';
  return day.working ? 'working' : 'weeklyRest';
}

export const KIND_COLORS: Record<DayKind, { background: string; color: string }> = {
  working: { background: '#ffffff', color: '#212529' },
  weeklyRest: { background: '#e9ecef', color: '#343a40' },
  holiday: { background: '#c92a2a', color: '#ffffff' },
  dayOff: { background: '#e8590c', color: '#000000' },
  makeUp: { background: '#1e6b30', color: '#ffffff' },
};
