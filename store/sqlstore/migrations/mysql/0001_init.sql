-- Records hold the plain fields and the sealed secrets of one organization.
-- utf8mb4_bin makes org IDs compare exactly and sort in code point order,
-- which is UTF-8 byte order.
CREATE TABLE IF NOT EXISTS pbiconnect_records (
    org_id       VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    version      BIGINT      NOT NULL,
    tenant_id    TEXT        NOT NULL,
    client_id    TEXT        NOT NULL,
    scope        TEXT        NOT NULL,
    workspace_id TEXT        NOT NULL,
    username     TEXT        NOT NULL,
    sealed       LONGBLOB    NOT NULL,
    validation   LONGTEXT,
    created_at   DATETIME(6) NOT NULL,
    created_by   TEXT        NOT NULL,
    updated_at   DATETIME(6) NOT NULL,
    updated_by   TEXT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Events are the audit trail; they outlive the record they describe.
CREATE TABLE IF NOT EXISTS pbiconnect_events (
    id      BIGINT AUTO_INCREMENT PRIMARY KEY,
    org_id  VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    version BIGINT      NOT NULL,
    action  VARCHAR(32) NOT NULL,
    actor   TEXT        NOT NULL,
    at      DATETIME(6) NOT NULL,
    fields  TEXT        NOT NULL,
    INDEX pbiconnect_events_org (org_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
