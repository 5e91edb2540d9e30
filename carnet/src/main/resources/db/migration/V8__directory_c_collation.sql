-- Folded names are plain ASCII: compare them byte-wise (collation "C") so one btree index serves
-- both the prefix match (LIKE 'dup%') and the ordering of a page, and a search at a million
-- professionals reads an index range instead of sorting every match.
drop index directory_activity_name;
drop index directory_activity_city_spec;
drop index directory_activity_spec;
drop index directory_professional_name;
drop index directory_structure_name;
drop index directory_structure_city;
alter table directory_activity alter column name_norm type text collate "C", alter column city_norm type text collate "C";
alter table directory_professional alter column name_norm type text collate "C";
alter table directory_structure alter column name_norm type text collate "C", alter column city_norm type text collate "C";
create index directory_activity_name on directory_activity (name_norm, idnps, id);
create index directory_activity_city on directory_activity (city_norm, name_norm, idnps, id);
create index directory_activity_spec on directory_activity (specialty_code, name_norm, idnps, id);
create index directory_professional_name on directory_professional (name_norm, idnps);
create index directory_structure_name on directory_structure (name_norm, structure_id);
create index directory_structure_city on directory_structure (city_norm, name_norm);
drop index dossier_name;
alter table dossier alter column name_norm type text collate "C";
create index dossier_name on dossier (name_norm, birth_date);
