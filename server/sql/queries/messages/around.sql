-- Messages with seq in [from_seq, to_seq] of one conversation (a report's context), ascending.
SELECT mr.* FROM message_rows mr
WHERE mr.conversation_id = :id AND mr.seq BETWEEN :from_seq AND :to_seq
ORDER BY mr.seq
