-- Issue #15, Citus-ready (docs/scale.md): Consent/{id} names a consent by its id alone. Like
-- document_locator (V81) for ITI-68, a small table maps the id to its dossier (distributed by the id,
-- written in the same statement as the consent, erased with the dossier), so the read asks one
-- routed look-up, then the consent's dossier, instead of every shard. Consent ids already handed out
-- keep working: the table is filled from the consents there.
create table access_consent_locator (
    id          uuid primary key,
    dossier_id  uuid not null
);
insert into access_consent_locator (id, dossier_id) select id, dossier_id from access_consent;
