-- coinsdk webhook inbox (package webhooks through sqlstore).
-- Times are unix microseconds in an INTEGER, the same on every dialect.
-- Every statement is safe to run again.

-- One row per object a webhook was about: its recorded status. SQLite has
-- no row locks: a delivery's transaction holds the database's write lock
-- from its first statement (this row's insert) to its commit.
CREATE TABLE IF NOT EXISTS coinsdk_webhook_objects (
    object     TEXT    NOT NULL PRIMARY KEY, -- webhooks.ObjectKey: provider:kind:id
    status     TEXT    NOT NULL DEFAULT '',  -- payments.Status; '' before the first record
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_objects_updated ON coinsdk_webhook_objects (updated_at);

-- One row per delivery processed: its dedupe key (webhooks.DedupeKey).
CREATE TABLE IF NOT EXISTS coinsdk_webhook_keys (
    dedupe_key TEXT    NOT NULL PRIMARY KEY,
    object     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_keys_created ON coinsdk_webhook_keys (created_at);

-- The audit trail: one row per status recorded, with the event that led to it.
CREATE TABLE IF NOT EXISTS coinsdk_webhook_events (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
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
    body_authenticated INTEGER NOT NULL,
    raw                BLOB,             -- the body as received
    received_at        INTEGER NOT NULL,
    recorded_at        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_events_object ON coinsdk_webhook_events (object);
CREATE INDEX IF NOT EXISTS coinsdk_webhook_events_recorded ON coinsdk_webhook_events (recorded_at);
