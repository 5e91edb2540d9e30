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
 * it or point at a reference table. The tables not converted yet are listed in {@link #PENDING}:
 * the test fails when one of them starts to comply (take it off the list) and when a new table
 * breaks a rule. It fails too when it matches nothing.
 */
@IntegrationTest
class CitusReadySchemaTest {

    /** Replicated to every node (small, read everywhere): create_reference_table. */
    static final Set<String> REFERENCE = Set.of("directory_structure", "directory_professional", "directory_activity", "audit_keying",
            "crypto_key_group", "crypto_key_retired", "crypto_epoch_version");
    /** Not per dossier: distributed by their own key (NIR, login, identifier) or left on the coordinator. */
    static final Set<String> OWN_KEY = Set.of("insured_person", "patient_account", "one_time_code", "notification_outbox",
            "guess_limit", "feed_pending", "feed_import", "feed_rejection", "feed_bulk_import", "patient_token_revocation",
            // ID-2 / DOS-9: one live dossier per INS, distributed by the INS
            "dossier_ins",
            // ITI-65: masterIdentifier / SubmissionSet uniqueId unique in the service, distributed by the identifier;
            // an id alone (ITI-68) -> its dossier, distributed by the id
            "document_uid", "document_locator");
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
            if (IGNORED.contains(table) || REFERENCE.contains(table) || OWN_KEY.contains(table)) {
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
                "feed_claim", "feed_claim_superseded", "feed_hidden_kind");
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
