-- Issue #15, Citus-ready (docs/scale.md): the insurer's claim id alone names a claim in
-- ExplanationOfBenefit/{id} and in the importer's check for a claim filed under another person (a
-- corrected NIR). feed_claim is keyed by dossier, so a small table maps each claim id to the one
-- dossier holding it (distributed by the claim id): one routed look-up per claim instead of every
-- shard. The importer writes it with the claims it stores or moves; retention and destruction erase it.
-- Filled from the claims there (one claim id lives in one dossier, V83; the newest wins if not).
create table feed_claim_locator (
    claim_id    text primary key,
    dossier_id  uuid not null
);
insert into feed_claim_locator (claim_id, dossier_id)
select distinct on (claim_id) claim_id, dossier_id from feed_claim order by claim_id, updated_at desc;
-- feed_claim_claim (V83) stays for now: no request or import query uses it any more, only the
-- operator's LegacyHashes upgrade (a one-off, keyed by claim id); dropping it is noted in docs/scale.md
