-- coinsdk webhook inbox (package webhooks through sqlstore), MariaDB/MySQL.
-- DDL commits on its own here: the runner records the version after the
-- file, so every statement must be safe to run again (IF NOT EXISTS, and
-- indexes inside CREATE TABLE). Keys compare byte for byte (utf8mb4_bin):
-- two dedupe keys that differ only in case are two notifications.
-- Free text is TEXT: a long reference must never fail the insert.
-- Times are unix microseconds in a BIGINT, the same on every dialect.

-- One row per object a webhook was about: its recorded status. The row is
-- inserted before it is locked, so that the first delivery of a new object
-- has a row to lock (SELECT ... FOR UPDATE) instead of a gap.
CREATE TABLE IF NOT EXISTS coinsdk_webhook_objects (
    object     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    status     VARCHAR(64)  NOT NULL DEFAULT '',
    updated_at BIGINT       NOT NULL,
    INDEX coinsdk_webhook_objects_updated (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One row per delivery processed: its dedupe key (webhooks.DedupeKey).
CREATE TABLE IF NOT EXISTS coinsdk_webhook_keys (
    dedupe_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    object     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    created_at BIGINT       NOT NULL,
    INDEX coinsdk_webhook_keys_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The audit trail: one row per status recorded, with the event that led to it.
CREATE TABLE IF NOT EXISTS coinsdk_webhook_events (
    id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    object             VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    dedupe_key         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    previous           TEXT         NOT NULL,
    status             TEXT         NOT NULL,
    provider           TEXT         NOT NULL,
    event_id           TEXT         NOT NULL,
    kind               TEXT         NOT NULL,
    type               TEXT         NOT NULL,
    provider_status    TEXT         NOT NULL,
    reference          TEXT         NOT NULL,
    amount             TEXT         NOT NULL, -- exact decimal text
    currency           TEXT         NOT NULL,
    confirmations      INT          NOT NULL,
    body_authenticated BOOLEAN      NOT NULL,
    raw                MEDIUMBLOB,            -- the body as received
    received_at        BIGINT       NOT NULL,
    recorded_at        BIGINT       NOT NULL,
    INDEX coinsdk_webhook_events_object (object),
    INDEX coinsdk_webhook_events_recorded (recorded_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
