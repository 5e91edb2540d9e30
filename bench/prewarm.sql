-- Loads the tables and indexes the read benchmarks touch into PostgreSQL's shared buffers, so that a
-- freshly restarted server is measured warm (as a server that has been running for a while is).
-- psql -h 127.0.0.1 -p <port> -U postgres -f bench/prewarm.sql   (the port: line 4 of <home>/postgres/postmaster.pid)
create extension if not exists pg_prewarm;
select c.relname, pg_prewarm(c.oid) from pg_class c
where c.relname in ('document', 'document_pkey', 'document_dossier', 'document_content', 'document_content_pkey',
                    'dossier', 'dossier_pkey', 'crypto_dossier_key', 'crypto_dossier_key_pkey', 'access_consent');
select pg_prewarm(reltoastrelid) from pg_class where relname = 'document_content';
select pg_prewarm(i.indexrelid) from pg_index i
where i.indrelid = (select reltoastrelid from pg_class where relname = 'document_content');
