package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Browser;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * DOS-1 in the portal: from the login page's link, the NIR, the creation code (read as delivered by
 * GreenMail) with the Carte Vitale and a contact, the confirmation code sent there, then the
 * patient's own password; then a real login with it. Every mistake is a French message beside its
 * field and creates nothing.
 */
@IntegrationTest
class CreationBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Dossiers dossiers;

    @Test
    void aPatientCreatesTheirDossierOnlineFromTheLoginPageThenLogsIn_DOS1() {
        String email = "creation-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1982, 3, 4), email);
        String contact = "contact-" + UUID.randomUUID() + "@example.org";
        Patients patients = PortalPages.patients(port, notifications);
        try (Browser b = Browser.phone(port)) {
            b.get("/portail/connexion");
            b.click("a[href='/portail/creation']");
            b.awaitText("main h1", "Créer mon dossier médical en ligne");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-30-creation-nir");

            // a NIR with a wrong key: said beside the field, nothing sent
            String wrongKey = p.nir().substring(0, 13) + "%02d".formatted((Integer.parseInt(p.nir().substring(13)) % 97) + 1);
            b.type("#nir", wrongKey).click("#envoyer-nir");
            assertThat(b.textOf("#erreur-nir")).startsWith("Ce numéro de sécurité sociale n’est pas valide");
            assertThat(b.find("#nir").getAttribute("aria-describedby")).contains("erreur-nir");
            b.assertAccessible();
            // typed with spaces, as printed on the card
            b.type("#nir", p.nir().replaceAll("(.)(..)(..)(..)(...)(...)(..)", "$1 $2 $3 $4 $5 $6 $7")).click("#envoyer-nir");
            b.awaitText("main h1", "Vérifier mon identité");
            assertThat(b.text()).contains("c***@example.org");
            String creationCode = patients.lastCode(email, "CREATION_CODE");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-31-creation-verification");

            // empty contact and bad Carte Vitale: each field says what is wrong
            b.type("#codeCreation", creationCode).type("#carteVitale", "CV-PAS-LA-BONNE").click("#envoyer-verification");
            assertThat(b.textOf("#erreur-courriel")).startsWith("Saisissez une adresse électronique valide");
            b.type("#codeCreation", creationCode).type("#carteVitale", "CV-PAS-LA-BONNE").type("#courriel", contact)
                    .click("#envoyer-verification");
            assertThat(b.textOf("#erreur-cv"))
                    .isEqualTo("Ce numéro de carte Vitale ne correspond pas à votre numéro de sécurité sociale.");
            b.assertAccessible();
            b.type("#codeCreation", creationCode.toLowerCase()).type("#carteVitale", p.carteVitaleSerial()).type("#courriel", contact)
                    .click("#envoyer-verification");
            b.awaitText("main h1", "Confirmer mes coordonnées");
            b.assertAccessible().screenshot("portail-32-creation-confirmation");
            String otp = patients.lastCode(contact, "CREATION_OTP");
            b.type("#code", otp.equals("000000") ? "111111" : "000000").click("#creer");
            b.awaitText("#erreur-code", "Ce code est incorrect. Vérifiez-le et réessayez.");
            assertThat(dossiers.locate(Ins.nir(Nir.of(p.nir())))).isEmpty();
            b.type("#code", otp).click("#creer");

            b.awaitText("main h1", "Votre dossier est créé");
            assertThat(dossiers.locate(Ins.nir(Nir.of(p.nir())))).isPresent();
            // a login built from the name is proposed; the random one stays possible (ID-4: never from the NIR)
            String suggested = b.find("#souhaite").getAttribute("value");
            assertThat(suggested).startsWith(p.givenNames().toLowerCase().replace("-", ".")).contains(".testeur");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-33-creation-identifiants");
            String password = "Mon-mot-de-passe-2026";
            b.type("#souhaite", "A!").type("#nouveau", password).type("#confirmation", password).click("#enregistrer-mdp");
            assertThat(b.textOf("#erreur-identifiant")).startsWith("Un identifiant compte 4 à 40 lettres");
            org.openqa.selenium.WebElement firstError = b.find("#erreur-identifiant");
            b.type("#souhaite", "lea.petit").type("#nouveau", password).type("#confirmation", password).click("#enregistrer-mdp");
            assertThat(b.awaitGone(firstError).textOf("#erreur-identifiant")).isEqualTo("Cet identifiant est déjà pris. Choisissez-en un autre.");
            b.assertAccessible();
            // the initial password is never shown (SEC-6): the patient chooses theirs here, with the same rule as everywhere
            b.type("#souhaite", suggested).type("#nouveau", "court").type("#confirmation", "court").click("#enregistrer-mdp");
            assertThat(b.textOf("#erreur-nouveau")).startsWith("12 caractères au moins");
            assertThat(b.find("#souhaite").getAttribute("value")).isEqualTo(suggested);
            b.type("#nouveau", password).type("#confirmation", password).click("#enregistrer-mdp");
            String login = suggested;

            assertThat(b.textOf("[role=status]")).startsWith("Votre dossier médical est créé");
            assertThat(b.find("#identifiant").getAttribute("value")).isEqualTo(login);
            PortalPages.login(b, patients, login, password, contact);
            // straight to the home page: no "choose your password" step, the patient chose theirs above
            b.awaitPath("/portail/accueil");
            assertThat(b.textOf("main h1")).isNotEqualTo("Choisissez votre mot de passe");
            // back on the creation steps after the end: nothing is pending any more
            b.get("/portail/creation/identifiants");
            assertThat(b.path()).isEqualTo("/portail/creation");
        }
    }

    @Test
    void anUnknownNirAndAnExistingDossierAreToldBesideTheField_DOS1() {
        try (Browser b = Browser.phone(port)) {
            b.get("/portail/creation?lang=fr");
            b.type("#nir", Nir.withKey("1990175" + "%06d".formatted(Math.abs(UUID.randomUUID().hashCode()) % 1_000_000)).value())
                    .click("#envoyer-nir");
            b.awaitText("#erreur-nir", "Aucun assuré ne correspond à ce numéro. Vérifiez-le sur votre carte Vitale.");
            b.type("#nir", "285057510000104").click("#envoyer-nir"); // Léa Petit has a dossier
            assertThat(b.textOf("#erreur-nir")).startsWith("Un dossier existe déjà pour ce numéro.");
            b.get("/portail/creation/verification");
            assertThat(b.path()).isEqualTo("/portail/creation");
            // English when chosen, errors included
            b.get("/portail/creation?lang=en");
            b.awaitText("main h1", "Create my medical record online");
            b.type("#nir", "12").click("#envoyer-nir");
            assertThat(b.textOf("#erreur-nir")).startsWith("This social security number is not valid");
            b.assertAccessible();
            b.get("/portail/creation?lang=fr");
        }
    }
}
