-- The message writer's one-statement path (issue #14, scenario b's p99): a batch of plain new messages goes to
-- the database as ONE statement outside an explicit transaction, where the batch used eight round trips before
-- (BEGIN, membership, dedupe, lock, seq allocation, insert, read marks, COMMIT). The statement numbers the messages
-- from the seqs the writer already knows and must fail whole when that knowledge is stale (another node wrote to
-- the conversation, a sender left): banter_require raises SQLSTATE BW001 ("banter writer"), which nothing else
-- uses, and the writer then takes its transaction path. See messages/insert_numbered_batch.sql.
CREATE FUNCTION banter_require(ok boolean, message text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION USING ERRCODE = 'BW001', MESSAGE = message;
    END IF;
    RETURN true;
END
$$;
