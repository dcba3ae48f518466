-- coinsdk webhook inbox (package webhooks through sqlstore).
-- Times are unix microseconds in a BIGINT, the same on every dialect.
-- Every statement is safe to run again.

-- One row per object a webhook was about: its recorded status. The row is
-- inserted before it is locked, so that the first delivery of a new object
-- has a row to lock (SELECT ... FOR UPDATE).
CREATE TABLE IF NOT EXISTS coinsdk_webhook_objects (
    object     TEXT   NOT NULL PRIMARY KEY, -- webhooks.ObjectKey: provider:kind:id
    status     TEXT   NOT NULL DEFAULT '',  -- payments.Status; '' before the first record
    updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_objects_updated ON coinsdk_webhook_objects (updated_at);

-- One row per delivery processed: its dedupe key (webhooks.DedupeKey).
CREATE TABLE IF NOT EXISTS coinsdk_webhook_keys (
    dedupe_key TEXT   NOT NULL PRIMARY KEY,
    object     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_keys_created ON coinsdk_webhook_keys (created_at);

-- The audit trail: one row per status recorded, with the event that led to it.
CREATE TABLE IF NOT EXISTS coinsdk_webhook_events (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object             TEXT    NOT NULL,
    dedupe_key         TEXT    NOT NULL,
    previous           TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    provider           TEXT    NOT NULL,
    event_id           TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    type               TEXT    NOT NULL,
    provider_status    TEXT    NOT NULL,
    reference          TEXT    NOT NULL,
    amount             TEXT    NOT NULL, -- exact decimal text
    currency           TEXT    NOT NULL,
    confirmations      INTEGER NOT NULL,
    body_authenticated BOOLEAN NOT NULL,
    raw                BYTEA,            -- the body as received
    received_at        BIGINT  NOT NULL,
    recorded_at        BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_events_object ON coinsdk_webhook_events (object);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_events_recorded ON coinsdk_webhook_events (recorded_at);
