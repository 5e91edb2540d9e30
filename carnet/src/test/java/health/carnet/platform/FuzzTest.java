package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SEC-4, issue #9 "tests that stay": at least 10,000 generated malformed requests on loopback, across
 * ITI-65 (deposit), ITI-66 (lists), ITI-67 (search), ITI-68 (retrieve), PATCH and DELETE of a
 * DocumentReference, Consent, PDQm and the JSON API. Every one must get an answer below 500 whose
 * body holds no SQL, stack or class name, and no write may change the chosen patient's dossier
 * (documents, lists, consents, patient-entered data, the dossier row), compared in the database
 * before and after.
 *
 * <p>Seeded: the seed is printed; rerun one run with {@code -Dcarnet.fuzz.seed=<seed>} (and
 * {@code -Dcarnet.fuzz.requests=<n>} for more or fewer). Requests are generated from the seed
 * before any is sent, so a run is the same whatever the threads' timing.
 */
@IntegrationTest
class FuzzTest {

    private static final String CHOSEN = "ines.rousseau";

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;

    record Req(String method, String path, String contentType, byte[] body, String token, boolean write) {
        String describe() {
            return method + " " + (path.length() > 160 ? path.substring(0, 160) + "…" : path)
                    + (body == null ? "" : " body[" + body.length + "]: " + new String(body, 0, Math.min(body.length, 300),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    String snapshot(UUID dossier) {
        StringBuilder s = new StringBuilder();
        for (String table : new String[] {"document", "document_submission_set", "access_consent", "document_patient_resource",
                "dossier"}) {
            String column = table.equals("dossier") ? "id" : "dossier_id";
            s.append(table).append('=').append(jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t.id)), '') from "
                    + table + " t where t." + column + " = ?").param(dossier).query(String.class).single()).append(' ');
        }
        s.append("document_content=").append(jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(c.content::text, ',' order by c.document_id)), '')"
                + " from document_content c join document d on d.id = c.document_id where d.dossier_id = ?").param(dossier).query(String.class).single());
        return s.toString();
    }

    @Test
    void tenThousandMalformedRequestsGetNo5xxLeakNothingAndWriteNothing() throws Exception {
        long seed = Long.getLong("carnet.fuzz.seed", new Random().nextLong());
        int count = Integer.getInteger("carnet.fuzz.requests", 10_000);
        System.out.println("FuzzTest seed=" + seed + " requests=" + count + " (rerun: -Dcarnet.fuzz.seed=" + seed + ")");
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, CHOSEN);
        String gp = http.softwareToken(Demo.gp());
        String stranger = http.softwareToken(Demo.person("Girard").idnps());
        // one document of the chosen patient to aim PATCH, DELETE and ITI-68 at
        String valid = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("fuzz target")));
        HttpResponse<String> deposited = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + gp)
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build());
        assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
        String docId = Http.json(deposited).at("/entry/1/response/location").asText().split("/")[1];
        String setId = Http.json(deposited).at("/entry/0/response/location").asText().split("/")[1];

        Generator g = new Generator(new Random(seed), d.id().toString(), docId, setId, valid, gp, stranger);
        List<Req> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(g.next());
        }
        String before = snapshot(d.id());

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        int[] byClass = new int[6];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Req r = requests.get(i);
                    try {
                        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + r.path())).timeout(Duration.ofSeconds(60))
                                .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(r.body()));
                        if (r.contentType() != null) {
                            b.header("Content-Type", r.contentType());
                        }
                        if (r.token() != null) {
                            b.header("Authorization", "Bearer " + r.token());
                        }
                        b.header("Accept", r.path().startsWith("/fhir") ? "application/fhir+json" : "application/json");
                        HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        int status = resp.statusCode();
                        synchronized (byClass) {
                            byClass[Math.min(status / 100, 5)]++;
                        }
                        if (status >= 500) {
                            failures.add("#" + i + " " + status + " for " + r.describe() + " -> " + cut(resp.body()));
                        } else if (BadInputTest.LEAK.matcher(resp.body()).find()) {
                            failures.add("#" + i + " leak in " + status + " for " + r.describe() + " -> " + cut(resp.body()));
                        } else if (r.write() && status < 300) {
                            failures.add("#" + i + " malformed write accepted (" + status + ") " + r.describe());
                        }
                    } catch (IllegalArgumentException e) {
                        // a URI the JDK client itself refuses to send: nothing reached the server
                    } catch (Exception e) {
                        failures.add("#" + i + " no answer (" + e + ") for " + r.describe());
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.println("FuzzTest seed=" + seed + " answers by class: 2xx=" + byClass[2] + " 3xx=" + byClass[3] + " 4xx=" + byClass[4]
                + " 5xx=" + byClass[5]);
        assertThat(failures).as("seed " + seed + ": " + failures.size() + " failures").isEmpty();
        assertThat(snapshot(d.id())).as("seed " + seed + ": the chosen patient's dossier is unchanged").isEqualTo(before);
    }

    private static String cut(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    /** Malformed requests, each one certain to be refused when it writes; reads may succeed but never fail badly. */
    static final class Generator {
        private final Random random;
        private final String dossier;
        private final String doc;
        private final String set;
        private final String valid;
        private final String gp;
        private final String stranger;

        Generator(Random random, String dossier, String doc, String set, String valid, String gp, String stranger) {
            this.random = random;
            this.dossier = dossier;
            this.doc = doc;
            this.set = set;
            this.valid = valid;
            this.gp = gp;
            this.stranger = stranger;
        }

        Req next() {
            return switch (random.nextInt(12)) {
                case 0, 1, 2 -> deposit();
                case 3 -> search();
                case 4 -> lists();
                case 5 -> retrieve();
                case 6, 7 -> patch();
                case 8 -> consent();
                case 9 -> pdqm();
                case 10 -> api();
                default -> deleteOrPath();
            };
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }

        /** A value no parameter should take: control characters, huge numbers, junk, overlong text. */
        String junk() {
            return switch (random.nextInt(14)) {
                case 0 -> "%00";
                case 1 -> "%" + String.format("%02X", random.nextInt(32));
                case 2 -> "2147483647";
                case 3 -> "-2147483649";
                case 4 -> "99999999999999999999";
                case 5 -> "%7F";
                case 6 -> "x".repeat(1 + random.nextInt(6000));
                case 7 -> "%27%3B%20drop%20table%20document%3B--";
                case 8 -> "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
                case 9 -> "|||";
                case 10 -> "ge99999-99-99";
                case 11 -> "-1";
                case 12 -> "%E2%80%AE%F0%9F%92%A5";
                default -> "%ZZ";
            };
        }

        String uuidish() {
            return pick(List.of(UUID.randomUUID().toString(), "x", "%00", "00000000-0000-0000-0000-000000000000", "1".repeat(500),
                    dossier + "%00", "..%2F..%2Fetc", "-1", doc.substring(0, 35)));
        }

        Req deposit() {
            String body = switch (random.nextInt(14)) {
                case 0 -> valid.substring(0, random.nextInt(valid.length() - 1));
                case 1 -> replaceResource(pick(List.of("true", "\"text\"", "1", "[]", "null", "{}")));
                case 2 -> valid.replace("\"masterIdentifier\":{", "\"masterIdentifier\":{\"id\":\"x\",").replaceFirst(
                        "\"value\":\"urn:oid:1\\.2\\.250\\.1\\.999\\.1\\.", "\"value\":\"" + "9".repeat(257 + random.nextInt(5000)) + ".");
                case 3 -> injectControl(valid);
                case 4 -> valid.replace("\"author\":[", "\"author\":[{\"identifier\":{\"system\":\"urn:oid:1.2.250.1.71.4.2.1\",\"value\":\""
                        + pick(List.of("<script>", "000", "0750009044", "810000000025", "81000000001", "")) + "\"}},")
                        .replaceFirst("\\{\"identifier\":\\{\"system\":\"urn:oid:1\\.2\\.250\\.1\\.71\\.4\\.2\\.1\",\"value\":\"810000000017\"}}", "")
                        .replace(",]", "]").replace("[,", "[");
                case 5 -> valid.replaceFirst("\"code\":\"N\"", pick(List.of("\"code\":\"Z\"", "\"display\":\"no code\"", "\"code\":\"\"")));
                case 6 -> valid.replace("\"type\":\"transaction\"", "\"type\":\"" + pick(List.of("batch", "collection", "nonsense", "")) + "\"");
                case 7 -> valid.replace("\"method\":\"POST\"", "\"method\":\"" + pick(List.of("PUT", "DELETE", "GET", "PATCH")) + "\"");
                case 8 -> valid.replace("Patient/" + dossier, "Patient/" + pick(List.of(UUID.randomUUID().toString(), "x", "")));
                case 9 -> "[".repeat(600 + random.nextInt(5000)) + "]".repeat(10);
                case 10 -> valid.replace("\"status\":\"current\"", "\"status\":\"" + pick(List.of("superseded", "entered-in-error", "x")) + "\"");
                case 11 -> valid.replace("\"contentType\":\"application/pdf\"", "\"contentType\":\""
                        + pick(List.of("application/x-msdownload", "text/html", "", "application/pdf\\u0000")) + "\"");
                case 12 -> valid.replaceFirst("\"size\":\\d+", "\"size\":" + pick(List.of("-1", "0", "99999999999", "\"x\"", "1")));
                default -> valid.replace("\"date\":\"", "\"date\":\"" + pick(List.of("x", "99999-", "2026-13-45T", "")));
            };
            String type = random.nextInt(15) == 0 ? pick(List.of("text/plain", "application/xml", "application/fhir+xml"))
                    : "application/fhir+json";
            return new Req("POST", "/fhir", type, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    random.nextInt(10) == 0 ? stranger : gp, true);
        }

        private String replaceResource(String with) {
            int at = valid.indexOf("{\"resourceType\":\"DocumentReference\"");
            int end = valid.indexOf(",\"request\"", at);
            return valid.substring(0, at) + with + valid.substring(end);
        }

        /** A control character, raw or escaped, inside a random string value of the JSON. */
        private String injectControl(String json) {
            List<Integer> quotes = new ArrayList<>();
            for (int i = json.indexOf("\":\""); i >= 0; i = json.indexOf("\":\"", i + 1)) {
                quotes.add(i + 3);
            }
            int at = pick(quotes);
            String c = pick(List.of("\\u0000", "\\u0001", "\\u001f", "\\u007f", "\\b", "\\f"));
            return json.substring(0, at) + c + json.substring(at);
        }

        Req search() {
            String param = pick(List.of("security-label", "type", "category", "status", "date", "author", "author.identifier",
                    "format", "_offset", "_count", "patient.identifier", "_sort", "_include", "_summary", "_elements", "nonsense",
                    "patient:missing", "type:text", "_format", "_pretty"));
            String base = random.nextInt(6) == 0 ? "" : "patient=Patient/" + (random.nextInt(8) == 0 ? uuidish() : dossier) + "&";
            return new Req("GET", "/fhir/DocumentReference?" + base + param + "=" + junk(), null, null, pick(List.of(gp, gp, stranger)), false);
        }

        Req lists() {
            String q = pick(List.of("patient=Patient/" + dossier + "&code=" + junk(), "patient=" + junk(), "patient=Patient/" + dossier
                    + "&_count=" + junk(), "code=submissionset", "patient:missing=true"));
            return random.nextBoolean() ? new Req("GET", "/fhir/List?" + q, null, null, gp, false)
                    : new Req("GET", "/fhir/List/" + pick(List.of(uuidish(), set)), null, null, pick(List.of(gp, stranger)), false);
        }

        Req retrieve() {
            String id = random.nextInt(3) == 0 ? doc : uuidish();
            String suffix = pick(List.of("", "?_format=" + junk(), "/_history/" + junk(), "?" + junk() + "=1"));
            return new Req("GET", "/fhir/" + pick(List.of("Binary/", "DocumentReference/")) + id + suffix, null, null,
                    pick(List.of(gp, stranger, stranger)), false);
        }

        Req patch() {
            String body = switch (random.nextInt(12)) {
                case 0 -> "not json " + random.nextInt();
                case 1 -> "[".repeat(600 + random.nextInt(5000)) + "]".repeat(600);
                // PDSm patches status, securityLabel and isArchived only: a change elsewhere is refused (405)
                case 2 -> "[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"x\"}]";
                case 3 -> "[{\"op\":\"" + pick(List.of("move", "copy", "", "ADD")) + "\",\"path\":\"/securityLabel/0\"}]";
                case 4 -> "[{\"op\":\"add\",\"path\":\"" + pick(List.of("/", "", "securityLabel", "/securityLabel/99999999999",
                        "/securityLabel/-1", "/~2", "/securityLabel/0/coding/9")) + "\",\"value\":{}}]";
                case 5 -> "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\"}]}}]";
                case 6 -> "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":" + pick(List.of("1", "\"x\"", "null", "[]", "true")) + "}]";
                case 7 -> "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":{\"coding\":[{\"system\":\"\\u0000\",\"code\":\"MASQUE_PS\"}]}}]";
                case 8 -> "[{\"op\":\"test\",\"path\":\"/status\",\"value\":\"superseded\"},{\"op\":\"remove\",\"path\":\"/securityLabel\"}]";
                case 9 -> "[{\"op\":\"replace\",\"path\":\"/resourceType\",\"value\":\"Patient\"}]";
                case 10 -> "{\"op\":\"remove\",\"path\":\"/securityLabel\"}";
                default -> "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":{\"coding\":[{\"system\":"
                        + "\"https://mos.esante.gouv.fr/NOS/TRE_A07-StatutVisibiliteDocument/FHIR/TRE-A07-StatutVisibiliteDocument\","
                        + "\"code\":\"" + pick(List.of("NOPE", "", "x".repeat(300))) + "\"}]}}]";
            };
            boolean target = random.nextInt(4) != 0;
            String path = "/fhir/DocumentReference" + (target ? "/" + doc : pick(List.of("", "/", "/" + uuidish())));
            String type = random.nextInt(8) == 0 ? pick(List.of("application/json", "text/plain", "application/fhir+json"))
                    : "application/json-patch+json";
            return new Req("PATCH", path, type, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), random.nextInt(5) == 0 ? stranger : gp,
                    true);
        }

        Req consent() {
            String good = "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
                    + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},\"category\":[{\"coding\":[{"
                    + "\"system\":\"https://carnet.health/fhir/CodeSystem/consent-kind\",\"code\":\"BLOCK\"}]}],\"patient\":{\"reference\":"
                    + "\"Patient/" + dossier + "\"},\"provision\":{\"type\":\"deny\",\"actor\":[{\"reference\":{\"reference\":"
                    + "\"Practitioner/810000000215\"}}]}}";
            String body = switch (random.nextInt(7)) {
                case 0 -> good.substring(0, random.nextInt(good.length() - 1));
                case 1 -> injectControl(good);
                case 2 -> good.replace("\"patient\":{\"reference\":\"Patient/" + dossier + "\"},", "");
                case 3 -> good.replace("Patient/" + dossier, "Patient/" + pick(List.of(UUID.randomUUID().toString(), "x", "")));
                case 4 -> good.replace("\"Consent\"", "\"" + pick(List.of("Patient", "Nope", "")) + "\"");
                case 5 -> good.replace("patient-privacy", "x".repeat(70_000));
                default -> "[".repeat(2000);
            };
            if (random.nextInt(4) == 0) {
                return new Req("DELETE", "/fhir/Consent/" + uuidish(), null, null, gp, true);
            }
            return new Req("POST", "/fhir/Consent", "application/fhir+json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8), gp, true);
        }

        Req pdqm() {
            String q = switch (random.nextInt(6)) {
                case 0 -> "identifier=" + junk();
                case 1 -> "identifier=urn:oid:1.2.250.1.213.1.4.8|" + junk();
                case 2 -> "family=" + junk() + "&given=" + junk();
                case 3 -> "family=Rousseau&birthdate=" + pick(List.of("1995", "1995-01", "ge1995-01-30", "x", "%00", "1995-02-30"));
                case 4 -> "identifier:missing=true";
                default -> junk() + "=" + junk();
            };
            return random.nextInt(4) == 0 ? new Req("GET", "/fhir/Patient/" + uuidish(), null, null, pick(List.of(gp, stranger)), false)
                    : new Req("GET", "/fhir/Patient?" + q, null, null, pick(List.of(gp, stranger)), false);
        }

        Req api() {
            String s = pick(List.of("\\u0000", "x".repeat(3000), "", "<script>", "\\ud800"));
            return switch (random.nextInt(9)) {
                case 0 -> new Req("POST", "/api/login", "application/json", ("{\"login\":\"fuzz." + random.nextInt(1000) + s
                        + "\",\"password\":\"" + s + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), null, true);
                case 1 -> new Req("POST", "/api/login/otp", "application/json", ("{\"challengeId\":\"" + pick(List.of("x", s,
                        UUID.randomUUID().toString())) + "\",\"code\":\"" + s + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), null, true);
                case 2 -> new Req("POST", "/api/creation/code", "application/json", ("{\"nir\":\"" + s + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), null, true);
                case 3 -> new Req("POST", "/api/creation/verify", "application/json", ("{\"nir\":\"1\",\"channel\":\""
                        + pick(List.of("FAX", "", "EMAIL\\u0000")) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), null, true);
                case 4 -> new Req("POST", "/api/pro/dossiers", "application/json", ("{\"insSystem\":\"" + s + "\",\"ins\":\"" + s
                        + "\",\"birthDate\":\"" + pick(List.of("x", "99999-01-01", "2020-02-30")) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        gp, true);
                case 5 -> new Req("POST", "/api/pro/dossiers/" + pick(List.of(dossier, uuidish())) + "/consultation", "application/json",
                        ("{\"carteVitale\":\"" + s + "\",\"consentDeclared\":" + pick(List.of("\"yes\"", "null", "1")) + "}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8), stranger, true);
                case 6 -> new Req("POST", "/api/dossiers/" + pick(List.of(dossier, uuidish())) + "/destroy", "application/json",
                        ("{\"confirm\":\"" + pick(List.of("detruire", "", s, "DETRUIRE\\u0000")) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        pick(List.of(gp, stranger)), true);
                case 7 -> new Req("PUT", "/api/dossiers/" + dossier + "/medecin-traitant", "application/json",
                        ("{\"idnps\":\"" + pick(List.of("<script>", "000", s, "0750009044")) + "\",\"patientAgreement\":\"x\"}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8), pick(List.of(gp, stranger)), true);
                default -> new Req(pick(List.of("GET", "POST", "DELETE")), "/api/dossiers/" + uuidish() + pick(List.of("", "/close", "/reopen")),
                        "application/json", "{".getBytes(java.nio.charset.StandardCharsets.UTF_8), stranger, true);
            };
        }

        Req deleteOrPath() {
            return switch (random.nextInt(4)) {
                case 0 -> new Req("DELETE", "/fhir/DocumentReference/" + pick(List.of(uuidish(), doc)), null, null, stranger, true);
                case 1 -> new Req("DELETE", "/fhir/DocumentReference" + pick(List.of("", "?patient=Patient/" + dossier, "/" + uuidish())),
                        null, null, gp, true);
                case 2 -> new Req("GET", pick(List.of("/fhir/", "/api/", "/portail/", "/error/", "/actuator/")) + junk(), null, null,
                        pick(List.of(gp, stranger)), false);
                default -> {
                    String method = pick(List.of("PUT", "POST", "OPTIONS", "TRACE"));
                    yield new Req(method, "/fhir/" + pick(List.of("DocumentReference/" + doc, "Binary/" + doc, "List/" + set,
                            "Patient/" + dossier, "metadata")), "application/fhir+json", "{}".getBytes(), gp, !method.equals("OPTIONS"));
                }
            };
        }
    }
}
