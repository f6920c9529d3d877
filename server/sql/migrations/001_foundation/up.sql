-- One row describing this installation.
CREATE TABLE installation (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    installation_id uuid NOT NULL DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO installation DEFAULT VALUES;
