-- How many of the given ids (bigint array literal) are existing, not banned users.
SELECT count(*) FROM users WHERE id = ANY (CAST(:ids AS bigint[])) AND state <> 2
