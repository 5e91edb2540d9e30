package health.carnet.document.internal;

import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DocumentRepository {

    private static final String COLUMNS = """
            id, dossier_id, master_identifier, status, author_kind, author_id, class_code, type_code, confidentiality,
            labels, content_type, format_code, size, hash, indexed_at, service_start, replaces, submission_set, version\s""";

    private final JdbcClient jdbc;

    public DocumentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The entry, and its sealed body when the body lives in PostgreSQL, in one statement (one round
     * trip per document of a deposit); {@code sealedContent} null: the body is in {@code contentStore}.
     */
    public void insert(DocumentMeta d, byte[] sealedMetadata, byte[] sealedContent, String contentStore) {
        // document_uid refuses a masterIdentifier already used in any dossier (ITI-65: DuplicateKeyException);
        // document_locator lets an id alone find the dossier; both in the same statement as the entry
        String global = """
                with uid as (insert into document_uid (kind, master_identifier, dossier_id, id) values ('document', ?, ?, ?)),
                locator as (insert into document_locator (id, dossier_id, kind) values (?, ?, 'document'))
                """;
        String entry = """
                insert into document (id, dossier_id, master_identifier, status, author_kind, author_id, class_code, type_code,
                    confidentiality, labels, content_type, format_code, size, hash, indexed_at, service_start, replaces,
                    submission_set, metadata, content_store)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        List<Object> params = new ArrayList<>(Arrays.asList(d.masterIdentifier(), d.dossierId(), d.id(), d.id(), d.dossierId(),
                d.id(), d.dossierId(), d.masterIdentifier(), d.status(), d.authorKind(),
                d.authorId(), d.classCode(), d.typeCode(), d.confidentiality(), arrayLiteral(d.labels()), d.contentType(),
                d.formatCode(), d.size(), d.hash(), Timestamp.from(d.indexedAt()),
                d.serviceStart() == null ? null : Timestamp.from(d.serviceStart()), d.replaces(), d.submissionSet(), sealedMetadata,
                contentStore));
        if (sealedContent == null) {
            jdbc.sql(global + entry).params(params).update();
            return;
        }
        params.add(sealedContent);
        jdbc.sql(global + ", entry as (" + entry + " returning id, dossier_id) "
                        + "insert into document_content (document_id, dossier_id, content) select id, dossier_id, ? from entry")
                .params(params).update();
    }

    /** The dossier an id alone names (ITI-68, DocumentReference/{id}, List/{id}, a patient's entry): one routed look-up. */
    public Optional<UUID> locate(UUID id, String kind) {
        return jdbc.sql("select dossier_id from document_locator where id = ? and kind = ?").params(id, kind).query(UUID.class).optional();
    }

    public Optional<DocumentMeta> find(UUID dossierId, UUID id) {
        return jdbc.sql("select " + COLUMNS + "from document where dossier_id = ? and id = ?").params(dossierId, id)
                .query(DocumentRepository::meta).optional();
    }

    /** The current document of a dossier by this system author and type, locked (the insurer's REMB: one per dossier). */
    public Optional<DocumentMeta> currentSystemDocumentForUpdate(UUID dossierId, String authorKind, String typeCode) {
        return jdbc.sql("select " + COLUMNS + "from document where dossier_id = ? and author_kind = ? and type_code = ? and status = 'current' for update")
                .params(dossierId, authorKind, typeCode).query(DocumentRepository::meta).list().stream().findFirst();
    }

    /** As {@link #currentSystemDocumentForUpdate} for many dossiers in one statement, by dossier. */
    public java.util.Map<UUID, DocumentMeta> currentSystemDocumentsForUpdate(java.util.Collection<UUID> dossierIds, String authorKind,
                                                                             String typeCode) {
        java.util.Map<UUID, DocumentMeta> out = new java.util.HashMap<>();
        if (dossierIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select " + COLUMNS + "from document where dossier_id = any(?) and author_kind = ? and type_code = ? "
                        + "and status = 'current' order by dossier_id, id for update")
                .params(dossierIds.toArray(UUID[]::new), authorKind, typeCode).query(DocumentRepository::meta).list()
                .forEach(m -> out.putIfAbsent(m.dossierId(), m));
        return out;
    }

    /** Marks these documents superseded in one statement (a batch of system documents replaced), each by its dossier. */
    public void supersedeAll(List<DocumentMeta> olds) {
        if (!olds.isEmpty()) {
            jdbc.sql("""
                    update document set status = 'superseded', version = version + 1
                    where (dossier_id, id) in (select * from unnest(?::uuid[], ?::uuid[]))""")
                    .params(olds.stream().map(DocumentMeta::dossierId).toArray(UUID[]::new), olds.stream().map(DocumentMeta::id).toArray(UUID[]::new))
                    .update();
        }
    }

    /**
     * Many entries with their bodies kept in PostgreSQL, and their submission sets (one per
     * document), in three statements whatever their number: the feed files hundreds of REMB
     * documents per transaction. {@code sets.get(i)} is the submission set of {@code docs.get(i)}.
     */
    public void insertAllInPostgres(List<DocumentMeta> docs, List<byte[]> sealedMetadata, List<byte[]> sealedContent,
                                    List<byte[]> sealedSets) {
        insertAll(docs, sealedMetadata, sealedContent, sealedSets, PostgresContentStore.NAME);
    }

    /** As {@link #insertAllInPostgres}, the bodies in {@code contentStore}: {@code sealedContent} null when they are already there. */
    public void insertAll(List<DocumentMeta> docs, List<byte[]> sealedMetadata, List<byte[]> sealedContent,
                          List<byte[]> sealedSets, String contentStore) {
        if (docs.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into document (id, dossier_id, master_identifier, status, author_kind, author_id, class_code, type_code,
                    confidentiality, labels, content_type, format_code, size, hash, indexed_at, service_start, replaces,
                    submission_set, metadata, content_store)
                select id, dossier_id, master_identifier, status, author_kind, author_id, class_code, type_code, confidentiality,
                    labels::text[], content_type, format_code, size, hash, indexed_at, service_start, replaces, submission_set,
                    metadata, ?
                from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::uuid[],
                    ?::uuid[], ?::bytea[])
                    as t(id, dossier_id, master_identifier, status, author_kind, author_id, class_code, type_code,
                    confidentiality, labels, content_type, format_code, size, hash, indexed_at, service_start, replaces,
                    submission_set, metadata)""")
                .params(contentStore,
                        docs.stream().map(DocumentMeta::id).toArray(UUID[]::new),
                        docs.stream().map(DocumentMeta::dossierId).toArray(UUID[]::new),
                        docs.stream().map(DocumentMeta::masterIdentifier).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::status).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::authorKind).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::authorId).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::classCode).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::typeCode).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::confidentiality).toArray(String[]::new),
                        docs.stream().map(d -> arrayLiteral(d.labels())).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::contentType).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::formatCode).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::size).toArray(Long[]::new),
                        docs.stream().map(DocumentMeta::hash).toArray(String[]::new),
                        // instants and nullable ids as text: the driver encodes text arrays with their nulls, the casts do the rest
                        docs.stream().map(d -> d.indexedAt().toString()).toArray(String[]::new),
                        docs.stream().map(d -> d.serviceStart() == null ? null : d.serviceStart().toString()).toArray(String[]::new),
                        docs.stream().map(d -> d.replaces() == null ? null : d.replaces().toString()).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::submissionSet).toArray(UUID[]::new),
                        sealedMetadata.toArray(byte[][]::new))
                .update();
        // the global identifiers (issue #15): masterIdentifier and set uniqueId in document_uid, ids in document_locator
        UUID[] ids = docs.stream().map(DocumentMeta::id).toArray(UUID[]::new);
        UUID[] dossiers = docs.stream().map(DocumentMeta::dossierId).toArray(UUID[]::new);
        UUID[] setIds = docs.stream().map(DocumentMeta::submissionSet).toArray(UUID[]::new);
        jdbc.sql("""
                with d as (select * from unnest(?::uuid[], ?::uuid[], ?::text[]) as t(id, dossier_id, master_identifier)),
                s as (select * from unnest(?::uuid[], ?::uuid[]) as t(id, dossier_id)),
                document_uids as (insert into document_uid (kind, master_identifier, dossier_id, id)
                    select 'document', master_identifier, dossier_id, id from d),
                set_uids as (insert into document_uid (kind, master_identifier, dossier_id, id)
                    select 'submission_set', 'urn:uuid:' || id, dossier_id, id from s),
                document_locators as (insert into document_locator (id, dossier_id, kind) select id, dossier_id, 'document' from d)
                insert into document_locator (id, dossier_id, kind) select id, dossier_id, 'submission_set' from s""")
                .params(ids, dossiers, docs.stream().map(DocumentMeta::masterIdentifier).toArray(String[]::new), setIds, dossiers)
                .update();
        if (sealedContent != null) {
            jdbc.sql("insert into document_content (document_id, dossier_id, content) select * from unnest(?::uuid[], ?::uuid[], ?::bytea[])")
                    .params(docs.stream().map(DocumentMeta::id).toArray(UUID[]::new),
                            docs.stream().map(DocumentMeta::dossierId).toArray(UUID[]::new), sealedContent.toArray(byte[][]::new))
                    .update();
        }
        jdbc.sql("""
                insert into document_submission_set (id, dossier_id, master_identifier, created_at, document_ids, metadata)
                select id, dossier_id, 'urn:uuid:' || id, created_at, array[document_id], metadata
                from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::uuid[], ?::bytea[]) as t(id, dossier_id, created_at, document_id, metadata)""")
                .params(docs.stream().map(DocumentMeta::submissionSet).toArray(UUID[]::new),
                        docs.stream().map(DocumentMeta::dossierId).toArray(UUID[]::new),
                        docs.stream().map(d -> d.indexedAt().toString()).toArray(String[]::new),
                        docs.stream().map(DocumentMeta::id).toArray(UUID[]::new),
                        sealedSets.toArray(byte[][]::new))
                .update();
    }

    public Optional<DocumentMeta> findForUpdate(UUID dossierId, UUID id) {
        return jdbc.sql("select " + COLUMNS + "from document where dossier_id = ? and id = ? for update").params(dossierId, id)
                .query(DocumentRepository::meta).optional();
    }

    /** A document's entry, sealed metadata and (when asked) sealed content, in one round trip. */
    public record Row(DocumentMeta meta, byte[] sealedMetadata, byte[] sealedContent, String contentStore) {
    }

    /** By id alone (ITI-68): the locator first, then the dossier's shard. */
    public Optional<Row> fetch(UUID id, boolean withContent) {
        return locate(id, "document").flatMap(dossierId -> fetch(dossierId, id, withContent));
    }

    public Optional<Row> fetch(UUID dossierId, UUID id, boolean withContent) {
        String sql = withContent
                ? "select " + COLUMNS + ", metadata, content_store, (select c.content from document_content c "
                        + "where c.dossier_id = document.dossier_id and c.document_id = document.id) from document where dossier_id = ? and id = ?"
                : "select " + COLUMNS + ", metadata, content_store from document where dossier_id = ? and id = ?";
        return jdbc.sql(sql).params(dossierId, id)
                .query((rs, n) -> new Row(meta(rs, n), rs.getBytes(20), withContent ? rs.getBytes(22) : null, rs.getString(21)))
                .optional();
    }

    public List<DocumentMeta> search(UUID dossierId, DocumentQuery q, int offset, int limit) {
        return search(dossierId, q, offset, limit, false).stream().map(Row::meta).toList();
    }

    /** The query's page, with each entry's sealed metadata when asked (a search result renders it). */
    public List<Row> search(UUID dossierId, DocumentQuery q, int offset, int limit, boolean withMetadata) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + (withMetadata ? ", metadata " : "") + "from document where dossier_id = ?");
        List<Object> params = new ArrayList<>(List.of(dossierId));
        in(sql, params, "status", q.statuses());
        in(sql, params, "type_code", q.typeCodes());
        in(sql, params, "class_code", q.classCodes());
        in(sql, params, "format_code", q.formatCodes());
        if (q.labels() != null && !q.labels().isEmpty()) {
            // security-label names a confidentiality (N, R, V) or a visibility label: either matches
            sql.append(" and (confidentiality = any(?::text[]) or labels && ?::text[])");
            params.add(arrayLiteral(q.labels()));
            params.add(arrayLiteral(q.labels()));
        }
        if (q.from() != null) {
            sql.append(" and indexed_at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and indexed_at <= ?");
            params.add(Timestamp.from(q.to()));
        }
        if (q.archived() != null) {
            sql.append(" and archived = ?");
            params.add(q.archived());
        }
        if (q.authorId() != null) {
            sql.append(" and author_id = ?");
            params.add(q.authorId());
        }
        sql.append(" order by indexed_at desc, id offset ? limit ?");
        params.add(offset);
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Row(meta(rs, n), withMetadata ? rs.getBytes(20) : null, null, null)).list();
    }

    public void setStatus(UUID dossierId, UUID id, String status) {
        jdbc.sql("update document set status = ?, version = version + 1 where dossier_id = ? and id = ?").params(status, dossierId, id)
                .update();
    }

    public void setLabels(UUID dossierId, UUID id, String confidentiality, Set<String> labels) {
        jdbc.sql("update document set confidentiality = ?, labels = ?::text[], version = version + 1 where dossier_id = ? and id = ?")
                .params(confidentiality, arrayLiteral(labels), dossierId, id).update();
    }

    /** PDSm isArchived: the flag searches filter on, and the sealed metadata that renders it, in one statement. */
    public void setArchived(UUID dossierId, UUID id, boolean archived, byte[] sealedMetadata) {
        jdbc.sql("update document set archived = ?, metadata = ?, version = version + 1 where dossier_id = ? and id = ?")
                .params(archived, sealedMetadata, dossierId, id).update();
    }

    /** Which of these documents of the dossier are archived (PDSm isArchived). */
    public Set<UUID> archived(UUID dossierId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("select id from document where dossier_id = ? and archived and id = any(?::uuid[])")
                .params(dossierId, "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}")
                .query(UUID.class).list());
    }

    /** A document by its masterIdentifier (PDSm's conditional update), through document_uid: its dossier and id. */
    public record Located(UUID dossierId, UUID id) {
    }

    public Optional<Located> byMasterIdentifier(String masterIdentifier) {
        return jdbc.sql("select dossier_id, id from document_uid where kind = 'document' and master_identifier = ?").param(masterIdentifier)
                .query((rs, n) -> new Located(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).optional();
    }

    /** Deletion (DOC-4): the content goes; the index entry stays, entered-in-error, for the history. */
    public void deleteContent(UUID dossierId, UUID id) {
        jdbc.sql("delete from document_content where dossier_id = ? and document_id = ?").params(dossierId, id).update();
    }

    /** Where a document's body lives ({@code postgresql} or {@code s3}). */
    public String contentStore(UUID dossierId, UUID id) {
        return jdbc.sql("select content_store from document where dossier_id = ? and id = ?").params(dossierId, id)
                .query(String.class).optional().orElse("postgresql");
    }

    public void insertSubmissionSet(UUID id, UUID dossierId, String masterIdentifier, Instant at, List<UUID> documents,
                                    byte[] sealed) {
        // the uniqueId is unique in the whole service (document_uid), the id findable alone (document_locator)
        jdbc.sql("""
                with uid as (insert into document_uid (kind, master_identifier, dossier_id, id) values ('submission_set', ?, ?, ?)),
                locator as (insert into document_locator (id, dossier_id, kind) values (?, ?, 'submission_set'))
                insert into document_submission_set (id, dossier_id, master_identifier, created_at, document_ids, metadata)
                values (?, ?, ?, ?, ?::uuid[], ?)""")
                .params(masterIdentifier, dossierId, id, id, dossierId, id, dossierId, masterIdentifier, Timestamp.from(at),
                        "{" + String.join(",", documents.stream().map(UUID::toString).toList()) + "}", sealed)
                .update();
    }

    public record SubmissionSetRow(UUID id, UUID dossierId, Instant createdAt, List<UUID> documents, byte[] sealed) {
    }

    public List<SubmissionSetRow> submissionSets(UUID dossierId, Instant from, Instant to, String uniqueId, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select id, dossier_id, created_at, document_ids, metadata from document_submission_set "
                + "where dossier_id = ?");
        List<Object> params = new ArrayList<>(List.of(dossierId));
        if (from != null) {
            sql.append(" and created_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and created_at <= ?");
            params.add(Timestamp.from(to));
        }
        if (uniqueId != null) {
            sql.append(" and master_identifier = ?");
            params.add(uniqueId);
        }
        sql.append(" order by created_at desc, id offset ? limit ?");
        params.add(offset);
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new SubmissionSetRow(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(), uuids(rs.getArray(4)), rs.getBytes(5)))
                .list();
    }

    public Optional<SubmissionSetRow> submissionSet(UUID dossierId, UUID id) {
        return jdbc.sql("select id, dossier_id, created_at, document_ids, metadata from document_submission_set where dossier_id = ? and id = ?")
                .params(dossierId, id).query((rs, n) -> new SubmissionSetRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant(), uuids(rs.getArray(4)), rs.getBytes(5)))
                .optional();
    }

    /** Everything the document module holds for a dossier (DOS-6 destruction): entries, contents, lists, patient entries. */
    public void deleteDossier(UUID dossierId) {
        jdbc.sql("delete from document_content where dossier_id = ?").param(dossierId).update();
        List<Gone> documents = jdbc.sql("delete from document where dossier_id = ? returning id, master_identifier").param(dossierId)
                .query((rs, n) -> new Gone(rs.getObject(1, UUID.class), rs.getString(2))).list();
        List<Gone> sets = jdbc.sql("delete from document_submission_set where dossier_id = ? returning id, master_identifier")
                .param(dossierId).query((rs, n) -> new Gone(rs.getObject(1, UUID.class), rs.getString(2))).list();
        List<UUID> entries = jdbc.sql("delete from document_patient_resource where dossier_id = ? returning id").param(dossierId)
                .query(UUID.class).list();
        // the global tables by their own keys (issue #15: on Citus, only the shards of these identifiers, not
        // every shard), and only where they name this dossier; in the destroying transaction (DOS-6, SEC-2)
        deleteUids("document", documents, dossierId);
        deleteUids("submission_set", sets, dossierId);
        List<UUID> ids = new ArrayList<>(entries);
        documents.forEach(g -> ids.add(g.id()));
        sets.forEach(g -> ids.add(g.id()));
        if (!ids.isEmpty()) {
            jdbc.sql("delete from document_locator where id = any(?) and dossier_id = ?").params(ids.toArray(UUID[]::new), dossierId).update();
        }
    }

    private record Gone(UUID id, String masterIdentifier) {
    }

    private void deleteUids(String kind, List<Gone> gone, UUID dossierId) {
        if (!gone.isEmpty()) {
            jdbc.sql("delete from document_uid where kind = ? and master_identifier = any(?) and dossier_id = ?")
                    .params(kind, gone.stream().map(Gone::masterIdentifier).toArray(String[]::new), dossierId).update();
        }
    }

    public long count() {
        return jdbc.sql("select count(*) from document").query(Long.class).single();
    }

    private static void in(StringBuilder sql, List<Object> params, String column, Set<String> values) {
        if (values != null && !values.isEmpty()) {
            sql.append(" and ").append(column).append(" = any(?::text[])");
            params.add(arrayLiteral(values));
        }
    }

    static String arrayLiteral(Set<String> values) {
        return "{" + String.join(",", values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .toList()) + "}";
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> v instanceof UUID u ? u : UUID.fromString(v.toString())).toList();
    }

    /** By column position (the order of COLUMNS) and java.time: a search page maps up to two hundred of these. */
    private static DocumentMeta meta(ResultSet rs, int n) throws SQLException {
        java.time.OffsetDateTime start = rs.getObject(16, java.time.OffsetDateTime.class);
        String[] labels = (String[]) rs.getArray(10).getArray();
        return new DocumentMeta(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                new LinkedHashSet<>(Arrays.asList(labels)), rs.getString(11), rs.getString(12), rs.getLong(13), rs.getString(14),
                rs.getObject(15, java.time.OffsetDateTime.class).toInstant(), start == null ? null : start.toInstant(),
                rs.getObject(17, UUID.class), rs.getObject(18, UUID.class), rs.getInt(19));
    }
}
