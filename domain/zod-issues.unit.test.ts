import { z } from 'zod';
import { describeIssues, issuePath } from './zod-issues';

test('paths are written as property access into the input', () => {
  expect(issuePath(['steps', 2, 'after', 0])).toBe('steps[2].after[0]');
  expect(issuePath(['policy', 'warningBeforeWorkingDays'])).toBe('policy.warningBeforeWorkingDays');
  expect(issuePath([])).toBe('');
});

test('every issue is named with its path', () => {
  const schema = z.object({ name: z.string().min(1), steps: z.array(z.object({ key: z.string() })) });
  const parsed = schema.safeParse({ name: '', steps: [{ key: 1 }] });
  expect(parsed.success).toBe(false);
  expect(describeIssues(parsed.error!.issues)).toMatch(/^name: .+; steps\[0\]\.key: .+$/);
});
