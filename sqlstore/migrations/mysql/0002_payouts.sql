-- coinsdk payout journal (package payouts through sqlstore's Journal),
-- MariaDB/MySQL. One row per payout reference: the intent (written and
-- claimed before the request leaves), the claim (owner and lease) and the
-- outcome. DDL commits on its own here: the statement is safe to run
-- again (IF NOT EXISTS, the index inside CREATE TABLE). References compare
-- byte for byte (utf8mb4_bin). Lengths match the limits payouts.CheckEntry
-- enforces before any write. Times are unix microseconds in a BIGINT, the
-- same on every dialect. Rows are never pruned: they are the record of
-- money sent.
CREATE TABLE IF NOT EXISTS coinsdk_payouts (
    reference   VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    provider    VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    amount      VARCHAR(80)  NOT NULL, -- exact decimal text
    currency    VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    asset       VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    address     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    tag         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    state       VARCHAR(16)  NOT NULL, -- open, done, failed, attention (payouts.State)
    owner       VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    lease_until BIGINT       NOT NULL, -- the claim is live while lease_until > now
    attempts    INT          NOT NULL,
    payout_id   TEXT         NOT NULL, -- the provider's id, once known
    payout      MEDIUMTEXT,            -- the made payout (payments.Payout JSON)
    last_error  TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    INDEX coinsdk_payouts_pending (provider, state, reference)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
