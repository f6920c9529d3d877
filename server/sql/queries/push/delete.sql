-- Deletes one of the user's subscriptions.
DELETE FROM push_subscriptions WHERE id = :id AND user_id = :user_id RETURNING id
