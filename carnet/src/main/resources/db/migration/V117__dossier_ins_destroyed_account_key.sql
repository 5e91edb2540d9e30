-- Issue #15, Citus-ready (docs/scale.md).
-- DOS-9: a destroyed dossier looked up by its INS (the patient search by identifier answers that it
-- was destroyed) was found by scanning dossier.ins, on Citus every shard. dossier_ins (distributed by
-- the INS) now keeps the destroyed dossiers too, marked not live: one live dossier per INS is the
-- partial unique index (ID-2, refused in the creating statement as before), any number destroyed.
alter table dossier_ins add column live boolean not null default true;
alter table dossier_ins drop constraint dossier_ins_pkey, add primary key (ins, dossier_id);
create unique index dossier_ins_live on dossier_ins (ins) where live;
insert into dossier_ins (ins, dossier_id, live) select ins, id, false from dossier where state = 'DESTROYED';
-- every look-up by INS goes through dossier_ins now
drop index dossier_by_ins;

-- patient_account (distributed by login) -> dossier (distributed by id): Citus refuses a foreign key
-- across distributions. What it protected, an account names an existing dossier, is checked where an
-- account is created or attached (AccountRepository, under a key-share lock on the dossier as the key
-- took); a dossier row is never deleted (a destroyed one keeps its INS and dates, DOS-9).
alter table patient_account drop constraint patient_account_dossier_id_fkey;
