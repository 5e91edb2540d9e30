-- FEED-4: `_since` / `_lastUpdated` on one dossier's history read through an index of their own
-- (the dossier index orders by date of care, so a "what changed since" scan read every row).
create index feed_claim_dossier_updated on feed_claim (dossier_id, updated_at);

-- Claim hashes become keyed (HMAC-SHA256 under a key wrapped by the master key, 33 bytes with a
-- version byte): a plain SHA-256 (32 bytes) confirmed a guessed claim to whoever read the table.
-- The importer re-hashes the rows still holding a plain hash before it compares anything; these
-- partial indexes find them at once and are empty afterwards.
create index feed_claim_legacy_hash on feed_claim (claim_id) where length(content_hash) = 32;
create index feed_pending_legacy_hash on feed_pending (claim_id) where length(content_hash) = 32;
create index feed_claim_superseded_legacy_hash on feed_claim_superseded (claim_id, version) where length(content_hash) = 32;
