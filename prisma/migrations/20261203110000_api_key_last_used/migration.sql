-- When each API key last authenticated a request (services/access/api-keys.ts writes it at most
-- once a minute per key), so administrators can find keys nobody uses any more.

-- AlterTable
ALTER TABLE "api_key" ADD COLUMN "last_used_at" TIMESTAMPTZ(3);
