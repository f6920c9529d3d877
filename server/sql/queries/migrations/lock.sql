-- Serialises concurrent banterd start-ups migrating one database; released at commit.
SELECT pg_advisory_xact_lock(7411000001)
