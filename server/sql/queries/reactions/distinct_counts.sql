-- For the limits: distinct emoji on a message, and how many of them this user has there; and whether this
-- user already reacted with this emoji.
SELECT count(DISTINCT emoji),
       count(*) FILTER (WHERE user_id = :user_id),
       bool_or(user_id = :user_id AND emoji = :emoji) IS TRUE,
       bool_or(emoji = :emoji) IS TRUE
FROM message_reactions WHERE message_id = :message_id
