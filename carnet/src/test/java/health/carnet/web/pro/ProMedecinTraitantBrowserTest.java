package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.ConsentKind;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.document.Documents;
import health.carnet.document.PatientEntered;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.PatientAccounts;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The médecin traitant's screens (ACC-6: block at the patient's request ACC-3, transfer) and dossier creation (DOS-2, DOS-4, MIN-1). */
@IntegrationTest
class ProMedecinTraitantBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoSupport support;
    @Autowired
    health.carnet.directory.Directory directory;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Gate gate;
    @Autowired
    Documents documents;
    @Autowired
    PatientEntered entered;
    @Autowired
    Consents consents;
    @Autowired
    PatientAccounts accounts;
    @Autowired
    health.carnet.audit.AuditTrail audit;
    ProFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ProFixtures(support, dossiers, gate, documents, entered, audit);
    }

    @Test
    void theMedecinTraitantBlocksAProfessionalAtThePatientsRequestThenPassesTheStatusOn() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        String bernard = Demo.person("Bernard").idnps();
        consents.declarePresence(ProFixtures.professional(bernard, "10", ActorRole.CARE), p.dossier().id(), p.carteVitale(), true);
        String roux = Demo.person("Roux").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            b.click("a[href$='/medecin-traitant']");
            b.await("#nom");
            b.type("#nom", "Roux");
            b.find("#nom").submit();
            b.await(".professionnel");
            b.click(".professionnel form[action$='/bloquer'] button");
            b.await("[role=alert]");
            assertThat(b.text()).contains("à la demande du patient");
            // the message is next to the box it is about, and the search's results stay on the page
            assertThat(b.find(".professionnel form[action$='/bloquer'] input[name=demande]").getAttribute("aria-describedby"))
                    .isEqualTo("erreur-demande-" + roux);
            assertThat(b.textOf("#erreur-demande-" + roux)).contains("à la demande du patient");
            b.assertAccessible();
            b.type("#nom", "Roux");
            b.find("#nom").submit();
            b.await(".professionnel");
            b.click(".professionnel form[action$='/bloquer'] input[name=demande]");
            b.click(".professionnel form[action$='/bloquer'] button");
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?fait");
            assertThat(gate.tryAuthorize(new AccessRequest(ProFixtures.professional(roux, "10", ActorRole.CARE), Action.LOOKUP_PATIENT,
                    p.dossier().id()), "test")).isEmpty();

            b.click("a[href$='/medecin-traitant']");
            b.await("#nom");
            b.type("#nom", "Bernard");
            b.find("#nom").submit();
            b.await(".professionnel");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-60-medecin-traitant");
            var card = b.all(".professionnel").stream().filter(e -> e.getText().contains("Hugo Bernard")).findFirst().orElseThrow();
            card.findElement(By.cssSelector("form[action$='/transmettre'] input[name=accord]")).click();
            card.findElement(By.cssSelector("form[action$='/transmettre'] button")).click();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?fait");
        }
        assertThat(dossiers.find(p.dossier().id()).orElseThrow().medecinTraitant()).isEqualTo(bernard);
    }

    @Test
    void aGpCreatesAMinorsDossierWithTheLegalRepresentativeAndTheConsent() {
        DemoSupport.Insured child = Insured.register(support, LocalDate.now().minusYears(8),
                "enfant-" + java.util.UUID.randomUUID() + "@patient.example");
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            // nothing given: each required field says so next to itself, on the professionals' own words
            b.get("/pro/dossiers/nouveau");
            b.await("#nom");
            b.find("#nom").submit();
            b.await("#erreur-nom");
            for (String field : List.of("ins", "nom", "prenoms", "naissance", "carteVitale")) {
                assertThat(b.find("#" + field).getAttribute("aria-describedby")).isEqualTo("erreur-" + field);
                assertThat(b.find("#" + field).getAttribute("aria-invalid")).isEqualTo("true");
            }
            assertThat(b.textOf("#erreur-ins")).startsWith("Indiquez le matricule INS du patient");
            assertThat(b.textOf("main")).contains("Le patient est présent, avec sa carte Vitale")
                    .doesNotContain("Saisissez votre numéro de sécurité sociale");
            assertThat(b.driver().getTitle()).doesNotContain("Créer mon dossier médical en ligne");
            b.get("/pro/dossiers/nouveau?ins=" + child.nir());
            b.await("#nom");
            assertThat(b.find("#ins").getAttribute("value")).isEqualTo(child.nir());
            b.type("#nom", child.familyName()).type("#prenoms", child.givenNames()).type("#carteVitale", child.carteVitaleSerial())
                    .type("#courriel", child.email());
            ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript("document.getElementById('naissance').value = arguments[0];",
                    child.birthDate().toString());
            b.find("#nom").submit();
            b.await("#erreur-consentement");
            b.assertAccessible().screenshot("pro-70-creer-erreurs");
            b.click("#consentement");
            b.find("#nom").submit();
            b.await("[role=alert]");
            assertThat(b.text()).contains("moins de 16 ans");
            b.type("#rep1Nom", "Testeur").type("#rep1Prenoms", "Anne").type("#rep1Courriel", "anne.testeur@parent.example");
            b.click("#consentement");
            b.find("#nom").submit();
            ProPortal.waitPath(b, "/pro/dossiers/cree");
            assertThat(b.text()).contains("Le dossier est créé").doesNotContain("Mot de passe");
            b.assertAccessible().screenshot("pro-71-dossier-cree");
            // the creating GP is authorised (card and consent): a document hidden from the legal representatives (MIN-3)
            b.click("a.bouton[href^='/pro/patients/']");
            b.await("a[href$='/deposer']");
            b.click("a[href$='/deposer']");
            b.await("#invisibleRepresentants");
            b.find("#fichier").sendKeys(ProPortal.file("entretien.txt", "Entretien confidentiel.".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            b.type("#titre", "Entretien confidentiel");
            new org.openqa.selenium.support.ui.Select(b.find("#classe")).selectByValue("10");
            new org.openqa.selenium.support.ui.Select(b.find("#type")).selectByValue("11488-4");
            b.click("#invisibleRepresentants");
            b.find("#titre").submit();
            ProPortal.waitPath(b, "/pro/patients/");
            b.await(".document");
            assertThat(b.find("ul.documents").getText()).contains("Entretien confidentiel").contains("Caché aux représentants légaux");
        }
        var created = dossiers.findByIns(Ins.nir(Nir.of(child.nir()))).orElseThrow();
        assertThat(accounts.legalRepresentatives(created.id())).hasSize(1);
    }

    /**
     * AUD-2 with ACC-6 and ACC-7: the history page of the pro portal leaves out the entries naming a
     * document hidden from its reader, by the permit's visibility, as the patient's history and the
     * AuditEvent search do. The médecin traitant (a doctor) sees every document, the one invisible to
     * the patient included (DOC-7 hides nothing from professionals), so every entry; a nurse the
     * patient gave the same rights (ACC-6) reads no imaging (ACC-7): the read of the scan is absent
     * from her page, the reads of what she may see are there.
     */
    @Test
    void theHistoryPageLeavesOutEntriesNamingADocumentHiddenFromItsReader_AUD2_ACC6_ACC7() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        UUID dossierId = p.dossier().id();
        UUID report = fixtures.depositAsGp(p, "10", "11488-4", "Compte rendu de suivi");
        UUID unannounced = fixtures.depositAsGp(p, "10", "11488-4", "Résultat à annoncer", Set.of("INVISIBLE_PATIENT"));
        UUID scan = fixtures.depositAsGp(p, "31", "18748-4", "Scanner thoracique");
        // a doctor the patient authorised reads the three documents: one audited entry each, naming the document
        // acting for the structure of the directory (ACC-5), which the history names
        String bernard = Demo.person("Bernard").idnps();
        String structure = directory.professional(health.carnet.shared.Idnps.of(bernard)).orElseThrow().mainActivity().structure().id();
        Actor reader = new Actor(ActorKind.PROFESSIONAL, bernard, "Dr Lecteur Témoin", "10", null, structure,
                ActorRole.CARE, PurposeOfUse.TREAT, "test");
        consents.declarePresence(reader, dossierId, p.carteVitale(), true);
        for (UUID doc : List.of(report, unannounced, scan)) {
            gate.authorize(new AccessRequest(reader, Action.READ_DOCUMENTS, dossierId), "DocumentReference/" + doc);
        }
        // EMG-2: a doctor facing a vital risk opens the dossier with a stated reason, shown on the history page
        Actor emergency = new Actor(ActorKind.PROFESSIONAL, Demo.person("Roux").idnps(), "Dr Urgentiste Témoin", "10", null, null,
                ActorRole.CARE, PurposeOfUse.BTG, "test");
        gate.authorize(new AccessRequest(emergency, Action.READ_DOCUMENTS, dossierId, "Coma, antécédents à connaître"),
                "portail pro : bris de glace");
        // ACC-6: the patient gives a nurse the médecin traitant's rights
        String nurse = Demo.person("Chevalier").idnps();
        Actor patient = new Actor(ActorKind.PATIENT, p.login(), "patient", null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "test");
        consents.grant(gate.authorize(new AccessRequest(patient, Action.MANAGE_CONSENTS, dossierId)), ConsentKind.EXTENDED_RIGHTS, nurse,
                "mêmes droits que le médecin traitant", p.login());

        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            b.click("a[href$='/historique']");
            ProPortal.waitPath(b, "/pro/patients/" + dossierId + "/historique");
            b.await("ul.historique");
            assertThat(readsBy(b, "Dr Lecteur Témoin")).as("the médecin traitant sees every read, DOC-7's included").isEqualTo(3);
            String name = p.dossier().displayName();
            String de = "aàâäeéèêëiîïoôöuùûüyh".indexOf(Character.toLowerCase(name.charAt(0))) >= 0 ? "d’" : "de ";
            assertThat(b.textOf("main h1")).isEqualTo("Historique des accès au dossier " + de + name);
            assertThat(b.textOf("main p a")).isEqualTo("Retour au dossier " + de + name);
            assertThat(b.textOf("ul.historique")).contains("Motif déclaré").contains("Coma, antécédents à connaître");
            // Paris time in French words and the professional's profession, as the patient's history says them
            assertThat(b.textOf("ul.historique li")).matches("(?s)\\d{1,2} [a-zéû]+\\.? \\d{4} à \\d{1,2} h \\d{2}.*");
            assertThat(b.textOf("ul.historique")).contains("Dr Urgentiste Témoin — Médecin");
            // AUD-2: the document read (its type's name, never a code) and the structure the reader acted for
            List<String> reads = readLinesBy(b, "Dr Lecteur Témoin");
            assertThat(reads).allSatisfy(t -> assertThat(t).contains("Maison de santé Wazemmes, Lille")
                    .doesNotContain("11488-4").doesNotContain("18748-4").doesNotContain(report.toString()));
            assertThat(reads.stream().filter(t -> t.contains("Compte rendu de consultation"))).hasSize(2);
            assertThat(reads.stream().filter(t -> t.contains("Compte rendu d'imagerie médicale"))).hasSize(1);
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-75-historique-mt");
        }
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, nurse);
            ProPortal.openByIns(b, p.ins());
            // the same rights: the history is offered to her too, the transfer of the status is not
            b.click("a[href$='/historique']");
            ProPortal.waitPath(b, "/pro/patients/" + dossierId + "/historique");
            b.await("ul.historique");
            assertThat(readsBy(b, "Dr Lecteur Témoin")).as("the scan's read is absent (ACC-7), the others are there").isEqualTo(2);
            assertThat(readLinesBy(b, "Dr Lecteur Témoin")).allSatisfy(t -> assertThat(t).contains("Compte rendu de consultation")
                    .doesNotContain("imagerie"));
            b.assertAccessible().screenshot("pro-76-historique-droits-etendus");
            b.get("/pro/patients/" + dossierId + "/medecin-traitant?nom=Roux");
            b.await(".professionnel");
            assertThat(b.all(".professionnel form[action$='/bloquer']")).isNotEmpty();
            assertThat(b.all(".professionnel form[action$='/transmettre']")).isEmpty();
        }
        try (Browser b = Browser.phone(port)) {
            // an authorised doctor without the médecin traitant's rights opens the screen by its address: refused in the
            // screen's own words (which rule, what the patient can do), not the history's
            ProPortal.signIn(b, bernard);
            b.get("/pro/patients/" + dossierId + "/medecin-traitant");
            b.await(".refus-motif");
            assertThat(b.textOf(".refus-motif")).isEqualTo("Seuls le médecin traitant du patient, et les professionnels à qui le patient "
                    + "a donné les mêmes droits, bloquent un professionnel à la demande du patient ou transmettent le statut de médecin "
                    + "traitant.").doesNotContain("historique");
            assertThat(b.textOf("[role=alert]")).contains("Le patient peut bloquer lui-même un professionnel depuis ses paramètres de "
                    + "confidentialité, vous donner les mêmes droits que son médecin traitant, ou vous désigner comme médecin traitant.");
            b.assertAccessible().screenshot("pro-77-refus-ecran-medecin-traitant");
            // the history itself keeps the history's wording
            b.get("/pro/patients/" + dossierId + "/historique");
            b.await(".refus-motif");
            assertThat(b.textOf(".refus-motif")).isEqualTo("Seuls le patient et son médecin traitant consultent l'historique des accès.");
        }
    }

    /** The texts of the history page's entries of this person reading documents. */
    private static List<String> readLinesBy(Browser b, String name) {
        return b.all("ul.historique li").stream().map(org.openqa.selenium.WebElement::getText)
                .filter(t -> t.contains(name) && t.contains("A consulté les documents")).toList();
    }

    /** The history page's entries of this person reading documents. */
    private static long readsBy(Browser b, String name) {
        return b.all("ul.historique li").stream().map(org.openqa.selenium.WebElement::getText)
                .filter(t -> t.contains(name) && t.contains("A consulté les documents")).count();
    }
}
