// Whether the read-model database answers at all, for /healthz (api/readiness.ts bounds the wait).
import type { PrismaClient } from '../database';

export async function probeDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
