package health.carnet;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #15, SPEC §14: reads the live schema (pg_catalog) and checks the rules that let the
 * clinical tables be distributed by dossier (Citus, docs/scale.md): every table is classified
 * (clinical, reference, or distributed by a key of its own); a clinical table carries its
 * dossier, its primary key and every unique index include it, and its foreign keys either include
 * it or point at a reference table; no foreign key joins two tables distributed differently, and a
 * table distributed by its own key has that key in every unique index. The tables not converted yet are listed in {@link #PENDING}:
 * the test fails when one of them starts to comply (take it off the list) and when a new table
 * breaks a rule. It fails too when it matches nothing.
 */
@IntegrationTest
class CitusReadySchemaTest {

    /** Replicated to every node (small, read everywhere): create_reference_table. */
    static final Set<String> REFERENCE = Set.of("directory_structure", "directory_professional", "directory_activity", "audit_keying",
            "crypto_key_group", "crypto_key_retired", "crypto_epoch_version");
    /**
     * Not per dossier: distributed by their own key (the column given: NIR, login, identifier) or left
     * on the coordinator (""), as docs/scale.md's statements do.
     */
    static final Map<String, String> OWN_KEY = Map.ofEntries(Map.entry("insured_person", "nir"), Map.entry("patient_account", "login"),
            Map.entry("feed_pending", "claim_id"),
            // a queue read with FOR UPDATE SKIP LOCKED across dossiers (Citus locks rows on one shard only)
            Map.entry("notification_outbox", ""),
            Map.entry("one_time_code", ""), Map.entry("guess_limit", ""), Map.entry("feed_import", ""), Map.entry("feed_rejection", ""),
            Map.entry("feed_bulk_import", ""), Map.entry("patient_token_revocation", ""),
            // ID-2 / DOS-9: one live dossier per INS (and the destroyed ones), distributed by the INS
            Map.entry("dossier_ins", "ins"),
            // ITI-65: masterIdentifier / SubmissionSet uniqueId unique in the service, distributed by the identifier;
            // an id alone (ITI-68) -> its dossier, distributed by the id
            Map.entry("document_uid", "master_identifier"), Map.entry("document_locator", "id"),
            // Consent/{id}, ExplanationOfBenefit/{id} and the importer's moved claims: an id alone -> its dossier
            Map.entry("access_consent_locator", "id"), Map.entry("feed_claim_locator", "claim_id"),
            // the dossiers a login represents (the patient's portal asks by login); ACC-2's oral consents by who declared them
            Map.entry("represented_dossier", "login"), Map.entry("access_oral_declaration", "idnps"));
    /** Clinical tables whose keys do not include the dossier yet (docs/scale.md): none since V80-V83; a new one fails. */
    static final Set<String> PENDING = Set.of();
    static final Set<String> IGNORED = Set.of("flyway_schema_history");

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyClinicalTableIsKeyedByItsDossier() {
        List<String> tables = jdbc.sql("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition order by 1""")
                .query(String.class).list();
        assertThat(tables).as("the schema test must match tables").hasSizeGreaterThan(20);
        Map<String, List<String>> problems = new TreeMap<>();
        Set<String> compliant = new TreeSet<>();
        for (String table : tables) {
            if (IGNORED.contains(table) || REFERENCE.contains(table) || OWN_KEY.containsKey(table)) {
                continue;
            }
            List<String> broken = check(table);
            if (broken.isEmpty()) {
                compliant.add(table);
            } else {
                problems.put(table, broken);
            }
        }
        Set<String> unexpected = new TreeSet<>(problems.keySet());
        unexpected.removeAll(PENDING);
        assertThat(unexpected).as("clinical tables breaking the Citus rules: " + problems).isEmpty();
        Set<String> fixed = new TreeSet<>(PENDING);
        fixed.removeAll(problems.keySet());
        assertThat(fixed).as("complies now: take it off PENDING").isEmpty();
        assertThat(compliant).as("the rules must hold somewhere").contains("document_content", "document_object_sweep", "crypto_dossier_key",
                "dossier", "dossier_event", "legal_representative", "access_consent", "access_consent_version", "access_break_glass",
                "crypto_document_key", "document", "document_submission_set", "document_patient_resource", "audit_event",
                "feed_claim", "feed_claim_superseded", "feed_hidden_kind", "dossier_owner");
    }

    /**
     * Issue #15: no foreign key between tables distributed differently (Citus refuses it, and it would
     * make every write ask another node). Allowed: to a reference table; between two tables left on the
     * coordinator; between two tables of one colocation group (the dossier's: dossier_id, dossier.id)
     * when the key pairs their distribution columns.
     */
    @Test
    void noForeignKeyJoinsTablesDistributedDifferently() {
        List<Map<String, Object>> fks = jdbc.sql("""
                select c.conname as name, t.relname as source, r.relname as target,
                       (select string_agg(a.attname, ',' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
                        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as source_columns,
                       (select string_agg(a.attname, ',' order by k.i) from unnest(c.confkey) with ordinality k(n, i)
                        join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as target_columns
                from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema() and c.contype = 'f' and c.conparentid = 0 order by 1""").query().listOfRows();
        List<String> broken = new ArrayList<>();
        Set<String> allowed = new TreeSet<>();
        for (Map<String, Object> fk : fks) {
            String name = (String) fk.get("name");
            Distribution from = distribution((String) fk.get("source"));
            Distribution to = distribution((String) fk.get("target"));
            List<String> sourceColumns = List.of(((String) fk.get("source_columns")).split(","));
            List<String> targetColumns = List.of(((String) fk.get("target_columns")).split(","));
            boolean ok = "reference".equals(to.group())
                    || "local".equals(from.group()) && "local".equals(to.group())
                    || from.group().equals(to.group()) && !"reference".equals(from.group()) && !"local".equals(from.group())
                    && sourceColumns.contains(from.column())
                    && to.column().equals(targetColumns.get(sourceColumns.indexOf(from.column())));
            if (ok) {
                allowed.add(name);
            } else {
                broken.add(name + ": " + fk.get("source") + " (" + from + ") -> " + fk.get("target") + " (" + to + ")");
            }
        }
        assertThat(broken).as("foreign keys between tables distributed differently").isEmpty();
        assertThat(allowed).as("the rule must match keys").contains("document_content_document_fkey", "document_replaces_fkey",
                "dossier_event_dossier_id_fkey", "legal_representative_dossier_id_fkey", "dossier_owner_dossier_id_fkey", "feed_rejection_import_id_fkey",
                "directory_activity_idnps_fkey");
    }

    /** Issue #15: a table distributed by its own key has it in its primary key and every unique index. */
    @Test
    void everyTableOfItsOwnKeyHasItInItsUniqueIndexes() {
        Set<String> broken = new TreeSet<>();
        Set<String> checked = new TreeSet<>();
        OWN_KEY.forEach((table, column) -> {
            if (column.isEmpty()) {
                return;
            }
            checked.add(table);
            jdbc.sql("""
                    select i.relname from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
                    join pg_namespace n on n.oid = t.relnamespace
                    where n.nspname = current_schema() and t.relname = ? and x.indisunique
                      and not exists (select 1 from pg_attribute a where a.attrelid = x.indrelid and a.attname = ?
                                      and a.attnum = any(x.indkey))""").params(table, column).query(String.class).list()
                    .forEach(broken::add);
        });
        assertThat(checked).as("the rule must match tables").contains("dossier_ins", "feed_claim_locator", "access_consent_locator",
                "patient_account", "represented_dossier");
        // e.g. patient_account's unique dossier_id (one account per dossier) until V118 moved that rule to dossier_owner
        assertThat(broken).as("unique indexes without their table's distribution column").isEmpty();
    }

    /** How a table is spread on Citus: its colocation group ("dossier", "reference", "local", or its own) and column. */
    record Distribution(String group, String column) {
    }

    private static Distribution distribution(String table) {
        if (REFERENCE.contains(table)) {
            return new Distribution("reference", null);
        }
        if (OWN_KEY.containsKey(table)) {
            String column = OWN_KEY.get(table);
            return column.isEmpty() ? new Distribution("local", null) : new Distribution("own:" + table, column);
        }
        if ("audit_event".equals(table)) {
            return new Distribution("own:audit_event", "chain_key");
        }
        return new Distribution("dossier", "dossier".equals(table) ? "id" : "dossier_id");
    }

    private List<String> check(String table) {
        // Two explicit exceptions to "distributed by dossier_id":
        // - dossier is distributed by its own id (the dossier id every other table names);
        // - audit_event is distributed by its chain, chain_key: the dossier id as text, or 'platform' for
        //   what concerns no dossier (dossier_id is null there, and a key column cannot be). Its
        //   appends are group-committed across chains by one writer (AuditWriter), never in a
        //   dossier's transaction, so it gains nothing from colocation with the dossier's tables.
        String column = "dossier".equals(table) ? "id" : "audit_event".equals(table) ? "chain_key" : "dossier_id";
        List<String> broken = new ArrayList<>();
        boolean hasColumn = jdbc.sql("select count(*) from information_schema.columns where table_schema = current_schema() "
                + "and table_name = ? and column_name = ?").params(table, column).query(Long.class).single() > 0;
        if (!hasColumn) {
            broken.add("no " + column + " column");
            return broken;
        }
        // primary key and unique indexes (constraints or not) must include the distribution column
        List<Map<String, Object>> uniques = jdbc.sql("""
                select i.relname as name, x.indisprimary as pk,
                       exists (select 1 from pg_attribute a where a.attrelid = x.indrelid and a.attname = ?
                               and a.attnum = any(x.indkey)) as has_dossier
                from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema() and t.relname = ? and x.indisunique""")
                .params(column, table).query().listOfRows();
        if (uniques.stream().noneMatch(u -> Boolean.TRUE.equals(u.get("pk")))) {
            broken.add("no primary key");
        }
        uniques.stream().filter(u -> !Boolean.TRUE.equals(u.get("has_dossier")))
                .forEach(u -> broken.add("unique index " + u.get("name") + " without " + column));
        // foreign keys: to a reference table, or including the dossier on both sides
        List<Map<String, Object>> fks = jdbc.sql("""
                select c.conname as name, r.relname as target,
                       exists (select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attname = ?
                               and a.attnum = any(c.conkey)) as has_dossier
                from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema() and t.relname = ? and c.contype = 'f'""")
                .params(column, table).query().listOfRows();
        for (Map<String, Object> fk : fks) {
            String target = (String) fk.get("target");
            if (!REFERENCE.contains(target) && !Boolean.TRUE.equals(fk.get("has_dossier"))) {
                broken.add("foreign key " + fk.get("name") + " to " + target + " without " + column);
            }
        }
        return broken;
    }
}
