-- Issue #15, Citus-ready (docs/scale.md): the care history is keyed by dossier, so a dossier's
-- claims and their replaced versions live on its shard. The insurer's claim id stays findable
-- alone (a non-unique index: ExplanationOfBenefit/{id}, the importer's move of a claim whose
-- person changed); the importer keeps it in one dossier at a time (FeedStore.writeBatch).
alter table feed_claim drop constraint feed_claim_pkey, add primary key (dossier_id, claim_id);
create index feed_claim_claim on feed_claim (claim_id);

-- superseded versions carry their dossier (every writer gave it; a row without one is backfilled
-- from its current claim, or dropped: nothing could open it for a dossier)
update feed_claim_superseded s set dossier_id = f.dossier_id from feed_claim f where s.dossier_id is null and f.claim_id = s.claim_id;
delete from feed_claim_superseded where dossier_id is null;
alter table feed_claim_superseded alter column dossier_id set not null;
alter table feed_claim_superseded drop constraint feed_claim_superseded_pkey, add primary key (dossier_id, claim_id, version);
drop index feed_claim_superseded_dossier;
