-- Document components handed in at reception (thành phần hồ sơ, copies by kind), and the desk's
-- tracking book: each received dossier gets a volume ("quyển số", one per desk and year) and a
-- sequence number in it, allocated with the receipt code and printed on the receipt.
ALTER TABLE "dossier" ADD COLUMN "components" JSONB;
ALTER TABLE "dossier" ADD COLUMN "register_volume" TEXT;
ALTER TABLE "dossier" ADD COLUMN "register_number" INTEGER;

-- One row per receiving agency and year: the last sequence number of that year's book.
CREATE TABLE "register_sequence" (
    "agency_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL,

    CONSTRAINT "register_sequence_pkey" PRIMARY KEY ("agency_code","year")
);
