-- Issue #13: feed_claim_claim (V83, the claim id alone) has had no reader since feed_claim_locator
-- (V116) answers every look-up by claim id (ExplanationOfBenefit/{id}, the importer's moved claims);
-- the one-off LegacyHashes upgrade reads and updates by claim id through its own partial index
-- (feed_claim_legacy_hash, V75, only rows with a legacy hash). Each stored claim paid an entry in it.
drop index if exists feed_claim_claim;
