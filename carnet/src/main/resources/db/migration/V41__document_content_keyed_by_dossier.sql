-- Issue #15, Citus-ready: a body's foreign key names its dossier too, so that a document and its
-- body stay colocated on one shard (docs/scale.md). The unique (dossier_id, id) is what the key
-- needs until document's primary key itself becomes (dossier_id, id).
create unique index document_dossier_id on document (dossier_id, id);
alter table document_content drop constraint document_content_document_id_fkey;
alter table document_content add constraint document_content_document_fkey
    foreign key (dossier_id, document_id) references document (dossier_id, id) on delete cascade;
