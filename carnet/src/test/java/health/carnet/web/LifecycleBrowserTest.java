package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.dossier.DossierState;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Closing, reopening and destroying from the portal (DOS-5, DOS-6): pages that say the consequences
 * and ask for the password again, a typed confirmation for destruction; a legal representative
 * switches to the minor's dossier (MIN-2) and reads "Dossier d’Emma".
 */
@IntegrationTest
class LifecycleBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;
    @Autowired
    health.carnet.dossier.operator.DemoSupport support;

    /**
     * MIN-2: a fresh minor's representative authorises a professional and withdraws the authorisation; the message after
     * the authorisation and the withdraw page name the child's dossier ("le dossier d’Emma"), not "votre dossier".
     */
    @Test
    void aRepresentativeAuthorisesAndWithdrawsInTheChildsDossiersWords_MIN2() {
        health.carnet.support.Patients patients = PortalPages.patients(port, notifications);
        FreshMinor minor = FreshMinor.create(new health.carnet.support.Http(port), patients, support);
        String name = minor.childGivenNames();
        String de = "aàâäeéèêëiîïoôöuùûüyh".indexOf(Character.toLowerCase(name.charAt(0))) >= 0 ? "d’" : "de ";
        try (Browser b = Browser.phone(port)) {
            minor.login(b, patients, true);
            b.get("/portail/confidentialite/professionnels/" + Demo.person("Bertrand").idnps());
            b.click("#autoriser");
            b.awaitText("[role=status]", "Dr Jade Bertrand est autorisé à consulter le dossier " + de + name + ".");
            b.all("#autorises li").stream().filter(li -> li.getText().contains("Dr Jade Bertrand")).findFirst().orElseThrow()
                    .findElement(org.openqa.selenium.By.cssSelector("a")).click();
            b.awaitText("main h1", "Retirer l’autorisation");
            assertThat(b.textOf("main")).contains("Dès sa prochaine demande, l’accès au dossier " + de + name + " lui sera refusé.")
                    .doesNotContain("votre dossier");
            b.assertAccessible();
            b.click("#confirmer-retrait");
            b.await("[role=status]");
            assertThat(b.find("#autorises").getText()).doesNotContain("Dr Jade Bertrand");
        }
    }

    @Test
    void closingAndReopeningAskForThePasswordAgainAndDestructionForATypedWord_DOS5_DOS6() {
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, PortalPages.patients(port, notifications), "chloe.lambert");
            b.get("/portail/compte");
            assertThat(b.find("#identifiant").getText()).isEqualTo("chloe.lambert");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-16-compte");
            b.click("#lien-fermeture");
            b.awaitText("main h1", "Fermer mon dossier");
            assertThat(b.text()).contains("archivé pendant 10 ans, puis détruit").contains("réactiver à tout moment");
            b.assertAccessible().screenshot("portail-17-fermeture");
            // an empty field is said as such (not "incorrect", and not counted as a failed attempt)
            b.click("#fermer");
            b.awaitText("#erreur-mdp", "Saisissez le mot de passe de votre compte pour confirmer.");
            b.type("#motDePasse", "pas le bon mot de passe").click("#fermer");
            b.awaitText("#erreur-mdp", "Ce mot de passe est incorrect. Saisissez celui de votre compte.");
            assertThat(Demo.dossier(dossiers, "chloe.lambert").state()).isEqualTo(DossierState.ACTIVE);
            b.type("#motDePasse", DemoPatients.PASSWORD).click("#fermer");
            assertThat(b.textOf("[role=status]")).startsWith("Votre dossier est fermé.");
            assertThat(b.text()).contains("Ce dossier est fermé");
            assertThat(Demo.dossier(dossiers, "chloe.lambert").state()).isEqualTo(DossierState.CLOSED);
            b.assertAccessible();

            b.get("/portail/fermeture");
            assertThat(b.find("main h1").getText()).isEqualTo("Réactiver mon dossier");
            org.openqa.selenium.WebElement reopen = b.find("#reactiver");
            b.type("#motDePasse", DemoPatients.PASSWORD).click("#reactiver");
            // the answer has replaced the form (so the server has committed) before the dossier is read
            b.awaitGone(reopen);
            assertThat(Demo.dossier(dossiers, "chloe.lambert").state()).isEqualTo(DossierState.ACTIVE);

            // destruction: the typed word is checked first; nothing is destroyed without it
            b.get("/portail/suppression");
            assertThat(b.text()).contains("Cette action est irréversible.");
            b.assertAccessible().screenshot("portail-18-suppression");
            b.type("#confirmation", "oui").type("#motDePasse", DemoPatients.PASSWORD).click("#supprimer-dossier");
            b.awaitText("#erreur-confirmation", "Saisissez exactement le mot SUPPRIMER pour confirmer.");
            assertThat(Demo.dossier(dossiers, "chloe.lambert").state()).isEqualTo(DossierState.ACTIVE);
        }
    }

    @Test
    void aLegalRepresentativeSwitchesToTheChildsDossier_MIN2() {
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, PortalPages.patients(port, notifications), "sophie.chevalier");
            if (!b.all("#dossier-actif").isEmpty()) {
                assertThat(b.find("#dossier-actif").getText()).contains("Dossier d’Emma");
                b.all("#dossier-actif option").stream().filter(o -> o.getText().equals("Dossier d’Emma")).findFirst().orElseThrow().click();
                b.click(".bascule button[type=submit]");
                b.await("main h1");
            }
            assertThat(b.find("main h1").getText()).isEqualTo("Dossier d’Emma");
            // French elision in the sentence too (MIN-2, UX.md), not "le dossier de Emma"
            assertThat(b.text()).contains("Vous consultez le dossier d’Emma en tant que représentant légal.");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-19-representant");
            b.get("/portail/documents");
            assertThat(b.find(".contexte").getText()).isEqualTo("Dossier médical d’Emma — vous êtes son représentant légal");
            // the pages about the dossier itself name Emma's, not "mon dossier" (MIN-2)
            b.get("/portail/fermeture");
            b.awaitText("main h1", "Fermer le dossier d’Emma");
            b.assertAccessible();
            b.get("/portail/copie");
            b.awaitText("main h1", "Télécharger une copie du dossier d’Emma");
            assertThat(b.text()).contains("une copie complète du dossier médical (DMP) d’Emma");
            b.get("/portail/suppression");
            b.awaitText("main h1", "Supprimer définitivement le dossier d’Emma");
            b.get("/portail/notifications");
            b.await("main form");
            assertThat(b.textOf("main")).contains("Recevoir les notifications du dossier d’Emma")
                    .contains("D’un nouveau document dans le dossier d’Emma")
                    // a mobile number as people write it, not as stored (+33600000015)
                    .contains("Par SMS (06 00 00 00 15)");
            b.assertAccessible();
            // the help texts of who may see the dossier speak of Emma's dossier, not "votre dossier" (MIN-2)
            b.get("/portail/confidentialite");
            b.await("#t-chercher-etab");
            assertThat(b.textOf("main")).contains("Son équipe de soins pourra consulter le dossier d’Emma ; son personnel administratif, jamais.")
                    .doesNotContain("votre dossier");
            b.get("/portail/confidentialite/professionnels/" + health.carnet.support.Demo.person("Bertrand").idnps());
            b.await("#bloquer");
            assertThat(b.textOf("main")).contains("Il pourra consulter le dossier d’Emma et y ajouter des documents.")
                    .contains("Il ne pourra plus accéder au dossier d’Emma, même en urgence.")
                    .contains("Il remplacera le médecin traitant actuel d’Emma.")
                    .doesNotContain("votre dossier").doesNotContain("votre médecin traitant");
            b.assertAccessible();
            b.get("/portail/confidentialite/urgences");
            b.await("main form");
            assertThat(b.textOf("main")).contains("peut ouvrir le dossier d’Emma en déclarant un motif")
                    .contains("Le médecin régulateur du SAMU peut consulter le dossier d’Emma pendant un appel d’urgence.")
                    .contains("Si vous refusez, les équipes d’urgence soigneront Emma sans connaître son dossier.")
                    .doesNotContain("votre dossier");
            b.get("/portail/remboursements");
            b.await("main h1");
            assertThat(b.textOf("main")).contains("Les professionnels qui ont accès au dossier d’Emma voient ses soins remboursés")
                    .doesNotContain("votre dossier");
        }
    }
}
