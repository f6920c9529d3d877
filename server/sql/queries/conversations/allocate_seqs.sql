-- Hands out the next :n sequence numbers of each conversation in one statement. The row lock this takes is
-- held until the batch commits, which is what makes seq gapless and one order for every member.
-- The `= ANY (ARRAY(...))` condition repeats the join's so the rows are found by primary-key probes under any
-- plan: a generic plan made while the table was small joined by a sequential scan (tst_migrations).
UPDATE conversations c SET last_seq = c.last_seq + v.n, updated_at = now()
FROM jsonb_to_recordset(CAST(:counts AS jsonb)) AS v(id bigint, n bigint)
WHERE c.id = v.id
  AND c.id = ANY (ARRAY(SELECT w.id FROM jsonb_to_recordset(CAST(:counts AS jsonb)) AS w(id bigint, n bigint)))
RETURNING c.id, c.last_seq
