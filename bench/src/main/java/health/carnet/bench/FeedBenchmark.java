package health.carnet.bench;

import health.carnet.CarnetApplication;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.operator.BulkLoad;
import health.carnet.feed.CareHistory;
import health.carnet.feed.ImportReport;
import health.carnet.feed.internal.Importer;
import health.carnet.feed.internal.RembDocuments;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Idnps;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.shared.Permit;
import health.carnet.shared.PurposeOfUse;
import java.io.BufferedWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The insurer feed's benchmark (issue #13, docs/feed.md):
 * <pre>
 *   generate DIR LINES PERSONS WITH_DOSSIER   writes DIR/insured.csv and DIR/claims.csv (deterministic)
 *   run DIR HOME                              on the embedded default (fsync on) in HOME: creates the dossiers,
 *                                             imports both files, then COPYs claims.csv into a bare table with the
 *                                             same indexes on the same server, prints both rates, RSS at start and
 *                                             end, and the p50/p99 of a 24-month history search (100 claims) under
 *                                             16 clients
 * </pre>
 * Person 0 has exactly 100 claims within 24 months: the searched patient.
 */
public final class FeedBenchmark {

    private static final String RPPS = Idnps.rppsWithCheckDigit("1000000001");
    private static final String PRESCRIBER = Idnps.rppsWithCheckDigit("1000000002");
    private static final String[] NGAP = {"G", "GS", "C", "CS", "APC", "V", "AMI", "AMK"};
    private static final String[] CCAM = {"ZBQK002", "QEQK004", "ZCQM001", "ACQK001"};
    private static final String[] NABM = {"1104", "0552", "1208", "0593"};
    private static final String[] GHM = {"05M092", "06C041", "14Z141", "08C482"};
    private static final String[] ATC = {"C10AA05", "N02BE01", "A02BC01", "C09AA05"};

    private FeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else if (args.length >= 3 && args[0].equals("run")) {
            run(Path.of(args[1]), Path.of(args[2]));
        } else if (args.length >= 2 && args[0].equals("search")) {
            searchOnly(Path.of(args[1]));
        } else {
            System.err.println("usage: generate DIR LINES PERSONS WITH_DOSSIER | run DIR HOME | search HOME");
            System.exit(2);
        }
    }

    static String nir(int person) {
        // sex, year, month, department 75, commune and order from the person's number
        String body = "%d%02d%02d75%03d%03d".formatted(1 + person % 2, 40 + person % 60, 1 + person % 12, 1 + person / 1000 % 990,
                1 + person % 999);
        return Nir.withKey(body).value();
    }

    static String cip13(int i) {
        String twelve = "34009" + "%07d".formatted(3000000 + i % 1000);
        int sum = 0;
        for (int k = 0; k < 12; k++) {
            sum += (twelve.charAt(k) - '0') * (k % 2 == 0 ? 1 : 3);
        }
        return twelve + (10 - sum % 10) % 10;
    }

    static void generate(Path dir, long lines, int persons, int withDossier) throws Exception {
        Files.createDirectories(dir);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("insured.csv"), StandardCharsets.UTF_8)) {
            w.write("nir;family_name;given_names;birth_date;sex;carte_vitale_serial;email;postal_address\n");
            for (int p = 0; p < persons; p++) {
                w.write(nir(p) + ";Assure" + p + ";Camille;19" + (40 + p % 60) + "-" + "%02d".formatted(1 + p % 12) + "-15;"
                        + (p % 2 == 0 ? "M" : "F") + ";CVB" + p + ";assure" + p + "@example.org;1 rue de la Paix, Paris\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("claims.csv"), StandardCharsets.UTF_8)) {
            w.write("claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;performer_specialty;"
                    + "prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed\n");
            StringBuilder b = new StringBuilder(256);
            for (long i = 0; i < lines; i++) {
                // the first 100 lines are person 0's: the patient whose history the search reads
                int person = i < 100 ? 0 : 1 + (int) ((i * 7919) % Math.max(1, persons - 1));
                LocalDate date = today.minusDays(1 + (i * 31) % 700);
                int k = (int) (i % 10);
                b.setLength(0);
                b.append("C").append(i).append(';').append(nir(person)).append(';').append(date).append(';');
                int v = (int) (i % 4);
                switch (k) {
                    case 0, 1, 2, 3 -> b.append("MEDICINE;").append(cip13((int) i)).append(';').append(ATC[v])
                            .append(";Médicament ").append(v).append(";2;").append(RPPS).append(";Pharmacie du Centre;;")
                            .append(PRESCRIBER).append(";Dr Martin;SM54;");
                    case 4, 5 -> b.append("CONSULTATION;").append(NGAP[v]).append(";;Consultation;1;").append(RPPS)
                            .append(";Dr Martin;SM54;;;;");
                    case 6 -> b.append("PROFESSIONAL_ACT;AMI;;Soins infirmiers;3;").append(RPPS).append(";Infirmier Durand;;")
                            .append(PRESCRIBER).append(";Dr Martin;SM54;");
                    case 7 -> b.append("LAB;").append(NABM[v]).append(";;Examen de biologie;1;").append(RPPS)
                            .append(";Laboratoire Pasteur;;").append(PRESCRIBER).append(";Dr Martin;SM54;");
                    case 8 -> b.append("IMAGING;").append(CCAM[v]).append(";;Imagerie;1;").append(RPPS)
                            .append(";Centre d'imagerie;SM44;").append(PRESCRIBER).append(";Dr Martin;SM54;");
                    default -> b.append("STAY;").append(GHM[v]).append(";;Séjour hospitalier;1;").append(RPPS)
                            .append(";CHU;;;;;");
                }
                b.append(10 + i % 90).append(".50;").append(5 + i % 50).append(".25\n");
                w.write(b.toString());
            }
        }
        // the dossier holders: persons 0 .. withDossier-1
        Files.writeString(dir.resolve("with-dossier.txt"), Integer.toString(withDossier));
        System.out.printf("generated %,d claim lines for %,d persons (%,d with a dossier) in %s%n", lines, persons, withDossier, dir);
    }

    static long rssKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static void run(Path dir, Path home) throws Exception {
        System.out.printf("RSS at start: %,d KiB%n", rssKb());
        ConfigurableApplicationContext ctx = start(home);
        try {
            System.out.printf("RSS after start: %,d KiB%n", rssKb());
            int withDossier = Integer.parseInt(Files.readString(dir.resolve("with-dossier.txt")).trim());
            BulkLoad bulk = ctx.getBean(BulkLoad.class);
            long t0 = System.nanoTime();
            List<BulkLoad.Row> rows = new ArrayList<>();
            UUID first = null;
            for (int p = 0; p < withDossier; p++) {
                UUID id = dossierOf(p);
                if (p == 0) {
                    first = id;
                }
                rows.add(new BulkLoad.Row(id, Ins.nir(Nir.of(nir(p))), "Assure" + p, "Camille",
                        LocalDate.of(1940 + p % 60, 1 + p % 12, 15), p % 2 == 0 ? 'M' : 'F', null, "8" + PRESCRIBER));
                if (rows.size() == 5000) {
                    bulk.insert(rows, "BENCH");
                    rows.clear();
                }
            }
            bulk.insert(rows, "BENCH");
            System.out.printf("dossiers: %,d created in %.1f s%n", withDossier, (System.nanoTime() - t0) / 1e9);

            Importer importer = ctx.getBean(Importer.class);
            ImportReport insured = importer.importFile(dir.resolve("insured.csv"), null);
            System.out.println(insured.summary());
            long size = Files.size(dir.resolve("claims.csv"));
            long t1 = System.nanoTime();
            ImportReport claims = importer.importFile(dir.resolve("claims.csv"), System.console() != null ? System.err : null);
            double feedSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.println(claims.summary());
            double feedRate = claims.read() / feedSeconds;
            System.out.printf("feed import (claims committed, searchable): %,d lines (%,d MiB) in %.1f s = %,.0f lines/s%n",
                    claims.read(), size >> 20, feedSeconds, feedRate);
            // the REMB documents follow in the background (the import returned once its claims were committed):
            // wait for the last one, so that the reference below runs alone and the whole is known too
            long t2 = System.nanoTime();
            ctx.getBean(RembDocuments.class).refreshStale();
            double rembSeconds = (System.nanoTime() - t2) / 1e9;
            double wholeRate = claims.read() / (feedSeconds + rembSeconds);
            System.out.printf("REMB documents of every touched dossier filed %.1f s after the import returned; claims + REMB: %,.0f lines/s%n",
                    rembSeconds, wholeRate);
            System.out.printf("RSS after import: %,d KiB%n", rssKb());

            DataSource ds = ctx.getBean(DataSource.class);
            double copyRate = rawCopy(ds, dir.resolve("claims.csv"), claims.read());
            System.out.printf("feed / raw COPY = %.2f (claims committed); %.2f (claims + their REMB documents)%n",
                    feedRate / copyRate, wholeRate / copyRate);
            // the bulk writes above end in a checkpoint of their own: let it happen now, not during the searches
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("checkpoint");
            }

            search(ctx, first);
            System.out.printf("RSS at end: %,d KiB%n", rssKb());
        } finally {
            ctx.close();
        }
    }

    /** The search figures again on a HOME an earlier {@code run} filled (a profile of the read path alone). */
    static void searchOnly(Path home) throws Exception {
        ConfigurableApplicationContext ctx = start(home);
        try {
            search(ctx, dossierOf(0));
        } finally {
            ctx.close();
        }
    }

    static UUID dossierOf(int person) {
        return UUID.nameUUIDFromBytes(("bench-dossier-" + person).getBytes(StandardCharsets.UTF_8));
    }

    static ConfigurableApplicationContext start(Path home) {
        List<String> args = new ArrayList<>(List.of("--carnet.home=" + home, "--carnet.demo-data=false", "--logging.structured.format.console=",
                        "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                        // without demo data the local outbox refuses to start (hardening); the REMB refresh says its time
                        "--carnet.notification.local-outbox=false", "--logging.level.health.carnet.feed.internal.RembDocuments=INFO"));
        // settings to try (e.g. -Dbench.args=--carnet.database.pool-size=24), printed with the figures
        String extra = System.getProperty("bench.args", "").trim();
        if (!extra.isEmpty()) {
            System.out.println("extra settings: " + extra);
            args.addAll(List.of(extra.split("\\s+")));
        }
        return new SpringApplicationBuilder(CarnetApplication.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
    }

    /** PostgreSQL's own COPY of the same file into a bare table with the feed table's index set. */
    static double rawCopy(DataSource ds, Path claims, long lines) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_raw_claims");
            // feed_claim's index set, the person (NIR) standing for the dossier: primary key (person, claim id), the
            // history's (person, date desc, claim id desc), the purge's (date), the claim id alone (ExplanationOfBenefit/{id}),
            // _since's (person, updated_at); the feed also writes the sealed content, its keyed hash and its source line
            s.execute("""
                    create table bench_raw_claims (claim_id text, nir text, service_date date, kind text, code text,
                        atc text, label text, quantity numeric, performer_rpps text, performer_name text, performer_specialty text,
                        prescriber_rpps text, prescriber_name text, prescriber_specialty text, amount_charged numeric,
                        amount_reimbursed numeric, updated_at timestamptz not null default now(), primary key (nir, claim_id))""");
            s.execute("create index bench_raw_claims_person on bench_raw_claims (nir, service_date desc, claim_id desc)");
            s.execute("create index bench_raw_claims_date on bench_raw_claims (service_date)");
            s.execute("create index bench_raw_claims_claim on bench_raw_claims (claim_id)");
            s.execute("create index bench_raw_claims_updated on bench_raw_claims (nir, updated_at)");
            long t = System.nanoTime();
            try (Reader r = Files.newBufferedReader(claims, StandardCharsets.UTF_8)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "copy bench_raw_claims (claim_id, nir, service_date, kind, code, atc, label, quantity, performer_rpps, performer_name,"
                                + " performer_specialty, prescriber_rpps, prescriber_name, prescriber_specialty, amount_charged, amount_reimbursed)"
                                + " from stdin (format csv, delimiter ';', header true)", r);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            double rate = lines / seconds;
            System.out.printf("raw COPY (same server, same rows, same index set): %,d rows in %.1f s = %,.0f rows/s%n", lines, seconds, rate);
            s.execute("drop table bench_raw_claims");
            return rate;
        }
    }

    /** Calls per second, p50 and p99 of one call made by {@code clients} threads {@code each} times. */
    /** Prints calls per second, p50 and p99 of {@code call} made by {@code clients} threads {@code each} times; returns the p99 in ms. */
    static double percentiles(String what, int clients, int each, Runnable call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        long t = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[each];
                for (int i = 0; i < each; i++) {
                    long s = System.nanoTime();
                    call.run();
                    lat[i] = System.nanoTime() - s;
                }
                return lat;
            }));
        }
        long[] all = new long[clients * each];
        int n = 0;
        for (Future<long[]> f : futures) {
            for (long v : f.get()) {
                all[n++] = v;
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        double p99 = all[(int) (all.length * 0.99)] / 1e6;
        System.out.printf("  %s, %d clients x %d: %,.0f /s, p50 %.1f ms, p99 %.1f ms%n", what, clients, each, all.length / seconds,
                all[all.length / 2] / 1e6, p99);
        return p99;
    }

    /** 16 clients read person 0's 24-month history (100 claims) through the gate, as their médecin traitant. */
    static void search(ConfigurableApplicationContext ctx, UUID dossier) throws Exception {
        Gate gate = ctx.getBean(Gate.class);
        CareHistory history = ctx.getBean(CareHistory.class);
        Actor doctor = new Actor(ActorKind.PROFESSIONAL, "8" + PRESCRIBER, "Dr Martin", "10", "SM54", null, ActorRole.CARE,
                PurposeOfUse.TREAT, "bench");
        CareHistory.Query q = new CareHistory.Query(null, null, null, null, null, 500);
        for (int i = 0; i < 300; i++) {
            Permit p = gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier));
            if (history.search(p, doctor, q).entries().size() != 100) {
                throw new IllegalStateException("person 0 should have 100 claims");
            }
        }
        int clients = 16;
        int each = 200;
        // alone: what one search costs when nothing queues (the 16-client figure below adds the wait for a core)
        percentiles("history search alone (gate + audit + read + decrypt)", 1, 500, () -> history.search(
                gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier)), doctor, q));
        Permit alone = gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier));
        percentiles("gate decision alone", 1, 500, () -> gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier)));
        percentiles("read alone (permit held)", 1, 500, () -> history.search(alone, doctor, q));
        // where a search's time goes: the gate's decision (policy + audit write, its own commit) and the read (query + decryption)
        Permit held = gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier));
        percentiles("gate decision only (policy + audit commit)", clients, each,
                () -> gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier)));
        percentiles("read only (query + decrypt 100 rows, permit held)", clients, each, () -> history.search(held, doctor, q));
        try (Connection c = ctx.getBean(DataSource.class).getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("explain (analyze, buffers) select claim_id, dossier_id, service_date, kind, content,"
                     + " version, updated_at from feed_claim where dossier_id = '" + dossier + "' and service_date >= current_date - 730"
                     + " and service_date <= current_date order by service_date desc, claim_id desc limit 501")) {
            System.out.println("plan of the history query:");
            while (rs.next()) {
                System.out.println("  " + rs.getString(1));
            }
        }
        // the figure: one warm-up round at 16 clients, then three measured rounds; the median of their p99s
        Runnable search = () -> history.search(gate.authorize(new AccessRequest(doctor, Action.READ_DOCUMENTS, dossier)), doctor, q);
        percentiles("history search, warm-up round (not counted)", clients, each, search);
        double[] p99s = new double[3];
        for (int r = 0; r < p99s.length; r++) {
            p99s[r] = percentiles("history search (100 claims, gate + audit + read + decrypt), round " + (r + 1), clients, each, search);
        }
        double[] sorted = p99s.clone();
        Arrays.sort(sorted);
        System.out.printf("  history search, 16 clients: p99 median %.1f ms (%.1f-%.1f) over %d rounds%n", sorted[1], sorted[0], sorted[2],
                p99s.length);
    }
}
