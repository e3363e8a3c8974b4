-- Records hold the plain fields and the sealed secrets of one organization.
CREATE TABLE IF NOT EXISTS pbiconnect_records (
    org_id       TEXT    NOT NULL PRIMARY KEY,
    version      INTEGER NOT NULL,
    tenant_id    TEXT    NOT NULL,
    client_id    TEXT    NOT NULL,
    scope        TEXT    NOT NULL,
    workspace_id TEXT    NOT NULL,
    username     TEXT    NOT NULL,
    sealed       BLOB    NOT NULL,
    validation   TEXT,
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL
);

-- Events are the audit trail; they outlive the record they describe.
CREATE TABLE IF NOT EXISTS pbiconnect_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id  TEXT    NOT NULL,
    version INTEGER NOT NULL,
    action  TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    at      TEXT    NOT NULL,
    fields  TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS pbiconnect_events_org ON pbiconnect_events (org_id, id);
