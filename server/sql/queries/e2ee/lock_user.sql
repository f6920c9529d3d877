-- Serialises key uploads of one user's devices (device numbers are per user), for the transaction's length.
SELECT pg_advisory_xact_lock(hashtextextended('e2ee:' || CAST(:user_id AS text), 0))
