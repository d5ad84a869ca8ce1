-- Who revoked each API key (the id of the key or account, as created_by), beside when: the audit
-- trail says it too, but the key's own row should answer "who turned this off?" without a search.

-- AlterTable
ALTER TABLE "api_key" ADD COLUMN "revoked_by" TEXT;
