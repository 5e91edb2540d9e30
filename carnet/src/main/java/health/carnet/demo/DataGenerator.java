package health.carnet.demo;

import health.carnet.document.DocumentRules;
import health.carnet.dossier.operator.BulkLoad;
import health.carnet.shared.Command;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * {@code generate-data <dossiers> [documents per dossier] [first index]}: fills the database with
 * synthetic dossiers (médecin traitant: the demo GP, Dr Claire Martin) and encrypted documents, for
 * the benchmarks. Ids are derived from the index, so the load generator knows them without asking.
 */
@Component
public class DataGenerator implements Command {

    private static final int BATCH = 1000;

    private final BulkLoad dossiers;
    private final health.carnet.document.operator.BulkLoad documents;

    DataGenerator(BulkLoad dossiers, health.carnet.document.operator.BulkLoad documents) {
        this.dossiers = dossiers;
        this.documents = documents;
    }

    @Override
    public String name() {
        return "generate-data";
    }

    public static UUID dossierId(long i) {
        return UUID.nameUUIDFromBytes(("bench-dossier-" + i).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID documentId(long i, int n) {
        return UUID.nameUUIDFromBytes(("bench-doc-" + i + "-" + n).getBytes(StandardCharsets.UTF_8));
    }

    /** A valid NIR unique to the index (up to 95 million). */
    public static Nir nir(long i) {
        long dept = 1 + (i / 1_000_000) % 95;
        String body = (i % 2 == 0 ? "1" : "2") + "%02d%02d%02d%06d".formatted(60 + i % 40, 1 + i % 12, dept, i % 1_000_000);
        return Nir.withKey(body);
    }

    @Override
    public int run(List<String> args) {
        long count = args.isEmpty() ? 10_000 : Long.parseLong(args.get(0));
        int perDossier = args.size() > 1 ? Integer.parseInt(args.get(1)) : 1;
        long first = args.size() > 2 ? Long.parseLong(args.get(2)) : 0;
        String gp = DemoDirectory.people().get(0).idnps();
        byte[] pdf = new byte[2048];
        byte[] head = "%PDF-1.4\n% generated\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, pdf, 0, head.length);
        long started = System.nanoTime();
        for (long from = first; from < first + count; from += BATCH) {
            long to = Math.min(first + count, from + BATCH);
            List<BulkLoad.Row> rows = new ArrayList<>();
            List<health.carnet.document.operator.BulkLoad.Row> docs = new ArrayList<>();
            for (long i = from; i < to; i++) {
                Nir nir = nir(i);
                rows.add(new BulkLoad.Row(dossierId(i), Ins.nir(nir), "Bench", "Patient" + i,
                        LocalDate.of(1960 + (int) (i % 40), 1 + (int) (i % 12), 1 + (int) (i % 28)), i % 2 == 0 ? 'M' : 'F',
                        "bench" + i + "@bench.invalid", gp));
                for (int n = 0; n < perDossier; n++) {
                    UUID id = documentId(i, n);
                    String json = "{\"resourceType\":\"DocumentReference\",\"status\":\"current\",\"masterIdentifier\":{\"value\":\"urn:oid:1.2.250.1.999.9."
                            + i + "." + n + "\"},\"type\":{\"coding\":[{\"system\":\"" + DocumentRules.LOINC
                            + "\",\"code\":\"11488-4\"}]},\"category\":[{\"coding\":[{\"system\":\"" + DocumentRules.CLASS_SYSTEM
                            + "\",\"code\":\"10\"}]}],\"date\":\"2026-01-01T00:00:00Z\",\"author\":[{\"display\":\"Dr Claire Martin\"}],"
                            + "\"content\":[{\"attachment\":{\"contentType\":\"application/pdf\"}}]}";
                    docs.add(new health.carnet.document.operator.BulkLoad.Row(id, dossierId(i), "urn:oid:1.2.250.1.999.9." + i + "." + n,
                            gp, "10", "11488-4", "application/pdf", json, pdf));
                }
            }
            dossiers.insert(rows, gp);
            if (!docs.isEmpty()) {
                documents.insert(docs);
            }
            if ((to - first) % 50_000 == 0 || to == first + count) {
                double s = (System.nanoTime() - started) / 1e9;
                System.out.printf("generate-data: %,d dossiers, %,d documents, %.0f dossiers/s%n", to - first,
                        (to - first) * perDossier, (to - first) / s);
            }
        }
        return 0;
    }
}
