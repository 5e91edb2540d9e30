-- Issue #15: a document's body lives in PostgreSQL (document_content, the embedded default) or in
-- S3-compatible object storage; each document says where, so bodies can move while the server runs.
alter table document add column content_store text not null default 'postgresql'
    check (content_store in ('postgresql', 's3'));

-- Objects the S3 store must lose: uploads not yet committed (orphans once past due), deleted
-- documents (DOC-4) and destroyed dossiers (SEC-2, object_key is then the dossier's prefix).
-- Keyed by dossier like every clinical table (Citus: distributed by dossier_id).
create table document_object_sweep (
    dossier_id  uuid not null,
    object_key  text not null,
    document_id uuid,
    due_at      timestamptz not null,
    reason      text not null check (reason in ('upload', 'deleted', 'destroyed')),
    primary key (dossier_id, object_key)
);
create index document_object_sweep_due on document_object_sweep (due_at);

-- The body table carries its dossier too (one shard holds a document and its body, Citus-ready).
alter table document_content add column dossier_id uuid;
update document_content c set dossier_id = d.dossier_id from document d where d.id = c.document_id;
alter table document_content alter column dossier_id set not null;
alter table document_content drop constraint document_content_pkey;
alter table document_content add primary key (dossier_id, document_id);
