-- Locks the conversations a writer batch will number (:ids a bigint array literal), in id order, until the batch
-- commits; allocate_seqs follows. Writers of several nodes batch the same conversations together, and two batches
-- that locked them in different orders deadlocked (PostgreSQL cancels one after deadlock_timeout, 1 s). Its own
-- statement, not a CTE of allocate_seqs: there, the UPDATE's scan could meet a row version older than the one
-- the CTE had locked and queue for its tuple lock behind a waiter of ours (a deadlock again).
-- NO KEY UPDATE is the lock the UPDATE takes anyway: FOR UPDATE would also block the foreign-key checks
-- (KEY SHARE) of other transactions' inserts that name these conversations, the search indexer's among them.
SELECT id FROM conversations WHERE id = ANY (CAST(:ids AS bigint[])) ORDER BY id FOR NO KEY UPDATE
