-- The layered cache's PostgreSQL tier is gone: no namespace used it (each feature's own table is the
-- layer below Redis), so its table, index and sweeper go with it.
-- DropTable
DROP TABLE "cache_entries";
