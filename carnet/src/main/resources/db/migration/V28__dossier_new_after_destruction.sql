-- DOS-9: after a destruction the same person may create a new dossier. One live dossier per INS
-- (ID-2) stays enforced; the destroyed row keeps only the minimal facts (INS, dates) beside it.
alter table dossier drop constraint dossier_ins_key;
create unique index dossier_ins_live on dossier (ins) where state <> 'DESTROYED';
create index dossier_ins on dossier (ins);
