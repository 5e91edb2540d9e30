-- FEED-4: the dossiers whose REMB document ("Données de remboursement") must be rendered again,
-- marked in the same transaction as the change to their history (import batch, DOS-3 filling,
-- purge, the patient's hidden kinds), drained by the feed after each import and on a schedule:
-- a crash between the two loses no refresh.
create table feed_remb_stale (
    dossier_id  uuid primary key,
    marked_at   timestamptz not null
);
