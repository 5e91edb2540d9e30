-- DOS-6, SEC-2: each document's content has its own data key, wrapped by its dossier's key, so that
-- deleting one document shreds it (its row here goes). Content sealed before this migration has
-- no row and opens with the dossier key as before: its ciphertext header says which (Aead format
-- version 1 = dossier key, 2 = the document's own key).
create table crypto_document_key (
    document_id uuid primary key,
    dossier_id  uuid not null,
    wrapped_key bytea not null,               -- AES-GCM under the dossier key, bound to document_id
    created_at  timestamptz not null
);
create index crypto_document_key_dossier on crypto_document_key (dossier_id);
