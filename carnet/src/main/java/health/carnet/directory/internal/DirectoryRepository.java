package health.carnet.directory.internal;

import health.carnet.directory.Activity;
import health.carnet.directory.DirectoryQuery;
import health.carnet.directory.Professional;
import health.carnet.directory.Structure;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Idnps;
import health.carnet.shared.Text;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the directory tables. */
@Repository
public class DirectoryRepository {

    private static final String ACTIVITY_COLUMNS = """
            a.id, a.idnps, a.specialty_code, a.specialty_label, a.practice_mode, a.role,
            s.structure_id, s.finess, s.name s_name, s.sector_code, s.sector_label, s.postal_code, s.city_code, s.city
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public DirectoryRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public record ProfessionalRow(String idnps, String civility, String lastName, String firstName,
                                  String professionCode, String professionLabel, String categoryCode, String mssanteAddress) {

        public ProfessionalRow(String idnps, String civility, String lastName, String firstName,
                               String professionCode, String professionLabel, String categoryCode) {
            this(idnps, civility, lastName, firstName, professionCode, professionLabel, categoryCode, null);
        }
    }

    public record ActivityRow(String idnps, String specialtyCode, String specialtyLabel, String practiceMode,
                              String structureId, ActorRole role, String functionCode, String city, String nameNorm) {
    }

    public void upsertStructures(List<Structure> structures) {
        template.batchUpdate("""
                insert into directory_structure (structure_id, finess, name, name_norm, sector_code, sector_label,
                                                 postal_code, city_code, city, city_norm)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (structure_id) do update set finess = excluded.finess, name = excluded.name,
                    name_norm = excluded.name_norm, sector_code = excluded.sector_code,
                    sector_label = excluded.sector_label, postal_code = excluded.postal_code,
                    city_code = excluded.city_code, city = excluded.city, city_norm = excluded.city_norm
                """, structures, structures.size(), (ps, s) -> {
            ps.setString(1, s.id());
            ps.setString(2, s.finess());
            ps.setString(3, s.name());
            ps.setString(4, Text.fold(s.name()));
            ps.setString(5, s.sectorCode());
            ps.setString(6, s.sectorLabel());
            ps.setString(7, s.postalCode());
            ps.setString(8, s.cityCode());
            ps.setString(9, s.city());
            ps.setString(10, Text.fold(s.city()));
        });
    }

    public void upsertProfessionals(List<ProfessionalRow> rows) {
        template.batchUpdate("""
                insert into directory_professional (idnps, id_type, civility, last_name, first_name,
                                                    profession_code, profession_label, category_code, name_norm,
                                                    mssante_address)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (idnps) do update set civility = excluded.civility, last_name = excluded.last_name,
                    first_name = excluded.first_name, profession_code = excluded.profession_code,
                    profession_label = excluded.profession_label, category_code = excluded.category_code,
                    name_norm = excluded.name_norm,
                    mssante_address = coalesce(excluded.mssante_address, directory_professional.mssante_address)
                """, rows, rows.size(), (ps, r) -> {
            ps.setString(1, r.idnps());
            ps.setString(2, r.idnps().substring(0, 1));
            ps.setString(3, r.civility());
            ps.setString(4, r.lastName());
            ps.setString(5, r.firstName());
            ps.setString(6, r.professionCode());
            ps.setString(7, r.professionLabel());
            ps.setString(8, r.categoryCode());
            ps.setString(9, nameNorm(r.lastName(), r.firstName()));
            ps.setString(10, r.mssanteAddress());
        });
    }

    public void upsertActivities(List<ActivityRow> rows) {
        template.batchUpdate("""
                insert into directory_activity (idnps, specialty_code, specialty_label, practice_mode, structure_id,
                                                role, function_code, city_norm, name_norm)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (idnps, structure_id, specialty_code, role) do update set
                    specialty_label = excluded.specialty_label, practice_mode = excluded.practice_mode,
                    function_code = excluded.function_code, city_norm = excluded.city_norm,
                    name_norm = excluded.name_norm
                """, rows, rows.size(), (ps, r) -> {
            ps.setString(1, r.idnps());
            ps.setString(2, r.specialtyCode());
            ps.setString(3, r.specialtyLabel());
            ps.setString(4, r.practiceMode());
            ps.setString(5, r.structureId());
            ps.setString(6, r.role().name());
            ps.setString(7, r.functionCode());
            ps.setString(8, Text.fold(r.city()));
            ps.setString(9, r.nameNorm());
        });
    }

    public static String nameNorm(String lastName, String firstName) {
        return Text.fold(lastName + " " + (firstName == null ? "" : firstName));
    }

    /** NOT-3: the professional's MSSanté mailbox, when the directory has one. */
    public Optional<String> mssanteAddress(String idnps) {
        return jdbc.sql("select mssante_address from directory_professional where idnps = ? and mssante_address is not null")
                .param(idnps).query(String.class).optional();
    }

    public Optional<Professional> find(Idnps idnps) {
        Optional<ProfessionalRow> row = jdbc.sql("""
                        select idnps, civility, last_name, first_name, profession_code, profession_label, category_code
                        from directory_professional where idnps = ?""")
                .param(idnps.value())
                .query((rs, n) -> new ProfessionalRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .optional();
        return row.map(r -> toProfessional(r, activitiesOf(List.of(r.idnps())).getOrDefault(r.idnps(), List.of())));
    }

    public Optional<Activity> activity(long id) {
        return jdbc.sql("select " + ACTIVITY_COLUMNS + """
                         from directory_activity a left join directory_structure s on s.structure_id = a.structure_id
                         where a.id = ?""")
                .param(id).query(DirectoryRepository::activity).optional();
    }

    /** Activities matching the query, ordered by name, one page plus one row to tell if more follow. */
    public List<Activity> searchActivities(DirectoryQuery q) {
        StringBuilder sql = new StringBuilder("select " + ACTIVITY_COLUMNS + """
                 from directory_activity a left join directory_structure s on s.structure_id = a.structure_id
                 where true""");
        List<Object> params = new ArrayList<>();
        filters(q, sql, params);
        sql.append(" order by a.name_norm, a.idnps, a.id offset ? limit ?");
        params.add(q.offset());
        params.add(q.count() + 1);
        return jdbc.sql(sql.toString()).params(params).query(DirectoryRepository::activity).list();
    }

    /**
     * Professionals by name prefix, with an activity matching the other criteria, ordered by name:
     * walks the professionals' name index and stops at the page's end.
     */
    public List<Professional> searchProfessionals(DirectoryQuery q) {
        StringBuilder sql = new StringBuilder("""
                select p.idnps, p.civility, p.last_name, p.first_name, p.profession_code, p.profession_label,
                       p.category_code
                from directory_professional p where true""");
        List<Object> params = new ArrayList<>();
        if (q.name() != null) {
            prefix(sql, params, "p.name_norm", q.name());
        }
        if (q.profession() != null) {
            sql.append(" and p.profession_code = ?");
            params.add(q.profession());
        }
        if (q.specialty() != null || q.city() != null) {
            sql.append(" and exists (select 1 from directory_activity a where a.idnps = p.idnps");
            DirectoryQuery activityOnly = new DirectoryQuery(null, q.specialty(), q.city(), null, 0, 1);
            filters(activityOnly, sql, params);
            sql.append(")");
        }
        sql.append(" order by p.name_norm, p.idnps offset ? limit ?");
        params.add(q.offset());
        params.add(q.count() + 1);
        List<ProfessionalRow> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new ProfessionalRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
        Map<String, List<Activity>> activities = activitiesOf(rows.stream().map(ProfessionalRow::idnps).toList());
        return rows.stream().map(r -> toProfessional(r, activities.getOrDefault(r.idnps(), List.of()))).toList();
    }

    private static void filters(DirectoryQuery q, StringBuilder sql, List<Object> params) {
        if (q.name() != null) {
            prefix(sql, params, "a.name_norm", q.name());
        }
        if (q.specialty() != null) {
            sql.append(" and a.specialty_code = ?");
            params.add(q.specialty());
        }
        if (q.city() != null) {
            prefix(sql, params, "a.city_norm", q.city());
        }
        if (q.profession() != null) {
            sql.append(" and a.idnps in (select idnps from directory_professional where profession_code = ?)");
            params.add(q.profession());
        }
    }

    public List<Structure> searchStructures(String name, String city, int offset, int count) {
        StringBuilder sql = new StringBuilder("""
                select structure_id, finess, name s_name, sector_code, sector_label, postal_code, city_code, city
                from directory_structure where true""");
        List<Object> params = new ArrayList<>();
        if (name != null && !name.isBlank()) {
            prefix(sql, params, "name_norm", Text.fold(name));
        }
        if (city != null && !city.isBlank()) {
            prefix(sql, params, "city_norm", Text.fold(city));
        }
        sql.append(" order by name_norm, structure_id offset ? limit ?");
        params.add(offset);
        params.add(count + 1);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> structure(rs)).list();
    }

    public Optional<Structure> structure(String id) {
        return jdbc.sql("""
                        select structure_id, finess, name s_name, sector_code, sector_label, postal_code, city_code, city
                        from directory_structure where structure_id = ? or finess = ? limit 1""")
                .param(id).param(id).query((rs, n) -> structure(rs)).optional();
    }

    public long countProfessionals() {
        return jdbc.sql("select count(*) from directory_professional").query(Long.class).single();
    }

    private Map<String, List<Activity>> activitiesOf(List<String> idnps) {
        Map<String, List<Activity>> byIdnps = new LinkedHashMap<>();
        if (idnps.isEmpty()) {
            return byIdnps;
        }
        jdbc.sql("select " + ACTIVITY_COLUMNS + """
                         from directory_activity a left join directory_structure s on s.structure_id = a.structure_id
                         where a.idnps = any(?) order by a.id""")
                .param(idnps.toArray(String[]::new))
                .query(DirectoryRepository::activity).list()
                .forEach(a -> byIdnps.computeIfAbsent(a.idnps().value(), k -> new ArrayList<>()).add(a));
        return byIdnps;
    }

    private static Professional toProfessional(ProfessionalRow r, List<Activity> activities) {
        return new Professional(Idnps.of(r.idnps()), r.civility(), r.lastName(), r.firstName(), r.professionCode(),
                r.professionLabel(), activities);
    }

    private static Activity activity(ResultSet rs, int n) throws SQLException {
        Structure s = rs.getString("structure_id") == null ? null : structure(rs);
        return new Activity(rs.getLong("id"), Idnps.of(rs.getString("idnps")), rs.getString("specialty_code"),
                rs.getString("specialty_label"), rs.getString("practice_mode"), s,
                ActorRole.valueOf(rs.getString("role")));
    }

    private static Structure structure(ResultSet rs) throws SQLException {
        String finess = rs.getString("finess");
        return new Structure(rs.getString("structure_id"), finess == null ? null : finess.trim(), rs.getString("s_name"),
                rs.getString("sector_code"), rs.getString("sector_label"), rs.getString("postal_code"),
                rs.getString("city_code"), rs.getString("city"));
    }

    /**
     * A prefix match written as a range: with collation "C" it reads the index even in a prepared
     * statement's generic plan, where {@code like ?} would not.
     */
    static void prefix(StringBuilder sql, List<Object> params, String column, String prefix) {
        sql.append(" and ").append(column).append(" >= ? and ").append(column).append(" < ?");
        params.add(prefix);
        params.add(prefix + Character.MAX_VALUE);
    }
}
