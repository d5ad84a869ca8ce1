// Administrators maintain agencies; the sample catalog is loaded through the same path.
import { z } from 'zod';
import { AGENCY_CODE_PATTERN, type AgencyInput } from '../../domain/catalog/agency';
import { DomainError } from '../../domain/errors';
import type { PrismaClient } from '../../prisma/database';
import { describeIssues } from '../../domain/zod-issues';
import { agencyExists, saveAgency } from '../../prisma/read-model/catalog';

const agencyInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(AGENCY_CODE_PATTERN, 'must be 1-16 of A-Z, 0-9 and _, starting with a letter'),
  name: z.string().trim().min(1).max(300),
  level: z.enum(['COMMUNE', 'DISTRICT', 'PROVINCE', 'CENTRAL']),
  parentCode: z.string().trim().nullish(),
  endpointUrl: z.url({ protocol: /^https?$/ }).nullish(),
});

export async function upsertAgency(prisma: PrismaClient, raw: AgencyInput) {
  const parsed = agencyInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', describeIssues(parsed.error.issues));
  }
  const input = parsed.data;
  if (input.parentCode) {
    if (input.parentCode === input.code)
      throw new DomainError('VALIDATION_FAILED', 'parentCode: an agency cannot supervise itself');
    if (!(await agencyExists(prisma, input.parentCode)))
      throw new DomainError('AGENCY_NOT_FOUND', `parentCode: no agency with code ${input.parentCode}`);
  }
  return saveAgency(prisma, {
    code: input.code,
    name: input.name,
    level: input.level,
    parentCode: input.parentCode ?? null,
    endpointUrl: input.endpointUrl ?? null,
  });
}
