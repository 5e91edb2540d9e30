-- PDSm's isArchived (issue #11): a document archived by its author or the patient stays in the
-- dossier, current, and ITI-66/67 can leave it out (isArchived=false) or ask for it alone
-- (isArchived=true). The flag is also in the sealed metadata, as the PDSm_isArchived extension.
alter table document add column archived boolean not null default false;
