-- Oldest first. :state NULL means the working queue (open and assigned), any means every state;
-- :reported_user_id is optional.
SELECT * FROM report_details
WHERE (CAST(:state AS text) IS NULL AND state IN ('open', 'assigned') OR CAST(:state AS text) = 'any'
       OR state = CAST(:state AS text))
  AND (CAST(:reported_user_id AS bigint) IS NULL OR reported_user_id = CAST(:reported_user_id AS bigint))
  AND id > :after
ORDER BY id
LIMIT :limit
