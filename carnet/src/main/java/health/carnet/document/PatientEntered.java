package health.carnet.document;

import health.carnet.crypto.DossierCrypto;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the patient enters themselves (DOC-2): allergies, conditions, current treatments, blood
 * group, emergency contacts (EMG-3), advance directives and organ-donation position, kept as whole
 * FHIR resources encrypted with the dossier's key.
 */
@Service
public class PatientEntered {

    public static final Set<String> TYPES = Set.of("AllergyIntolerance", "Condition", "MedicationStatement", "Observation",
            "RelatedPerson");

    private final JdbcClient jdbc;
    private final DossierCrypto crypto;
    private final Clock clock;

    PatientEntered(JdbcClient jdbc, DossierCrypto crypto, Clock clock) {
        this.jdbc = jdbc;
        this.crypto = crypto;
        this.clock = clock;
    }

    /** TRE_A03 90: deposited by the patient. */
    static final String CLASS_CODE = "90";

    public record Entry(UUID id, UUID dossierId, String type, Instant updatedAt, int version, String json) {
    }

    public Optional<UUID> dossierOf(UUID id) {
        // an id alone: the locator (routed by id) says which dossier, before the gate is asked
        return jdbc.sql("select dossier_id from document_locator where id = ? and kind = 'patient_resource'").param(id)
                .query(UUID.class).optional();
    }

    @Transactional
    public Entry create(Permit permit, String type, UUID id, String json) {
        permit.require(permit.dossierId(), "WRITE_PATIENT_ENTRY");
        check(type);
        Instant now = clock.instant();
        jdbc.sql("""
                with locator as (insert into document_locator (id, dossier_id, kind) values (?, ?, 'patient_resource'))
                insert into document_patient_resource (id, dossier_id, type, created_at, updated_at, body) values (?, ?, ?, ?, ?, ?)""")
                .params(id, permit.dossierId(), id, permit.dossierId(), type, Timestamp.from(now), Timestamp.from(now), seal(permit.dossierId(), id, json))
                .update();
        return new Entry(id, permit.dossierId(), type, now, 1, json);
    }

    @Transactional
    public Entry update(Permit permit, String type, UUID id, String json) {
        permit.require(permit.dossierId(), "WRITE_PATIENT_ENTRY");
        Instant now = clock.instant();
        int n = jdbc.sql("update document_patient_resource set body = ?, updated_at = ?, version = version + 1 "
                        + "where id = ? and dossier_id = ? and type = ?")
                .params(seal(permit.dossierId(), id, json), Timestamp.from(now), id, permit.dossierId(), type).update();
        if (n == 0) {
            throw Problem.notFound("No " + type + "/" + id + " in this dossier.");
        }
        return find(permit, type, id).orElseThrow();
    }

    @Transactional
    public void delete(Permit permit, String type, UUID id) {
        permit.require(permit.dossierId(), "DELETE_PATIENT_ENTRY");
        int n = jdbc.sql("""
                with gone as (delete from document_patient_resource where dossier_id = ? and id = ? and type = ? returning id),
                locator as (delete from document_locator where id in (select id from gone))
                select count(*) from gone""").params(permit.dossierId(), id, type).query(Integer.class).single();
        if (n == 0) {
            throw Problem.notFound("No " + type + "/" + id + " in this dossier.");
        }
    }

    /** One entry, if the permit's holder sees what the patient entered (ACC-7: class 90); otherwise empty. */
    public Optional<Entry> find(Permit permit, String type, UUID id) {
        if (!visible(permit)) {
            return Optional.empty();
        }
        return jdbc.sql("select id, dossier_id, type, updated_at, version, body from document_patient_resource "
                        + "where id = ? and dossier_id = ? and type = ?")
                .params(id, permit.dossierId(), type).query((rs, i) -> entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getInt(5), rs.getBytes(6)))
                .optional();
    }

    public List<Entry> list(Permit permit, String type) {
        permit.require(permit.dossierId(), "READ_DOCUMENTS");
        if (!visible(permit)) {
            return List.of();
        }
        return jdbc.sql("select id, dossier_id, type, updated_at, version, body from document_patient_resource "
                        + "where dossier_id = ? and type = ? order by updated_at desc limit 500")
                .params(permit.dossierId(), type).query((rs, i) -> entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getInt(5), rs.getBytes(6)))
                .list();
    }

    /** What a patient enters is a document of class 90 of theirs, with no label: the permit says who reads that. */
    private static boolean visible(Permit permit) {
        return permit.visibility().shows(null, CLASS_CODE, Set.of(), null);
    }

    private Entry entry(UUID id, UUID dossier, String type, Instant updated, int version, byte[] sealed) {
        return new Entry(id, dossier, type, updated, version,
                new String(crypto.open(dossier, sealed, Documents.aad("entered", id)), StandardCharsets.UTF_8));
    }

    private byte[] seal(UUID dossier, UUID id, String json) {
        return crypto.seal(dossier, json.getBytes(StandardCharsets.UTF_8), Documents.aad("entered", id));
    }

    private static void check(String type) {
        if (!TYPES.contains(type)) {
            throw Problem.invalid("Patients enter " + TYPES + ", not " + type + ".");
        }
    }
}
