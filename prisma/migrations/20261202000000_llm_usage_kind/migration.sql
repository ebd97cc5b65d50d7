-- AlterTable
ALTER TABLE "llm_usage" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'correction';
