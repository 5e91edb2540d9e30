package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.feed.ImportReport;
import health.carnet.feed.internal.Importer;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * FEED-4 in the professionals' portal, in Chromium: the médecin traitant reads the insurer's care
 * history on the dossier page (French names, no amounts; English names with ?lang=en) and finds
 * the REMB document in the list; a nurse, whose profession may not read class 60 "Données de
 * remboursement" (ACC-7), sees neither: the history is simply absent.
 */
@IntegrationTest
class ProCareHistoryBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    Importer importer;

    @Test
    void feed4TheMedecinTraitantReadsTheCareHistoryWithoutAmountsAndANurseDoesNotAcc7() throws Exception {
        ProFixtures fixtures = ProFixtures.of(context);
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        String tag = Long.toString(System.nanoTime());
        String csv = String.join("\n",
                "claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;performer_specialty;"
                        + "prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed",
                String.join(";", "pro-c-" + tag, p.ins(), today.minusDays(20).toString(), "CONSULTATION", "G", "",
                        "Consultation de médecine générale", "1", "10000000017", "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00"),
                String.join(";", "pro-m-" + tag, p.ins(), today.minusDays(19).toString(), "MEDICINE", "3400930000014", "C10AA05",
                        "Atorvastatine 20 mg", "2", "10000000256", "Rose Blanc", "", "10000000017", "Dr Claire Martin", "SM54",
                        "15.40", "10.01")) + "\n";
        ImportReport r = importer.importStream(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "pro-" + tag + ".csv", null);
        importer.awaitDocuments();   // the REMB documents are filed in the background (FEED-4)
        assertThat(r.stored()).as(r.summary()).isEqualTo(2);

        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            String soins = b.find("section.soins").getText();
            assertThat(soins).contains("Soins remboursés").contains("Consultation de médecine générale").contains("Atorvastatine 20 mg")
                    .contains("Médicament délivré").contains("Rose Blanc").contains("prescrit par Dr Claire Martin")
                    .doesNotContain("21.00").doesNotContain("21,00").doesNotContain("10.01");
            // the same history as the REMB document of the list
            assertThat(b.find("ul.documents").getText()).contains("Données de remboursement").contains("Assurance Maladie");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-60-soins-rembourses");
            b.get("/pro/patients/" + p.dossier().id() + "?lang=en");
            assertThat(b.find("section.soins").getText()).contains("Reimbursed care").contains("Medicine dispensed")
                    .contains("Atorvastatine 20 mg");
            b.assertAccessible().screenshot("pro-61-soins-rembourses-en");
        }
        String nurse = Demo.person("Chevalier").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, nurse);
            ProPortal.openByIns(b, p.ins());
            b.type("#carteVitale", p.carteVitale()).click("#consentement");
            b.find("#carteVitale").submit();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?autorise");
            assertThat(b.find("section.soins").getText()).contains("Aucun soin remboursé à afficher")
                    .doesNotContain("Atorvastatine").doesNotContain("Consultation de médecine générale");
            assertThat(b.text()).doesNotContain("Données de remboursement");
            b.assertAccessible().screenshot("pro-62-infirmier-sans-soins");
        }
    }

    @Test
    void feed4TheCareHistoryIsPagedByCursorAndFilteredByKindAndPeriod() throws Exception {
        ProFixtures fixtures = ProFixtures.of(context);
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        String tag = Long.toString(System.nanoTime());
        StringBuilder csv = new StringBuilder("claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;"
                + "performer_specialty;prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed\n");
        // 55 consultations, one every 10 days back from yesterday (the oldest ~18 months ago), and one medicine
        for (int i = 1; i <= 55; i++) {
            csv.append(String.join(";", "pg-c" + i + "-" + tag, p.ins(), today.minusDays(10L * i - 9).toString(), "CONSULTATION", "G", "",
                    "Consultation numéro " + i, "1", "10000000017", "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00")).append('\n');
        }
        csv.append(String.join(";", "pg-m-" + tag, p.ins(), today.minusDays(200).toString(), "MEDICINE", "3400930000014", "C10AA05",
                "Atorvastatine 20 mg", "2", "10000000256", "Rose Blanc", "", "10000000017", "Dr Claire Martin", "SM54", "15.40", "10.01"))
                .append('\n');
        ImportReport r = importer.importStream(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                "pg-" + tag + ".csv", null);
        importer.awaitDocuments();   // the REMB documents are filed in the background (FEED-4)
        assertThat(r.stored()).as(r.summary()).isEqualTo(56);

        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            // the newest 50, newest first; the rest one click away (cursor paging)
            assertThat(b.all("section.soins tbody tr")).hasSize(50);
            String first = b.find("section.soins").getText();
            assertThat(first).contains("Consultation numéro 1 G").doesNotContain("Consultation numéro 55");
            WebElement older = b.find("#soins-suivants");
            older.click();
            b.awaitGone(older);
            String second = b.textOf("section.soins");
            assertThat(b.all("section.soins tbody tr")).hasSize(6);
            assertThat(second).contains("Consultation numéro 55").doesNotContain("Consultation numéro 1 G");
            assertThat(b.all("#soins-suivants")).isEmpty();
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-63-soins-page-2");

            // a kind: only the medicine; a period of 3 months: only the consultations of the last 90 days
            b.get("/pro/patients/" + p.dossier().id() + "?soin=MEDICINE");
            assertThat(b.all("section.soins tbody tr")).hasSize(1);
            assertThat(b.find("section.soins").getText()).contains("Atorvastatine 20 mg").doesNotContain("Consultation numéro");
            b.get("/pro/patients/" + p.dossier().id() + "?soin=CONSULTATION&soinsMois=3");
            int recent = b.all("section.soins tbody tr").size();
            assertThat(recent).isBetween(8, 10);
            assertThat(b.find("section.soins").getText()).contains("Consultation numéro 1 G").doesNotContain("Consultation numéro 12 G")
                    .doesNotContain("Atorvastatine");
            assertThat(b.find("#s-periode").getAttribute("value")).isEqualTo("3");
            b.assertAccessible().screenshot("pro-64-soins-filtres");
            // a cursor edited by hand: the newest entries again, no error page
            b.get("/pro/patients/" + p.dossier().id() + "?soinsSuite=pas-un-curseur");
            assertThat(b.all("section.soins tbody tr")).hasSize(50);
        }
    }
}
