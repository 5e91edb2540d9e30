package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The health profile in the browser (DOC-2, EMG-3): entered, checked, edited, removed; read by the médecin traitant on FHIR. */
@IntegrationTest
class HealthProfileBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;

    @Test
    void aPatientEntersEditsAndRemovesTheirHealthProfile_DOC2_EMG3() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "ines.rousseau");
        String allergy = "Pénicilline " + UUID.randomUUID().toString().substring(0, 4);
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, PortalPages.patients(port, notifications), "ines.rousseau");
            b.get("/portail/profil");
            assertThat(b.find("main h1").getText()).isEqualTo("Profil médical");
            assertThat(b.text()).contains("Allergies").contains("Groupe sanguin").contains("Directives anticipées")
                    .contains("Don d’organes").contains("Personnes à prévenir en cas d’urgence").contains("Vaccinations");
            b.assertAccessible().assertNoSidewaysScroll();

            // nothing half-saved: an empty field is refused next to the field
            b.get("/portail/profil/allergie/nouveau");
            b.click("main form button[type=submit]");
            b.awaitText("#erreur-texte", "Ce champ est obligatoire. Saisissez une valeur.");
            assertThat(b.find("#texte").getAttribute("aria-describedby")).isEqualTo("erreur-texte");
            b.assertAccessible();
            b.type("#texte", allergy).type("#detail", "Urticaire").click("main form button[type=submit]");
            b.awaitText("[role=status]", "C’est enregistré.");
            assertThat(b.find("#section-allergie").getText()).contains(allergy).contains("Urticaire");

            b.get("/portail/profil/groupe-sanguin/nouveau");
            b.type("#texte", "O+").click("main form button[type=submit]");
            b.await("[role=status]");
            assertThat(b.find("#section-groupe-sanguin").getText()).contains("O+");

            b.get("/portail/profil/contact/nouveau");
            b.type("#texte", "Karim Rousseau, frère").type("#detail", "pas un numéro").click("main form button[type=submit]");
            assertThat(b.textOf("#erreur-detail")).contains("n’est pas valide");
            b.type("#detail", "06 12 34 56 78").click("main form button[type=submit]");
            b.await("[role=status]");
            assertThat(b.find("#section-contact").getText()).contains("Karim Rousseau, frère").contains("06 12 34 56 78");
            b.screenshot("portail-15-profil");

            // the médecin traitant reads what the patient entered
            assertThat(http.get("/fhir/AllergyIntolerance?patient=Patient/" + d.id(), http.softwareToken(Demo.gp())).body())
                    .contains(allergy);
            assertThat(http.get("/fhir/RelatedPerson?patient=Patient/" + d.id(), http.softwareToken(Demo.gp())).body())
                    .contains("06 12 34 56 78");

            // edit, then remove on a confirmation page
            b.all("#section-allergie li").stream().filter(li -> li.getText().contains(allergy)).findFirst().orElseThrow()
                    .findElement(org.openqa.selenium.By.cssSelector("a")).click();
            b.await("#texte");
            b.type("#detail", "Œdème de Quincke").click("main form button[type=submit]");
            b.await("[role=status]");
            assertThat(b.find("#section-allergie").getText()).contains("Œdème de Quincke").doesNotContain("Urticaire");
            b.all("#section-allergie li").stream().filter(li -> li.getText().contains(allergy)).findFirst().orElseThrow()
                    .findElements(org.openqa.selenium.By.cssSelector("a")).get(1).click();
            b.awaitText("main h1", "Supprimer cette information");
            b.assertAccessible();
            b.click("#confirmer-suppression");
            b.awaitText("[role=status]", "L’information a été supprimée.");
            assertThat(b.find("#section-allergie").getText()).doesNotContain(allergy);
            assertThat(http.get("/fhir/AllergyIntolerance?patient=Patient/" + d.id(), http.softwareToken(Demo.gp())).body())
                    .doesNotContain(allergy);
        }
    }
}
