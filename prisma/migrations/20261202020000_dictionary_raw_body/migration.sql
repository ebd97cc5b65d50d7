-- AlterTable
ALTER TABLE "dictionary_entries" ADD COLUMN     "raw_body" TEXT;
