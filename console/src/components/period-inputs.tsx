// The two dates of a period a page reports on, typed and shown as dd/mm/yyyy (date-field.tsx). Each
// page checks the period itself: their rules differ (a register's day range, a 366-day cap on indicators).
import { DateField } from './date-field';

export function PeriodInputs({
  from,
  to,
  fromLabel,
  toLabel,
  onFrom,
  onTo,
}: {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  onFrom(date: string): void;
  onTo(date: string): void;
}) {
  return (
    <>
      <DateField label={fromLabel} value={from} onChange={onFrom} />
      <DateField label={toLabel} value={to} onChange={onTo} />
    </>
  );
}
