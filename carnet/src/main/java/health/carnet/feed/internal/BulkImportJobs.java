package health.carnet.feed.internal;

import health.carnet.feed.BulkImports;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** SQL of {@code feed_bulk_import} (V90): the FHIR $import jobs. */
@Repository
public class BulkImportJobs {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Input(String type, String url) {
    }

    /** The stored outcome: what each input gave, or why the job failed. */
    record Outcome(List<BulkImports.Result> results, String error) {
    }

    public record Row(UUID id, String status, Instant requestedAt, Instant heartbeatAt, String progress, Instant finishedAt,
                      List<BulkImports.Result> results, String error) {

        public boolean running() {
            return status.equals("accepted") || status.equals("in-progress");
        }
    }

    private final JdbcTemplate jdbc;

    BulkImportJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String requestedBy, Instant at, List<Input> inputs) {
        jdbc.update("insert into feed_bulk_import (id, requested_by, requested_at, inputs, status, heartbeat_at) values (?, ?, ?, ?, 'accepted', ?)",
                id, requestedBy, Timestamp.from(at), JSON.writeValueAsString(inputs), Timestamp.from(at));
    }

    public void started(UUID id, Instant at, String progress) {
        jdbc.update("update feed_bulk_import set status = 'in-progress', heartbeat_at = ?, progress = ? where id = ? and status = 'accepted'",
                Timestamp.from(at), progress, id);
    }

    public void heartbeat(UUID id, Instant at, String progress) {
        jdbc.update("update feed_bulk_import set heartbeat_at = ?, progress = ? where id = ? and status = 'in-progress'",
                Timestamp.from(at), progress, id);
    }

    /** The end of a job (not of one cancelled meanwhile: its cancellation stands). */
    public void finish(UUID id, String status, Instant at, List<BulkImports.Result> results, String error) {
        jdbc.update("""
                update feed_bulk_import set status = ?, finished_at = ?, heartbeat_at = ?, outcome = ?
                where id = ? and status in ('accepted', 'in-progress')""",
                status, Timestamp.from(at), Timestamp.from(at), JSON.writeValueAsString(new Outcome(results, error)), id);
    }

    /** A running job is marked cancelled; a finished one is forgotten (its client is done with it). */
    public void cancel(UUID id, Instant at) {
        int n = jdbc.update("update feed_bulk_import set status = 'cancelled', finished_at = ? where id = ? and status in ('accepted', 'in-progress')",
                Timestamp.from(at), id);
        if (n == 0) {
            jdbc.update("delete from feed_bulk_import where id = ?", id);
        }
    }

    /** A job whose runner went silent, taken over by this server: its id and what it was asked. */
    public record Orphan(UUID id, List<Input> inputs) {
    }

    /**
     * Takes over the running jobs silent since {@code silentSince} (their server stopped): one
     * statement, so of two servers looking at once only one gets each job.
     */
    public List<Orphan> takeOverSilent(Instant now, Instant silentSince) {
        return jdbc.query("""
                update feed_bulk_import set status = 'in-progress', heartbeat_at = ?
                where status in ('accepted', 'in-progress') and heartbeat_at < ? returning id, inputs""",
                (rs, n) -> new Orphan(rs.getObject(1, UUID.class), JSON.readValue(rs.getString(2), new TypeReference<List<Input>>() {
                })), Timestamp.from(now), Timestamp.from(silentSince));
    }

    /** A sign of life from the job's runner, whatever the file's progress (a long REMB rendering included). */
    public void touch(UUID id, Instant at) {
        jdbc.update("update feed_bulk_import set heartbeat_at = ? where id = ? and status = 'in-progress'", Timestamp.from(at), id);
    }

    public Optional<Row> find(UUID id, String requestedBy) {
        return jdbc.query("""
                select id, status, requested_at, heartbeat_at, progress, finished_at, outcome from feed_bulk_import
                where id = ? and requested_by = ?""", BulkImportJobs::row, id, requestedBy).stream().findFirst();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString(7);
        Outcome o = outcome == null ? null : JSON.readValue(outcome, new TypeReference<Outcome>() {
        });
        return new Row(rs.getObject(1, UUID.class), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getString(5), instant(rs, 6),
                o == null ? null : o.results(), o == null ? null : o.error());
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
