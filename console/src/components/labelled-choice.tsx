// A choice among a few options (a SegmentedControl) with a visible label above it, lined up with the
// labelled fields beside it; the label names the control for screen readers too.
import { SegmentedControl, Text } from '@mantine/core';
import { useId } from 'react';

export function LabelledChoice<Value extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: Value;
  onChange(value: Value): void;
  options: { value: Value; label: string }[];
}) {
  const labelId = useId();
  return (
    <div>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        value={value}
        onChange={(v) => onChange(v as Value)}
        data={options}
      />
    </div>
  );
}
