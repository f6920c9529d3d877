-- Serialises everything that decides about one blob file (storing it, removing it) until the commit.
SELECT pg_advisory_xact_lock(hashtextextended(:blob, 0))
