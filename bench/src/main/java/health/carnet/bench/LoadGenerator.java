package health.carnet.bench;

import health.carnet.demo.DataGenerator;
import health.carnet.demo.DemoDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running Carnet over HTTP with N concurrent clients for a bounded time, as a practice
 * software would (ITI-65 deposit of a 10 KiB PDF, ITI-67 search by patient, ITI-68 retrieve), and
 * prints throughput and latency percentiles. Targets loopback only. Run {@code generate-data} first:
 * the ids of the generated dossiers and documents are derived from their index.
 *
 * <pre>java -cp bench/target/carnet-bench.jar:... health.carnet.bench.LoadGenerator
 *     --url http://127.0.0.1:8080 --scenario mix --clients 16 --duration 20 --warmup 10 --repeat 3 --dossiers 10000</pre>
 */
public final class LoadGenerator {

    enum Op { DEPOSIT, SEARCH, RETRIEVE, DIRECTORY }

    private final String url;
    private final long dossiers;
    private final long first;
    private final String token;
    private final String bundleTemplate;
    /** Entries returned by searches, to print how many results a search really carried. */
    private final AtomicLong searchEntries = new AtomicLong();
    private final AtomicLong searches = new AtomicLong();

    LoadGenerator(String url, long first, long dossiers, String token) {
        this.url = url;
        this.first = first;
        this.dossiers = dossiers;
        this.token = token;
        this.bundleTemplate = bundleTemplate();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String url = a.getOrDefault("url", "http://127.0.0.1:8080");
        URI target = URI.create(url);
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(target.getHost()) && !target.getHost().startsWith("127.")) {
            throw new IllegalArgumentException("The load generator targets this machine only (loopback); got " + url);
        }
        String scenario = a.getOrDefault("scenario", "mix");
        int clients = Integer.parseInt(a.getOrDefault("clients", "16"));
        int duration = Integer.parseInt(a.getOrDefault("duration", "20"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "3"));
        long dossiers = Long.parseLong(a.getOrDefault("dossiers", "10000"));
        // the index of the first generated dossier to use: e.g. those made by "generate-data 10000 10 1000000"
        long first = Long.parseLong(a.getOrDefault("first", "0"));
        String gp = a.getOrDefault("idnps", DemoDirectory.people().get(0).idnps());
        String token = token(url, "lps-" + gp, a.getOrDefault("secret", "demo-secret"));
        LoadGenerator g = new LoadGenerator(url, first, dossiers, token);
        System.out.printf("scenario=%s clients=%d duration=%ds warmup=%ds repeat=%d dossiers=%,d from index %,d%n", scenario, clients,
                duration, warmup, repeat, dossiers, first);
        g.run(scenario, clients, warmup, false);
        List<Result> results = new ArrayList<>();
        for (int r = 1; r <= repeat; r++) {
            Result res = g.run(scenario, clients, duration, true);
            System.out.printf("run %d: %s%n", r, res);
            results.add(res);
        }
        System.out.println("summary " + scenario + ": " + Result.summary(results));
        if (g.searches.get() > 0) {
            System.out.printf("searches returned %.1f entries on average%n", (double) g.searchEntries.get() / g.searches.get());
        }
    }

    record Result(long ok, long errors, double seconds, long p50, long p95, long p99, long max) {
        double throughput() {
            return ok / seconds;
        }

        @Override
        public String toString() {
            return "%,.0f req/s, %d ok, %d errors, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(throughput(), ok,
                    errors, p50 / 1e6, p95 / 1e6, p99 / 1e6, max / 1e6);
        }

        static String summary(List<Result> rs) {
            double[] tp = rs.stream().mapToDouble(Result::throughput).sorted().toArray();
            double[] p50 = rs.stream().mapToDouble(r -> r.p50 / 1e6).sorted().toArray();
            double[] p99 = rs.stream().mapToDouble(r -> r.p99 / 1e6).sorted().toArray();
            long errors = rs.stream().mapToLong(Result::errors).sum();
            return "median %,.0f req/s (min %,.0f, max %,.0f); p50 median %.1f ms; p99 median %.1f ms (min %.1f, max %.1f); errors %d"
                    .formatted(tp[tp.length / 2], tp[0], tp[tp.length - 1], p50[p50.length / 2], p99[p99.length / 2], p99[0],
                            p99[p99.length - 1], errors);
        }
    }

    Result run(String scenario, int clients, int seconds, boolean measure) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        for (int c = 0; c < clients; c++) {
            long[] lat = new long[2_000_000];
            latencies.add(lat);
            int client = c;
            Thread t = new Thread(() -> {
                int n = 0;
                Http1Connection connection = new Http1Connection(URI.create(url));
                while (System.nanoTime() < end && n < lat.length) {
                    Op op = pick(scenario);
                    long t0 = System.nanoTime();
                    boolean ok = call(connection, op);
                    long dt = System.nanoTime() - t0;
                    if (ok) {
                        lat[n++] = dt;
                    } else {
                        errors.incrementAndGet();
                    }
                }
                counts[client] = n;
                connection.close();
            }, "client-" + c);
            threads.add(t);
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, pos, counts[c]);
            pos += counts[c];
        }
        Arrays.sort(all);
        if (all.length == 0) {
            return new Result(0, errors.get(), elapsed, 0, 0, 0, 0);
        }
        return new Result(total, errors.get(), elapsed, pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), all[all.length - 1]);
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private Op pick(String scenario) {
        return switch (scenario) {
            case "deposit" -> Op.DEPOSIT;
            case "search" -> Op.SEARCH;
            case "retrieve" -> Op.RETRIEVE;
            case "directory" -> Op.DIRECTORY;
            default -> {
                int r = ThreadLocalRandom.current().nextInt(100);
                yield r < 20 ? Op.DEPOSIT : r < 60 ? Op.SEARCH : Op.RETRIEVE;
            }
        };
    }

    private boolean call(Http1Connection connection, Op op) {
        long i = first + ThreadLocalRandom.current().nextLong(dossiers);
        String auth = "Bearer " + token;
        try {
            Http1Connection.Response response = switch (op) {
                case SEARCH -> connection.send("GET", "/fhir/DocumentReference?patient=Patient/" + DataGenerator.dossierId(i)
                        + "&_count=10", new String[] {"Accept", "application/fhir+json", "Authorization", auth}, null);
                case DIRECTORY -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    String name = DirectoryExtractGenerator.LAST[r.nextInt(DirectoryExtractGenerator.LAST.length)];
                    String prefix = name.substring(0, Math.min(name.length(), 3 + r.nextInt(3)));
                    String city = DirectoryExtractGenerator.CITIES[r.nextInt(DirectoryExtractGenerator.CITIES.length)][1];
                    String query = switch (r.nextInt(3)) {
                        case 0 -> "Practitioner?name=" + enc(prefix);
                        case 1 -> "PractitionerRole?practitioner-name=" + enc(prefix) + "&address-city=" + enc(city);
                        default -> "PractitionerRole?specialty=" + DirectoryExtractGenerator.SPECIALTIES[r.nextInt(11)]
                                + "&address-city=" + enc(city);
                    };
                    yield connection.send("GET", "/fhir/" + query + "&_count=20",
                            new String[] {"Accept", "application/fhir+json", "Authorization", auth}, null);
                }
                case RETRIEVE -> connection.send("GET", "/fhir/Binary/" + DataGenerator.documentId(i, 0),
                        new String[] {"Accept", "application/pdf", "Authorization", auth}, null);
                case DEPOSIT -> connection.send("POST", "/fhir", new String[] {"Content-Type", "application/fhir+json",
                        "Accept", "application/fhir+json", "Authorization", auth}, bundleTemplate
                        .replace("@PATIENT@", DataGenerator.dossierId(i).toString())
                        .replace("@LIST@", unique()).replace("@DOC@", unique()).getBytes(StandardCharsets.UTF_8));
            };
            if (op == Op.SEARCH && response.status() == 200) {
                searches.incrementAndGet();
                searchEntries.addAndGet(count(response.body(), "\"fullUrl\"".getBytes(StandardCharsets.US_ASCII)));
            }
            return response.status() == 200 || response.status() == 201;
        } catch (Exception e) {
            return false;
        }
    }

    private static int count(byte[] body, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= body.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unique() {
        UUID u = UUID.randomUUID();
        return Long.toUnsignedString(u.getMostSignificantBits()) + "." + Long.toUnsignedString(u.getLeastSignificantBits());
    }

    /** An ITI-65 bundle with a 10 KiB PDF; placeholders for the patient and the unique ids. */
    static String bundleTemplate() {
        byte[] pdf = new byte[10 * 1024];
        byte[] head = "%PDF-1.4\n% load test\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, pdf, 0, head.length);
        for (int i = head.length; i < pdf.length; i++) {
            pdf[i] = (byte) ('a' + i % 26);
        }
        String data = Base64.getEncoder().encodeToString(pdf);
        String hash;
        try {
            hash = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(pdf));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                {"fullUrl":"urn:uuid:00000000-0000-0000-0000-000000000001","resource":{"resourceType":"List","status":"current","mode":"working",
                 "code":{"coding":[{"system":"https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes","code":"submissionset"}]},
                 "identifier":[{"use":"usual","system":"urn:ietf:rfc:3986","value":"urn:oid:1.2.250.1.999.2.@LIST@"}],
                 "subject":{"reference":"Patient/@PATIENT@"},"date":"2026-11-24T10:00:00Z",
                 "entry":[{"item":{"reference":"urn:uuid:00000000-0000-0000-0000-000000000002"}}]},
                 "request":{"method":"POST","url":"List"}},
                {"fullUrl":"urn:uuid:00000000-0000-0000-0000-000000000002","resource":{"resourceType":"DocumentReference",
                 "masterIdentifier":{"system":"urn:ietf:rfc:3986","value":"urn:oid:1.2.250.1.999.3.@DOC@"},"status":"current",
                 "type":{"coding":[{"system":"http://loinc.org","code":"11488-4"}]},
                 "category":[{"coding":[{"system":"https://mos.esante.gouv.fr/NOS/TRE_A03-ClasseDocument/FHIR/TRE-A03-ClasseDocument","code":"10"}]}],
                 "subject":{"reference":"Patient/@PATIENT@"},"date":"2026-11-24T10:00:00Z",
                 "author":[{"identifier":{"system":"urn:oid:1.2.250.1.71.4.2.1","value":"810000000017"}}],
                 "securityLabel":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"N"}]}],
                 "content":[{"attachment":{"contentType":"application/pdf","url":"urn:uuid:00000000-0000-0000-0000-000000000003",
                   "size":%d,"hash":"%s"}}]},
                 "request":{"method":"POST","url":"DocumentReference"}},
                {"fullUrl":"urn:uuid:00000000-0000-0000-0000-000000000003","resource":{"resourceType":"Binary","contentType":"application/pdf",
                 "data":"%s"},"request":{"method":"POST","url":"Binary"}}]}""".formatted(pdf.length, hash, data);
    }

    static String token(String url, String client, String secret) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=fhir")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("No token: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }
}
