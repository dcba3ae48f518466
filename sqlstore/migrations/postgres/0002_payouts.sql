-- coinsdk payout journal (package payouts through sqlstore's Journal).
-- One row per payout reference: the intent (written and claimed before the
-- request leaves), the claim (owner and lease) and the outcome.
-- Times are unix microseconds in a BIGINT, the same on every dialect.
-- Every statement is safe to run again. Rows are never pruned: they are
-- the record of money sent.
CREATE TABLE IF NOT EXISTS coinsdk_payouts (
    reference   TEXT    NOT NULL PRIMARY KEY, -- PayoutParams.Reference: one payout per reference
    provider    TEXT    NOT NULL,             -- the adapter's Name()
    amount      TEXT    NOT NULL,             -- exact decimal text
    currency    TEXT    NOT NULL,
    asset       TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    tag         TEXT    NOT NULL,
    state       TEXT    NOT NULL,             -- open, done, failed, attention (payouts.State)
    owner       TEXT    NOT NULL,             -- the Sender holding the claim, '' for none
    lease_until BIGINT  NOT NULL,             -- the claim is live while lease_until > now
    attempts    INTEGER NOT NULL,
    payout_id   TEXT    NOT NULL,             -- the provider's id, once known
    payout      TEXT,                         -- the made payout (payments.Payout JSON)
    last_error  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
-- Resolve's scan: a provider's open and attention rows, in reference order.
CREATE INDEX IF NOT EXISTS coinsdk_payouts_pending ON coinsdk_payouts (provider, state, reference);
