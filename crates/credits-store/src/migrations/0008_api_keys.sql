-- Workspace API keys: a key acts for one workspace with its scopes. Only the SHA-256 hash of
-- the token is stored (the token is shown once, when the key is made). Names are unique within
-- a workspace; revoking a key deletes its row, so the name can be used again. Nothing here
-- depends on tables other than workspaces, so it applies on any schema from 0006 on.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    -- Comma-separated, sorted: "read,spend".
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    UNIQUE (workspace_id, name)
);
