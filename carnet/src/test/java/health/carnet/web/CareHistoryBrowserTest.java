package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.feed.ImportReport;
import health.carnet.feed.internal.Importer;
import health.carnet.notification.Notifications;
import health.carnet.support.AuditEntries;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-1, FEED-4, DOC-3 in the patients' portal, in Chromium at phone size with axe-core: the
 * "Remboursements" page explains where the data comes from while there is none; once the insurer
 * sent claims, it lists them grouped by month, newest first, 20 a page, with French words and
 * amounts in euros ("21,00 €"), filtered by kind; hiding "Médicament délivré" from professionals
 * on the page (a form with CSRF, audited as the API's setting) takes the medicine out of the
 * médecin traitant's ExplanationOfBenefit search at once, while the patient still sees it.
 */
@IntegrationTest
class CareHistoryBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Importer importer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    health.carnet.dossier.InsuredRegister insured;

    @Test
    void feed4ThePatientReadsTheReimbursementsByMonthAndHidesAKindFromProfessionals() throws Exception {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        String gp = http.softwareToken(Demo.gp());
        HttpResponse<String> consult = http.post("/api/pro/dossiers/" + f.dossierId() + "/consultation", gp,
                Map.of("carteVitale", f.carteVitale(), "consentDeclared", true));
        assertThat(consult.statusCode()).as(consult.body()).isLessThan(300);
        String password = "Remboursements-2026";

        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, f.login(), f.initialPassword(), f.email());
            b.await("#nouveau");
            b.type("#actuel", f.initialPassword()).type("#nouveau", password).type("#confirmation", password).click("button[type=submit]");
            b.await("main h1");

            // nothing from the insurer yet: the page says where the data will come from
            b.get("/portail/remboursements");
            b.awaitText("main h1", "Remboursements");
            assertThat(b.find("#aucun-remboursement").getText()).contains("Aucun remboursement pour le moment")
                    .contains("viennent de l’Assurance Maladie");
            assertThat(b.find("nav.nav a[aria-current=page]").getText()).isEqualTo("Remboursements");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-70-remboursements-vide");

            LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
            String tag = Long.toString(System.nanoTime());
            List<String> rows = new ArrayList<>();
            rows.add("claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;performer_specialty;"
                    + "prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed");
            rows.add(String.join(";", "pp-c-" + tag, f.nir(), today.minusDays(20).toString(), "CONSULTATION", "G", "",
                    "Consultation de médecine générale", "1", "10000000017", "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00"));
            rows.add(String.join(";", "pp-m-" + tag, f.nir(), today.minusDays(19).toString(), "MEDICINE", "3400930000014", "C10AA05",
                    "Atorvastatine 20 mg", "2", "10000000256", "Rose Blanc", "", "10000000017", "Dr Claire Martin", "SM54",
                    "15.40", "10.01"));
            for (int i = 0; i < 21; i++) {
                rows.add(String.join(";", "pp-l" + i + "-" + tag, f.nir(), today.minusDays(40 + i).toString(), "LAB", "1104", "",
                        "Bilan lipidique " + (i + 1), "1", "10000000256", "Laboratoire Pasteur", "", "", "", "", "12.50", "7.50"));
            }
            ImportReport r = importer.importStream(new ByteArrayInputStream((String.join("\n", rows) + "\n")
                    .getBytes(StandardCharsets.UTF_8)), "portail-" + tag + ".csv", null);
            importer.awaitDocuments();   // the REMB documents are filed in the background (FEED-4)
            assertThat(r.stored()).as(r.summary()).isEqualTo(23);

            // the home page shows the latest ones and leads to the page
            b.get("/portail/accueil");
            assertThat(new WebText(b.textOf("#accueil-remboursements")).spaced()).contains("Derniers remboursements")
                    .contains("Atorvastatine 20 mg").contains("10,01 €");

            b.get("/portail/remboursements");
            WebText page = new WebText(b.textOf("main"));
            String month = DateTimeFormatter.ofPattern("LLLL yyyy", Locale.FRENCH).format(today.minusDays(19));
            assertThat(page.text()).containsIgnoringCase(month)
                    .contains("Consultation de médecine générale").contains("Atorvastatine 20 mg").contains("Médicament délivré")
                    .contains("Rose Blanc").contains("prescrit par Dr Claire Martin").contains("Dr Claire Martin");
            // amounts in euros, French format
            assertThat(page.spaced()).contains("30,00 €").contains("21,00 €").contains("15,40 €").contains("10,01 €");
            assertThat(page.text()).doesNotContain("21.00").doesNotContain("CONSULTATION").doesNotContain("C10AA05");
            // newest first: the medicine (19 days ago) before the consultation (20 days ago), 20 a page
            assertThat(page.text().indexOf("Atorvastatine")).isLessThan(page.text().indexOf("Consultation de médecine générale"));
            assertThat(b.all("li.remboursement")).hasSize(20);
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-71-remboursements");
            b.click("a[rel=next]");
            b.awaitPath("/portail/remboursements?soin=&periode=24&page=2");
            assertThat(b.all("li.remboursement")).hasSize(3);
            assertThat(b.find("main").getText()).contains("Bilan lipidique 21").doesNotContain("Atorvastatine");

            // filter by kind: only medicines
            b.get("/portail/remboursements?soin=MEDICINE");
            assertThat(b.all("li.remboursement")).hasSize(1);
            assertThat(b.find("main").getText()).contains("Atorvastatine 20 mg").doesNotContain("Bilan lipidique");
            b.get("/portail/remboursements?soin=STAY&periode=3");
            assertThat(b.find("#aucun-remboursement").getText()).isEqualTo("Aucun remboursement ne correspond à ces filtres.");
            // a nonsense filter is no error: every kind, 24 months
            b.get("/portail/remboursements?soin=%27%3B--&periode=abc&page=x");
            assertThat(b.all("li.remboursement")).hasSize(20);

            // the médecin traitant sees the medicine (without amounts) before it is hidden
            assertThat(eob(http, gp, f.dossierId())).contains("Atorvastatine 20 mg").contains("Consultation de médecine générale");

            // FEED-4 on the page: hide medicines from professionals
            b.get("/portail/remboursements");
            assertThat(b.find("#professionnels").getText()).contains("sans les montants").contains("Données de remboursement");
            assertThat(b.find("#masquer-MEDICINE").getAttribute("role")).isEqualTo("switch");
            assertThat(b.find("#masquer-MEDICINE").isSelected()).isFalse();
            assertThat(b.find("#professionnels input[name=_csrf]").getAttribute("value")).isNotBlank();
            var old = b.find("#enregistrer-masques");
            b.click("#masquer-MEDICINE").click("#enregistrer-masques");
            b.awaitGone(old);
            assertThat(b.textOf("[role=status]")).startsWith("Vos choix sont enregistrés");
            assertThat(b.find("#masquer-MEDICINE").isSelected()).isTrue();
            assertThat(b.find("#masquer-LAB").isSelected()).isFalse();
            // the patient still sees it, marked
            assertThat(b.find("main").getText()).contains("Atorvastatine 20 mg").contains("Masqué aux professionnels");
            b.assertAccessible().screenshot("portail-72-remboursements-masques");

            // English
            b.get("/portail/remboursements?lang=en");
            b.awaitText("main h1", "Reimbursements");
            assertThat(b.find("main").getText()).contains("Medicine dispensed").contains("What professionals see");
            b.assertAccessible();
            b.get("/portail/remboursements?lang=fr");
        }

        // gone from the professional's view at once, the rest still there
        String after = eob(http, gp, f.dossierId());
        assertThat(after).doesNotContain("Atorvastatine").contains("Consultation de médecine générale");
        // decided and audited as the API's setting
        List<AuditRecord> trail = AuditEntries.of(jdbc, UUID.fromString(f.dossierId()), 50);
        assertThat(trail).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("MANAGE_CONSENTS");
            assertThat(a.target()).isEqualTo("care history: hide [MEDICINE]");
            assertThat(a.outcome()).isEqualTo("PERMIT");
        });
        // and the API reads the same setting back
        String token = patients.token(f.login(), "Remboursements-2026", f.email());
        assertThat(http.get("/api/dossiers/" + f.dossierId() + "/care-history/settings", token).body()).contains("\"hiddenKinds\":[\"MEDICINE\"]");
    }

    /** The same page for a legal representative: the child's reimbursements, and the child's choice (MIN-2, FEED-4). */
    @Test
    void feed4ALegalRepresentativeReadsTheChildsReimbursementsAndHidesAKind_MIN2() throws Exception {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        FreshMinor minor = FreshMinor.create(http, patients, support);
        String nir = insured.nirOf(minor.dossierId()).orElseThrow();
        String tag = Long.toString(System.nanoTime());
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Paris")).minusDays(5);
        String csv = "claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;performer_specialty;"
                + "prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed\n"
                + String.join(";", "pp-v-" + tag, nir, day.toString(), "MEDICINE", "3400930000014", "J07BD52", "Vaccin ROR", "1",
                        "10000000256", "Rose Blanc", "", "10000000017", "Dr Claire Martin", "SM54", "12.50", "8.75") + "\n";
        ImportReport r = importer.importStream(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "mineur-" + tag + ".csv", null);
        importer.awaitDocuments();   // the REMB documents are filed in the background (FEED-4)
        assertThat(r.stored()).as(r.summary()).isEqualTo(1);
        String gp = http.softwareToken(Demo.gp());
        assertThat(eob(http, gp, minor.dossierId().toString())).contains("Vaccin ROR");

        try (Browser b = Browser.phone(port)) {
            minor.login(b, patients, true);
            b.get("/portail/remboursements");
            assertThat(b.textOf("main .contexte")).contains(minor.childGivenNames()).contains("représentant légal");
            WebText page = new WebText(b.find("main").getText());
            assertThat(page.text()).contains("Vaccin ROR").contains("Médicament délivré");
            assertThat(page.spaced()).contains("12,50 €").contains("8,75 €");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-73-remboursements-representant");
            var old = b.find("#enregistrer-masques");
            b.click("#masquer-MEDICINE").click("#enregistrer-masques");
            b.awaitGone(old);
            assertThat(b.textOf("[role=status]")).startsWith("Vos choix sont enregistrés");
        }
        assertThat(eob(http, gp, minor.dossierId().toString())).doesNotContain("Vaccin ROR");
    }

    private static String eob(Http http, String token, String dossierId) {
        HttpResponse<String> r = http.get("/fhir/ExplanationOfBenefit?patient=Patient/" + dossierId + "&_count=100", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** A page's text, and the same with every kind of space as a plain one (French amounts use no-break spaces). */
    private record WebText(String text) {
        String spaced() {
            return text.replace('\u00a0', ' ').replace('\u202f', ' ');
        }
    }
}
