package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.document.internal.ObjectSweep;
import health.carnet.document.internal.S3ContentStore;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.S3Server;
import health.carnet.support.S3Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #15 against a real S3 server (S3Proxy, filesystem backend): bodies sealed before upload
 * (SEC-1) under hashed prefixes, large ones in parts; the object store stopped mid-run answers 503
 * with an OperationOutcome for deposits (nothing half stored) and retrieves (never 404); orphans,
 * deleted documents (DOC-4) and destroyed dossiers' objects (SEC-2) swept; a body that does not
 * match its metadata refused and never served.
 */
@IntegrationTest
@S3Store
class S3ContentStoreTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectSweep sweep;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @AfterEach
    void storeBack() {
        S3Server.start();
    }

    private HttpResponse<String> deposit(String token, Dossier d, Mhd.Doc... docs) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir")).header("Content-Type", "application/fhir+json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached()
                        .newJsonParser().encodeResourceToString(Mhd.bundle("Patient/" + d.id(), Demo.gp(), docs)))).build());
    }

    private static UUID id(HttpResponse<String> r, int entry) {
        return UUID.fromString(Http.json(r).at("/entry/" + entry + "/response/location").asText().split("/")[1]);
    }

    private HttpResponse<byte[]> retrieve(String token, UUID id) {
        return http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + id))
                .header("Authorization", "Bearer " + token).header("Accept", "application/pdf").build());
    }

    private static Path object(UUID dossier, UUID document) {
        return S3Server.bucketDirectory().resolve(S3ContentStore.key(dossier, document));
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private static byte[] pdf(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy("%PDF-1.4\n".getBytes(), 0, b, 0, 9);
        return b;
    }

    @Test
    void aBodyIsSealedUnderAHashedPrefixAndComesBackByteForByte() throws IOException {
        Dossier d = Demo.dossier(dossiers, "sarah.mercier");
        String gp = http.softwareToken(Demo.gp());
        String secret = "compte rendu S3: hémoglobine 13,2 g/dl " + UUID.randomUUID();
        HttpResponse<String> r = deposit(gp, d, Mhd.Doc.pdf(secret));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        UUID doc = id(r, 1);
        assertThat(jdbc.sql("select content_store from document where id = ?").param(doc).query(String.class).single()).isEqualTo("s3");
        assertThat(count("select count(*) from document_content where document_id = ?", doc)).isZero();
        assertThat(count("select count(*) from document_object_sweep where document_id = ?", doc)).as("no orphan recorded").isZero();
        // ab/cd/<dossier>/<document>, the two levels from the dossier id's hash
        assertThat(S3ContentStore.key(d.id(), doc)).matches("[0-9a-f]{2}/[0-9a-f]{2}/" + d.id() + "/" + doc);
        byte[] stored = Files.readAllBytes(object(d.id(), doc));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("hémoglobine").doesNotContain("S3:");
        HttpResponse<byte[]> back = retrieve(gp, doc);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(Mhd.pdf(secret));
    }

    @Test
    void aTwentyMebibyteDocumentGoesUpInPartsAndComesBackWhole() {
        Dossier d = Demo.dossier(dossiers, "sarah.mercier");
        String gp = http.softwareToken(Demo.gp());
        byte[] big = pdf((int) DocumentRules.MAX_CONTENT_BYTES, 20);
        HttpResponse<String> r = deposit(gp, d, Mhd.Doc.pdf("grand").withBytes(big));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        UUID doc = id(r, 1);
        assertThat(object(d.id(), doc)).exists();
        assertThat(object(d.id(), doc).toFile().length()).isGreaterThan(big.length);
        assertThat(retrieve(gp, doc).body()).isEqualTo(big);
    }

    @Test
    void theStoreStoppedMidRunGives503sAndNothingHalfStored() {
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        String gp = http.softwareToken(Demo.gp());
        HttpResponse<String> before = deposit(gp, d, Mhd.Doc.pdf("avant la panne"));
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        UUID readable = id(before, 1);
        long documents = count("select count(*) from document where dossier_id = ?", d.id());
        long keys = count("select count(*) from crypto_document_key where dossier_id = ?", d.id());
        long sets = count("select count(*) from document_submission_set where dossier_id = ?", d.id());

        S3Server.stop();
        HttpResponse<String> refused = deposit(gp, d, Mhd.Doc.pdf("pendant la panne"), Mhd.Doc.pdf("pendant la panne, bis"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(Http.json(refused).get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("software.amazon");
        // nothing half stored: no metadata, no key, no submission set without its bodies
        assertThat(count("select count(*) from document where dossier_id = ?", d.id())).isEqualTo(documents);
        assertThat(count("select count(*) from crypto_document_key where dossier_id = ?", d.id())).isEqualTo(keys);
        assertThat(count("select count(*) from document_submission_set where dossier_id = ?", d.id())).isEqualTo(sets);
        // a body that cannot be reached is unavailable, not unknown
        HttpResponse<byte[]> unreachable = retrieve(gp, readable);
        assertThat(unreachable.statusCode()).isEqualTo(503);
        assertThat(new String(unreachable.body(), StandardCharsets.UTF_8)).contains("OperationOutcome");

        S3Server.start();
        assertThat(retrieve(gp, readable).body()).isEqualTo(Mhd.pdf("avant la panne"));
        // what the failed deposit left expected is swept once due; the readable document's object stays
        sweep.sweep(Instant.now().plus(Duration.ofHours(1)));
        assertThat(count("select count(*) from document_object_sweep where dossier_id = ?", d.id())).isZero();
        assertThat(object(d.id(), readable)).exists();
        HttpResponse<String> after = deposit(gp, d, Mhd.Doc.pdf("après la panne"));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    @Test
    void anOrphanedUploadIsSweptOnceDueAndACommittedOneIsKept(@Autowired health.carnet.document.internal.ContentStores stores) {
        UUID dossier = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        // the process died between upload and metadata commit
        sweep.expectUploads(dossier, List.of(orphan));
        stores.s3().orElseThrow().put(dossier, orphan, new byte[] {2, 1, 2, 3});
        assertThat(object(dossier, orphan)).exists();
        sweep.sweep(Instant.now());
        assertThat(object(dossier, orphan)).as("not yet due: its deposit may still be committing").exists();
        sweep.sweep(Instant.now().plus(Duration.ofHours(1)));
        assertThat(object(dossier, orphan)).doesNotExist();
        assertThat(count("select count(*) from document_object_sweep where dossier_id = ?", dossier)).isZero();
    }

    @Test
    void aDeletedDocumentsObjectIsSweptAndSoIsADestroyedDossiersPrefix() {
        Dossier d = Demo.dossier(dossiers, "nicolas.boyer");
        String gp = http.softwareToken(Demo.gp());
        HttpResponse<String> r = deposit(gp, d, Mhd.Doc.pdf("à supprimer"));
        UUID doc = id(r, 1);
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + doc))
                .header("Authorization", "Bearer " + gp).DELETE().build());
        assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
        // DOC-4: its key is shredded at once, its object goes with the next sweep
        assertThat(count("select count(*) from crypto_document_key where document_id = ?", doc)).isZero();
        assertThat(retrieve(gp, doc).statusCode()).isEqualTo(410);
        sweep.sweep(Instant.now());
        assertThat(object(d.id(), doc)).doesNotExist();
    }

    @Test
    void aBodyThatDoesNotMatchItsMetadataIsRefusedNeverServed() throws IOException {
        Dossier d = Demo.dossier(dossiers, "yves.gauthier");
        String gp = http.softwareToken(Demo.gp());
        HttpResponse<String> r = deposit(gp, d, Mhd.Doc.pdf("premier"), Mhd.Doc.pdf("second"));
        UUID first = id(r, 1);
        UUID second = id(r, 3);
        // the hash of the index entry no longer matches the body
        jdbc.sql("update document set hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' where id = ?").param(first).update();
        HttpResponse<byte[]> mismatch = retrieve(gp, first);
        assertThat(mismatch.statusCode()).isEqualTo(502);
        assertThat(new String(mismatch.body(), StandardCharsets.UTF_8)).contains("OperationOutcome").doesNotContain("premier");
        // another document's object put in its place: it does not open as this one
        Files.copy(object(d.id(), first), object(d.id(), second), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        HttpResponse<byte[]> swapped = retrieve(gp, second);
        assertThat(swapped.statusCode()).isEqualTo(502);
        assertThat(new String(swapped.body(), StandardCharsets.UTF_8)).doesNotContain("%PDF");
    }

    @Test
    void moveContentToS3MovesPostgresBodiesWhileTheServerServesThem(@Autowired health.carnet.document.internal.ContentStores stores,
                                                                  @Autowired List<health.carnet.shared.Command> commands)
            throws Exception {
        Dossier d = Demo.dossier(dossiers, "anne.muller");
        String gp = http.softwareToken(Demo.gp());
        List<String> texts = List.of("déplacé un", "déplacé deux", "déplacé trois");
        HttpResponse<String> r = deposit(gp, d, Mhd.Doc.pdf(texts.get(0)), Mhd.Doc.pdf(texts.get(1)), Mhd.Doc.pdf(texts.get(2)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<UUID> docs = List.of(id(r, 1), id(r, 3), id(r, 5));
        // as deposited before the move: bodies in PostgreSQL (sealed the same way)
        for (UUID doc : docs) {
            byte[] sealed = stores.s3().orElseThrow().get(d.id(), doc).orElseThrow();
            stores.postgres().put(d.id(), doc, sealed);
            jdbc.sql("update document set content_store = 'postgresql' where id = ?").param(doc).update();
            stores.s3().orElseThrow().delete(d.id(), doc);
        }
        // this test's documents only: other tests (of either store's context, one database) deposit into Anne's dossier too
        String these = "{" + String.join(",", docs.stream().map(UUID::toString).toList()) + "}";
        assertThat(count("select count(*) from document_content where dossier_id = ? and document_id = any(?::uuid[])", d.id(), these))
                .isEqualTo(3);

        java.util.concurrent.atomic.AtomicBoolean moving = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            while (moving.get() || reads.get() < 6) {
                for (int i = 0; i < docs.size(); i++) {
                    HttpResponse<byte[]> got = retrieve(gp, docs.get(i));
                    reads.incrementAndGet();
                    if (got.statusCode() != 200 || !java.util.Arrays.equals(got.body(), Mhd.pdf(texts.get(i)))) {
                        wrong.add(docs.get(i) + ": " + got.statusCode());
                    }
                }
            }
        });
        reader.start();
        health.carnet.shared.Command move = commands.stream().filter(c -> c.name().equals("move-content-to-s3")).findFirst().orElseThrow();
        int exit = move.run(List.of("--dossier", d.id().toString(), "--batch", "1"));
        moving.set(false);
        reader.join();
        assertThat(exit).isZero();
        assertThat(wrong).as("every read during the move served the exact bytes").isEmpty();
        assertThat(count("select count(*) from document_content where dossier_id = ? and document_id = any(?::uuid[])", d.id(), these))
                .isZero();
        assertThat(count("select count(*) from document where dossier_id = ? and id = any(?::uuid[]) and content_store = 's3'", d.id(),
                these)).isEqualTo(3);
        for (int i = 0; i < docs.size(); i++) {
            assertThat(object(d.id(), docs.get(i))).exists();
            assertThat(retrieve(gp, docs.get(i)).body()).isEqualTo(Mhd.pdf(texts.get(i)));
        }
    }
}
