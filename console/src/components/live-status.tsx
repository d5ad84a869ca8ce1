// The live indicator of a page that follows changes: "● Tự động cập nhật" while its stream is up, a
// warning in red while it reconnects.
import { Text } from '@mantine/core';
import { vi } from '../text/vi';

/** Darker than Mantine's green.9 so the small text keeps WCAG AA contrast on white. */
const LIVE_GREEN = '#1e6b30';

export function LiveStatus({ live }: { live: boolean }) {
  return (
    <Text size="sm" c={live ? LIVE_GREEN : 'red.9'} role="status">
      {live ? `● ${vi.common.live}` : vi.common.liveLost}
    </Text>
  );
}
