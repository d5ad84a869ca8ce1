// A time of day typed and shown as 24-hour hh:mm ("14:30") whatever language the browser runs in.
// Mantine's TimeInput is the native <input type="time">, which follows the browser: an English
// Chromium shows "09:00 AM" and asks for AM/PM. Mantine's TimePicker does show 24 hours, but as two
// spin buttons (hours, minutes) each with a label of its own, unlike the one-field dd/mm/yyyy date
// beside it. So this is one text field: digits and a colon only, "930" or "9:30" taken as 09:30 and
// written back as hh:mm when the field is left. The value is the text as typed ("" when empty);
// `readClockTime` says whether it is a time.
import { TextInput, type TextInputProps } from '@mantine/core';

/** "14:30", "1430", "9:30", "930" -> "14:30" / "09:30"; undefined when not a time of day. */
export function readClockTime(text: string): string | undefined {
  const match = /^(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

type TimeFieldProps = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange(value: string): void;
};

export function TimeField({ value, onChange, onBlur, ...props }: TimeFieldProps) {
  return (
    <TextInput
      placeholder="hh:mm"
      inputMode="numeric"
      autoComplete="off"
      maxLength={5}
      w={120}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/[^\d:]/g, ''))}
      onBlur={(e) => {
        const time = readClockTime(value);
        if (time && time !== value) onChange(time);
        onBlur?.(e);
      }}
      {...props}
    />
  );
}
