// A date typed and shown as dd/mm/yyyy whatever language the browser runs in. The native date input
// follows the browser: on an English Windows it shows mm/dd/yyyy, and "12/03/2026" then reads as the
// 12th of March to a Vietnamese officer. The value stays an ISO day ("2026-12-03", "" when empty), as
// the native input's was, so the pages' own logic is unchanged.
import '@mantine/dates/styles.css';
import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/vi';
import { vi } from '../text/vi';

// DateInput parses what is typed with dayjs in `valueFormat`, which needs this plugin.
dayjs.extend(customParseFormat);

export const VIETNAMESE_DATE_FORMAT = 'DD/MM/YYYY';

type DateFieldProps = Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat'> & {
  value: string;
  onChange(value: string): void;
};

export function DateField({ value, onChange, ...props }: DateFieldProps) {
  return (
    <DatesProvider settings={{ locale: 'vi', firstDayOfWeek: 1 }}>
      <DateInput
        valueFormat={VIETNAMESE_DATE_FORMAT}
        placeholder="dd/mm/yyyy"
        clearable
        clearButtonProps={{ 'aria-label': vi.common.clearDate }}
        value={value || null}
        onChange={(day) => onChange(day ?? '')}
        {...props}
      />
    </DatesProvider>
  );
}
