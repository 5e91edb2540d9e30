-- Issue #15, Citus-ready (docs/scale.md): the primary keys of the access, dossier and crypto tables
-- start with their dossier, so each row lives on its dossier's shard; global uniqueness that a
-- dossier key cannot carry (one live dossier per INS, ID-2 / DOS-9) moves to a table of its own.
-- Works on a populated database: columns added and backfilled before the keys are swapped.

-- access (SPEC §6, §7)
alter table access_consent drop constraint access_consent_pkey, add primary key (dossier_id, id);
drop index access_consent_dossier;
create index access_consent_active on access_consent (dossier_id, created_at) where revoked_at is null;
alter table access_break_glass drop constraint access_break_glass_pkey, add primary key (dossier_id, id);

-- a version names its consent's dossier; versions of consents erased with a destroyed dossier
-- (DOS-6: whom the patient authorised or blocked must not outlive the dossier) go now
delete from access_consent_version v where not exists (select 1 from access_consent c where c.id = v.consent_id);
alter table access_consent_version add column dossier_id uuid;
update access_consent_version v set dossier_id = c.dossier_id from access_consent c where c.id = v.consent_id;
alter table access_consent_version alter column dossier_id set not null;
alter table access_consent_version drop constraint access_consent_version_pkey, add primary key (dossier_id, consent_id, version);

-- crypto (SEC-1, SEC-2): the document keys of a dossier sit beside its key
alter table crypto_document_key drop constraint crypto_document_key_pkey, add primary key (dossier_id, document_id);
drop index crypto_document_key_dossier;

-- dossier (SPEC §3, §4)
alter table dossier_event drop constraint dossier_event_pkey, add primary key (dossier_id, id);
drop index dossier_event_dossier;
-- a representative's login lives in patient_account (distributed by login): no foreign key across
-- distributions; AccountRepository renames both in one statement (the cascade it replaces)
alter table legal_representative drop constraint legal_representative_login_fkey;

-- ID-2, DOS-9: one live dossier per INS, enforced by a table keyed by the INS alone (distributed by
-- it), written in the same statement as the dossier and emptied of a dossier at its destruction
alter index dossier_ins rename to dossier_by_ins;  -- the name goes to the table (one namespace)
create table dossier_ins (
    ins         char(15) primary key,
    dossier_id  uuid not null
);
insert into dossier_ins (ins, dossier_id) select ins, id from dossier where state <> 'DESTROYED';
drop index dossier_ins_live;
