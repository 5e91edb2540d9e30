package health.carnet.web.pro;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.Documents;
import health.carnet.document.NewDocument;
import health.carnet.document.PatientEntered;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.ProfessionalCreation;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import health.carnet.shared.Permit;
import health.carnet.support.Demo;
import health.carnet.support.Insured;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Dossiers of its own for each portal test (a fresh insured person with a Carte Vitale in the
 * register), so that authorisations, blocks and deposits made here change no other test's patients.
 */

class ProFixtures {

    private final DemoSupport support;
    private final Dossiers dossiers;
    private final Gate gate;
    private final Documents documents;
    private final PatientEntered entered;
    private final health.carnet.audit.AuditTrail audit;

    ProFixtures(DemoSupport support, Dossiers dossiers, Gate gate, Documents documents, PatientEntered entered,
                health.carnet.audit.AuditTrail audit) {
        this.audit = audit;
        this.support = support;
        this.dossiers = dossiers;
        this.gate = gate;
        this.documents = documents;
        this.entered = entered;
    }

    /** The fixtures from the test's Spring context: one injection in each browser test instead of six. */
    static ProFixtures of(org.springframework.context.ApplicationContext context) {
        return new ProFixtures(context.getBean(DemoSupport.class), context.getBean(Dossiers.class), context.getBean(Gate.class),
                context.getBean(Documents.class), context.getBean(PatientEntered.class),
                context.getBean(health.carnet.audit.AuditTrail.class));
    }

    record Patient(Dossier dossier, String carteVitale, String login) {
        String ins() {
            return dossier.ins().value();
        }
    }

    /** An adult's dossier created at the GP's practice, the GP its médecin traitant (ACC-6). */
    Patient adultOfTheGp() {
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1970, 4, 12), "pro-" + UUID.randomUUID() + "@patient.example");
        Permit create = gate.authorizeCreation(professional(Demo.gp(), "10", ActorRole.CARE), false, p.nir());
        DossierCreated c = dossiers.createWithConsent(create, new ProfessionalCreation(Ins.INS_NIR_SYSTEM, p.nir(), p.familyName(), p.givenNames(),
                p.birthDate(), p.sex(), p.carteVitaleSerial(), "ORAL", p.email(), null, ContactChannel.EMAIL, List.of()), "PROFESSIONAL");
        String login = c.patient().login();
        Actor patient = new Actor(ActorKind.PATIENT, login, p.givenNames(), null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "test");
        Permit designate = gate.authorizeDesignation(patient, c.dossier().id(), Demo.gp(), true);
        dossiers.designateMedecinTraitant(designate, Demo.gp(), login);
        return new Patient(dossiers.find(c.dossier().id()).orElseThrow(), p.carteVitaleSerial(), login);
    }

    static Actor professional(String idnps, String profession, ActorRole role) {
        return new Actor(health.carnet.shared.ActorKind.PROFESSIONAL, idnps, "test", profession, null, null, role, PurposeOfUse.TREAT, "test");
    }

    /** A document the GP deposits through the documents module, as ITI-65 would. */
    UUID depositAsGp(Patient p, String classCode, String typeCode, String title) {
        return depositAsGp(p, classCode, typeCode, title, Set.of());
    }

    /** As {@link #depositAsGp(Patient, String, String, String)}, with visibility labels (DOC-5, DOC-7, MIN-3). */
    UUID depositAsGp(Patient p, String classCode, String typeCode, String title, Set<String> labels) {
        Actor gp = professional(Demo.gp(), "10", ActorRole.CARE);
        Permit write = gate.authorize(new AccessRequest(gp, Action.WRITE_DOCUMENT, p.dossier().id()));
        UUID id = UUID.randomUUID();
        String json = """
                {"resourceType":"DocumentReference","status":"current","description":"%s","author":[{"display":"Claire Martin"}],
                 "content":[{"attachment":{"contentType":"text/plain","title":"%s"}}]}""".formatted(title, title);
        documents.deposit(write, p.dossier(), List.of(new NewDocument(id, "urn:uuid:" + UUID.randomUUID(), "PROFESSIONAL", Demo.gp(),
                classCode, typeCode, "N", labels, "text/plain", null, null, null, null, json,
                ("Texte de " + title).getBytes(StandardCharsets.UTF_8))), "urn:uuid:" + UUID.randomUUID(),
                "{\"resourceType\":\"List\"}");
        return id;
    }

    /** The dossier's access history, read as the patient reads it (AUD-2). */
    List<health.carnet.audit.AuditRecord> history(Patient p) {
        Actor patient = new Actor(ActorKind.PATIENT, p.login(), "patient", null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "test");
        return audit.history(gate.authorize(new AccessRequest(patient, Action.READ_HISTORY, p.dossier().id())), 0, 500);
    }

    /** The patient enters an allergy in their health profile (DOC-2). */
    void allergy(Patient p, String text) {
        Actor patient = new Actor(ActorKind.PATIENT, p.login(), "patient", null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "test");
        Permit write = gate.authorize(new AccessRequest(patient, Action.WRITE_PATIENT_ENTRY, p.dossier().id()));
        entered.create(write, "AllergyIntolerance", UUID.randomUUID(), """
                {"resourceType":"AllergyIntolerance","code":{"text":"%s"},"patient":{"reference":"Patient/%s"}}"""
                .formatted(text, p.dossier().id()));
    }
}
