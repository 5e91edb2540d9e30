-- Issue #15, Citus-ready (docs/scale.md): the document tables are keyed by their dossier, so a
-- document, its body, its key, its submission set and the patient's entries share the dossier's
-- shard. What must stay unique or findable across dossiers gets a small table of its own:
-- - document_uid: a DocumentReference masterIdentifier or a SubmissionSet uniqueId is unique in the
--   whole service (ITI-65 refuses a duplicate even in another dossier); distributed by the identifier.
-- - document_locator: ITI-68 (and DocumentReference/{id}, List/{id}, a patient's entry) name an id
--   alone: one routed look-up gives its dossier; distributed by the id.
-- Works on a populated database: the new tables are filled from the rows there, then keys swapped.

create table document_uid (
    kind              text not null check (kind in ('document', 'submission_set')),
    master_identifier text not null,
    dossier_id        uuid not null,
    id                uuid not null,
    primary key (kind, master_identifier)
);
insert into document_uid (kind, master_identifier, dossier_id, id) select 'document', master_identifier, dossier_id, id from document;
insert into document_uid (kind, master_identifier, dossier_id, id)
select 'submission_set', master_identifier, dossier_id, id from document_submission_set;
create index document_uid_dossier on document_uid (dossier_id);

create table document_locator (
    id          uuid primary key,
    dossier_id  uuid not null,
    kind        text not null check (kind in ('document', 'submission_set', 'patient_resource'))
);
insert into document_locator (id, dossier_id, kind) select id, dossier_id, 'document' from document;
insert into document_locator (id, dossier_id, kind) select id, dossier_id, 'submission_set' from document_submission_set;
insert into document_locator (id, dossier_id, kind) select id, dossier_id, 'patient_resource' from document_patient_resource;
create index document_locator_dossier on document_locator (dossier_id);

-- document: primary key (dossier_id, id); the keys pointing at it follow
alter table document drop constraint document_replaces_fkey;
alter table document_content drop constraint document_content_document_fkey;
alter table document drop constraint document_pkey;
drop index document_dossier_id;
alter table document add primary key (dossier_id, id);
alter table document_content add constraint document_content_document_fkey
    foreign key (dossier_id, document_id) references document (dossier_id, id) on delete cascade;
alter table document add constraint document_replaces_fkey foreign key (dossier_id, replaces) references document (dossier_id, id);
alter table document drop constraint document_master_identifier_key;
create unique index document_master_identifier on document (dossier_id, master_identifier);

alter table document_submission_set drop constraint document_submission_set_pkey, add primary key (dossier_id, id);
alter table document_submission_set drop constraint document_submission_set_master_identifier_key;
create unique index document_submission_set_master_identifier on document_submission_set (dossier_id, master_identifier);

alter table document_patient_resource drop constraint document_patient_resource_pkey, add primary key (dossier_id, id);
