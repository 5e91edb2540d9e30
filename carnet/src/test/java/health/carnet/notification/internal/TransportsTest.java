package health.carnet.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import health.carnet.demo.DemoDirectory;
import health.carnet.directory.Directory;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Channel;
import health.carnet.notification.OutboxMessage;
import health.carnet.notification.TransportSettings;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.MssanteServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Channels that deliver (issue #9): a message to a professional reaches the MSSanté operator over
 * verified TLS, addressed from the directory (NOT-3); a creation code "sent by letter" becomes a
 * print-ready PDF in the print provider's spool (DOS-1). Both assert delivery, not queuing.
 */
@IntegrationTest
class TransportsTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Directory directory;
    @Autowired
    DemoSupport support;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransportSettings settings;

    @Test
    void theDirectoryGivesTheDemoProfessionalsTheirMssanteAddresses() {
        assertThat(directory.mssanteAddress(Demo.gp())).contains("claire.martin@medecin.mssante.test");
        assertThat(DemoDirectory.people()).filteredOn(p -> p.role().equals("ADMIN")).allSatisfy(p ->
                assertThat(directory.mssanteAddress(p.idnps())).isEmpty());
    }

    @Test
    void breakGlassReachesTheMedecinTraitantsMssanteMailboxOverTls() throws Exception {
        String mailbox = "claire.martin@medecin.mssante.test";
        int before = MssanteServer.receivedBy(mailbox).size();
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "hugo.lefebvre");
        assertThat(d.medecinTraitant()).isEqualTo(Demo.gp());
        String btg = http.softwareToken(Demo.person("Garcia").idnps(), "fhir", "purpose.BTG");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/"
                        + d.id())).header("Authorization", "Bearer " + btg).header("Accept", "application/fhir+json")
                .header("X-Carnet-Break-Glass-Reason", "arrêt cardiaque").build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        // NOT-3: received by the operator (over SMTPS, its certificate checked against the trust store)
        MimeMessage received = MssanteServer.awaitReceivedBy(mailbox, before + 1, Duration.ofSeconds(30)).get(before);
        assertThat(received.getSubject()).isEqualTo("Accès en urgence au DMP d'un de vos patients");
        assertThat(received.getFrom()[0].toString()).isEqualTo(settings.mssante().from());
        assertThat(MailServer.body(received)).contains("bris de glace").doesNotContain(d.familyName());
        // not by plain email
        assertThat(MailServer.countTo(mailbox, "")).isZero();
        OutboxMessage row = awaitSent(Channel.MSSANTE, Demo.gp(), "BREAK_GLASS");
        assertThat(row.deliveredVia()).isEqualTo("mssante");
    }

    @Test
    void anOperatorWhoseCertificateIsNotTrustedGetsNothing() {
        TransportSettings.Mssante configured = settings.mssante();
        // the JDK's public CAs only: the operator's certificate is not among them
        TransportSettings untrusting = new TransportSettings(new TransportSettings.Mssante(configured.host(), configured.port(),
                "SMTPS", null, "", true, "", "", configured.from(), 5000), settings.letter());
        MssanteTransport transport = new MssanteTransport(untrusting, directory);
        int before = MssanteServer.receivedBy("claire.martin@medecin.mssante.test").size();
        assertThatThrownBy(() -> transport.send(new OutboxMessage(-1, Channel.MSSANTE, Demo.gp(), "TEST", "s", "b", Instant.now(), 0,
                null, null, null))).hasStackTraceContaining("PKIX");
        assertThat(MssanteServer.receivedBy("claire.martin@medecin.mssante.test")).hasSize(before);
        // and a professional without a mailbox in the directory is an error to retry, not a silent success
        MssanteTransport trusting = new MssanteTransport(settings, directory);
        assertThatThrownBy(() -> trusting.send(new OutboxMessage(-1, Channel.MSSANTE, "0750009044", "TEST", "s", "b", Instant.now(), 0,
                null, null, null))).hasMessageContaining("no MSSanté address");
    }

    @Test
    void aCreationCodeByLetterIsAPrintReadyPdfInTheSpoolAndTheCodeInItWorks() throws Exception {
        Http http = new Http(port);
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1970, 3, 3), null);
        HttpResponse<String> sent = http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(Http.json(sent).get("channel").asText()).isEqualTo("LETTER");

        String recipient = p.givenNames() + " " + p.familyName() + "\n" + p.postalAddress();
        OutboxMessage row = awaitSent(Channel.LETTER, recipient, "CREATION_CODE");
        assertThat(row.deliveredVia()).isEqualTo("letter-spool");
        Path pdf = settings.letter().spoolDirectory().resolve(LetterTransport.fileName(row.id()));
        assertThat(pdf).exists();
        // nothing half-written left beside it
        try (var files = Files.list(pdf.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        PdfReader reader = new PdfReader(Files.readAllBytes(pdf));
        try {
            assertThat(reader.getNumberOfPages()).isEqualTo(1);
            // A4 portrait, in points
            assertThat(reader.getPageSize(1).getWidth()).isCloseTo(595f, org.assertj.core.data.Offset.offset(1f));
            assertThat(reader.getPageSize(1).getHeight()).isCloseTo(842f, org.assertj.core.data.Offset.offset(1f));
            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            assertThat(text).contains(p.givenNames() + " " + p.familyName()).contains("1 place du Test").contains("Paris")
                    .contains("Votre code de création").contains("Madame, Monsieur");
            Matcher code = Pattern.compile("\\b([A-Z0-9]{12})\\b").matcher(text);
            assertThat(code.find()).as(text).isTrue();
            // the code printed is the one Carnet expects: step 2 of DOS-1 accepts it
            HttpResponse<String> verified = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code.group(1),
                    "carteVitale", p.carteVitaleSerial(), "channel", "EMAIL", "email", "lettre-" + p.nir() + "@example.org"));
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(202);
        } finally {
            reader.close();
        }
    }

    private OutboxMessage awaitSent(Channel channel, String recipient, String kind) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var row = jdbc.sql("""
                            select id, delivered_via, sent_at from notification_outbox
                            where channel = ? and recipient = ? and kind = ? order by id desc limit 1""")
                    .params(channel.name(), recipient, kind)
                    .query((rs, n) -> new OutboxMessage(rs.getLong(1), channel, recipient, kind, null, null, null, 0,
                            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getString(2), null))
                    .optional();
            if (row.isPresent() && row.get().sentAt() != null) {
                return row.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No " + channel + " " + kind + " to " + recipient + " marked sent");
    }
}
