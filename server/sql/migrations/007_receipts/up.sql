-- Receipts (issue #10): how far each member has received and read a conversation. last_read_seq (003) is the
-- read position; delivered_seq joins it. Both only move forward and never beyond the conversation's last seq.
ALTER TABLE conversation_members ADD COLUMN delivered_seq bigint NOT NULL DEFAULT 0;
UPDATE conversation_members SET delivered_seq = last_read_seq;
