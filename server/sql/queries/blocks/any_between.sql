-- Whether a block exists in either direction between :user_id and any of :ids (bigint array literal).
SELECT EXISTS (SELECT 1 FROM blocks
               WHERE (blocker_id = :user_id AND blocked_id = ANY (CAST(:ids AS bigint[])))
                  OR (blocked_id = :user_id AND blocker_id = ANY (CAST(:ids AS bigint[]))))
