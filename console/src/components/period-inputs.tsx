// The two dates of a period a page reports on, as the browser's own date fields. Each page checks
// the period itself: their rules differ (a register's day range, a 366-day cap on indicators).
import { TextInput } from '@mantine/core';

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
      <TextInput type="date" label={fromLabel} value={from} onChange={(e) => onFrom(e.currentTarget.value)} />
      <TextInput type="date" label={toLabel} value={to} onChange={(e) => onTo(e.currentTarget.value)} />
    </>
  );
}
