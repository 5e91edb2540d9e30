-- Directory of health professionals and their activities (SPEC §1, ID-3).
-- One professional (IDNPS) has one or more activities, each in a structure, as the public
-- extract has one line per activity. *_norm columns hold lower-case, accent-free text for search.
create table directory_structure (
    structure_id  text primary key,          -- FINESS site when there is one, else the extract's technical id
    finess        char(9),
    finess_legal  char(9),
    name          text not null,
    name_norm     text not null,
    sector_code   text,
    sector_label  text,
    postal_code   text,
    city_code     text,
    city          text,
    city_norm     text,
    phone         text
);
create index directory_structure_name on directory_structure (name_norm text_pattern_ops);
create index directory_structure_city on directory_structure (city_norm text_pattern_ops);
create index directory_structure_finess on directory_structure (finess);

create table directory_professional (
    idnps             text primary key,
    id_type           text not null,         -- 8 = RPPS, 0 = ADELI
    civility          text,
    last_name         text not null,
    first_name        text,
    profession_code   text not null,
    profession_label  text,
    category_code     text,
    name_norm         text not null          -- "lastname firstname", normalised
);
create index directory_professional_name on directory_professional (name_norm text_pattern_ops);

create table directory_activity (
    id                bigserial primary key,
    idnps             text not null references directory_professional(idnps),
    specialty_code    text,
    specialty_label   text,
    practice_mode     text,                  -- L libéral, S salarié, B bénévole
    structure_id      text references directory_structure(structure_id),
    role              text not null,         -- CARE, ADMIN, REGULATOR, CPAM (see directory.Role)
    function_code     text,
    city_norm         text,
    name_norm         text not null,         -- copied from the professional: search without a join
    unique (idnps, structure_id, specialty_code, role)
);
create index directory_activity_name on directory_activity (name_norm text_pattern_ops, idnps);
create index directory_activity_city_spec on directory_activity (city_norm, specialty_code, name_norm);
create index directory_activity_spec on directory_activity (specialty_code, name_norm);
create index directory_activity_idnps on directory_activity (idnps);
