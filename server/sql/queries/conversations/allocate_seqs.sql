-- Hands out the next :n sequence numbers of each conversation in one statement. The row lock this takes is
-- held until the batch commits, which is what makes seq gapless and one order for every member.
UPDATE conversations c SET last_seq = c.last_seq + v.n, updated_at = now()
FROM jsonb_to_recordset(CAST(:counts AS jsonb)) AS v(id bigint, n bigint)
WHERE c.id = v.id
RETURNING c.id, c.last_seq
