-- A subscription the push service called gone (404/410).
DELETE FROM push_subscriptions WHERE id = :id
