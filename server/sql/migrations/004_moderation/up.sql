-- Moderation: an append-only audit log, the report workflow, moderator-removed messages, ban reasons.
ALTER TABLE users ADD COLUMN ban_reason text;

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_id bigint REFERENCES users (id),   -- NULL: the system (banterd --create-admin)
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    reason text NOT NULL DEFAULT '',
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_target ON audit_log (target_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- Append-only in the database itself, not only in the API: no row may change or disappear.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

ALTER TABLE reports
    ADD COLUMN assignee_id bigint REFERENCES users (id),
    ADD COLUMN resolution_action text,
    ADD COLUMN resolution_reason text,
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN resolved_by bigint REFERENCES users (id);

-- 0 visible, 1 hidden by a moderator (sealed content kept), 2 deleted by a moderator (content erased).
ALTER TABLE messages ADD COLUMN removed smallint NOT NULL DEFAULT 0 CHECK (removed IN (0, 1, 2));

-- Reports as moderators read them, with the names of everyone involved (queries select from this).
CREATE VIEW report_details AS
SELECT r.id, r.state, r.reason, r.created_at, r.reporter_id, rep.username AS reporter_name, r.reported_user_id,
       tgt.username AS reported_user_name, r.message_id, r.assignee_id, asg.username AS assignee_name,
       r.resolution_action, r.resolution_reason, r.resolved_at, r.resolved_by, rb.username AS resolved_by_name
FROM reports r
JOIN users rep ON rep.id = r.reporter_id
JOIN users tgt ON tgt.id = r.reported_user_id
LEFT JOIN users asg ON asg.id = r.assignee_id
LEFT JOIN users rb ON rb.id = r.resolved_by;
