-- Issue #15, Citus-ready (docs/scale.md): ACC-2 with the patient's oral consent is limited per
-- professional and day, counted from the consents (V100) by who declared them: access_consent is
-- distributed by dossier, so each declaration asked every shard. The declarations get a small table
-- keyed (and distributed) by the professional, written in the same statement as the consent and
-- erased with a destroyed dossier's consents (DOS-6): the count is one routed index range.
create table access_oral_declaration (
    idnps        text not null,
    declared_at  timestamptz not null,
    consent_id   uuid not null,
    dossier_id   uuid not null,
    primary key (idnps, declared_at, consent_id)
);
insert into access_oral_declaration (idnps, declared_at, consent_id, dossier_id)
select created_by, created_at, id, dossier_id from access_consent where method = 'ORAL';
drop index access_consent_oral_by;
