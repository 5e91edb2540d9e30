package health.carnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.demo.DemoPatients;
import health.carnet.document.DocumentRules;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ListResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #11, "privacy leaks to close": each test failed before the fix. Every call goes through
 * HAPI's generic client (or the plain HTTP a practice software sends) with real tokens, and every
 * FHIR body that comes back validates with HAPI's offline validator.
 */
@IntegrationTest
class PrivacyLeaksTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    Http http;
    Patients patients;
    final FhirContext ctx = FhirContext.forR4Cached();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    IGenericClient client(String token) {
        IGenericClient c = ctx.newRestfulGenericClient(http.base() + "/fhir");
        c.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return c;
    }

    /** ITI-65 by the GP (Dr Martin, médecin traitant of the demo patients); the id of the first document. */
    String deposit(IGenericClient author, String authorIdnps, Dossier d, Mhd.Doc doc) {
        Bundle r = author.transaction().withBundle(Mhd.bundle("Patient/" + d.id(), authorIdnps, doc)).execute();
        assertThat(FhirValidation.errors(r)).isEmpty();
        return r.getEntry().get(1).getResponse().getLocation().split("/")[1];
    }

    /** ACC-2: the professional is authorised at a consultation, the patient's Carte Vitale presented. */
    void consult(Dossier d, String login, String token) {
        HttpResponse<String> r = http.post("/api/pro/dossiers/" + d.id() + "/consultation", token,
                Map.of("carteVitale", DemoPatients.byLogin(login).carteVitale(), "consentDeclared", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    HttpResponse<String> patchLabels(String docId, String token, String patch) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + docId))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json-patch+json")
                .header("Accept", "application/fhir+json").method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build());
    }

    static String addVisibility(String code) {
        return "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":{\"coding\":[{\"system\":\"" + DocumentRules.VISIBILITY_SYSTEM
                + "\",\"code\":\"" + code + "\"}]}}]";
    }

    Bundle documentsOf(IGenericClient client, Dossier d) {
        Bundle b = client.search().forResource(DocumentReference.class).where(DocumentReference.PATIENT.hasId("Patient/" + d.id()))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(b)).isEmpty();
        return b;
    }

    /**
     * DOC-5 (masking), DOC-4 (replacement). PDSm "Mise à jour d'un document": the new version replaces
     * the old one (relatesTo.code = replaces). A masked document's replacement stays masked: only the
     * patient unmasks (DOC-5), so v2 must not show to a professional who could not see v1.
     */
    @Test
    void doc5_aReplacementInheritsTheLabelsOfTheVersionItReplaces() {
        Dossier jean = Demo.dossier(dossiers, "jean.moreau");
        String gpToken = http.softwareToken(Demo.gp());
        IGenericClient gp = client(gpToken);
        String v1 = deposit(gp, Demo.gp(), jean, Mhd.Doc.pdf("bilan v1"));
        HttpResponse<String> masked = patchLabels(v1, patients.token("jean.moreau"), addVisibility("MASQUE_PS"));
        assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
        assertThat(FhirValidation.errors(masked.body())).isEmpty();

        String other = http.softwareToken(Demo.person("Moreau").idnps());
        consult(jean, "jean.moreau", other);
        String v2 = deposit(gp, Demo.gp(), jean, Mhd.Doc.pdf("bilan v2").replacing(v1));

        DocumentReference seenByAuthor = gp.read().resource(DocumentReference.class).withId(v2).execute();
        assertThat(FhirValidation.errors(seenByAuthor)).isEmpty();
        assertThat(seenByAuthor.getSecurityLabel()).anyMatch(l -> l.getCodingFirstRep().getCode().equals("MASQUE_PS"));
        assertThat(documentsOf(client(other), jean).getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .doesNotContain(v1, v2);
        assertThatThrownBy(() -> client(other).read().resource(DocumentReference.class).withId(v2).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    /** DOC-4: "A document can be replaced by a new version ... by its author": another professional may not supersede it. */
    @Test
    void doc4_onlyTheAuthorSupersedesTheirDocument() {
        Dossier anne = Demo.dossier(dossiers, "anne.muller");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        String v1 = deposit(gp, Demo.gp(), anne, Mhd.Doc.pdf("compte rendu du Dr Martin"));
        String otherIdnps = Demo.person("Simon").idnps();
        String other = http.softwareToken(otherIdnps);
        consult(anne, "anne.muller", other);

        assertThatThrownBy(() -> client(other).transaction().withBundle(Mhd.bundle("Patient/" + anne.id(), otherIdnps,
                Mhd.Doc.pdf("réécrit par un autre").replacing(v1))).execute())
                .isInstanceOf(ForbiddenOperationException.class)
                .satisfies(e -> assertThat(((BaseServerResponseException) e).getResponseBody()).contains("DOC-4"))
                .satisfies(e -> assertThat(FhirValidation.errors(((BaseServerResponseException) e).getResponseBody())).isEmpty());
        DocumentReference still = gp.read().resource(DocumentReference.class).withId(v1).execute();
        assertThat(still.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.CURRENT);
        // nothing half-written: the refused deposit left no document of the other professional
        assertThat(documentsOf(gp, anne).getEntry()).allSatisfy(e -> assertThat(((DocumentReference) e.getResource())
                .getAuthorFirstRep().getIdentifier().getValue()).isNotEqualTo(otherIdnps));
        // the author still may
        String v2 = deposit(gp, Demo.gp(), anne, Mhd.Doc.pdf("corrigé").replacing(v1));
        assertThat(gp.read().resource(DocumentReference.class).withId(v1).execute().getStatus())
                .isEqualTo(Enumerations.DocumentReferenceStatus.SUPERSEDED);
        assertThat(v2).isNotEqualTo(v1);
    }

    /**
     * ITI-66 (MHD 4.2 §2:3.66.4.2.2: the Document Responder "shall return ... the List resources
     * matching the query" the requester may see): a SubmissionSet whose documents are all hidden
     * from the asker (DOC-7 not yet announced, DOC-5 masked) is hidden too, by search and by id.
     */
    @Test
    void iti66_aSubmissionSetWhoseDocumentsAreAllHiddenIsHiddenToo() {
        // a patient no other test deposits into: the counts below are this test's own sets
        Fresh p = Fresh.patient(http, patients, support);
        String patientRef = "Patient/" + p.dossierId();
        String gpToken = http.softwareToken(Demo.gp());
        HttpResponse<String> gpConsults = http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation", gpToken,
                Map.of("carteVitale", p.carteVitale(), "consentDeclared", true));
        assertThat(gpConsults.statusCode()).as(gpConsults.body()).isEqualTo(201);
        IGenericClient gp = client(gpToken);
        Bundle before = gp.search().forResource(ListResource.class).where(ListResource.PATIENT.hasId(patientRef))
                .and(ListResource.CODE.exactly().code("submissionset")).returnBundle(Bundle.class).execute();
        assertThat(before.getEntry()).isEmpty();
        Bundle deposited = gp.transaction().withBundle(Mhd.bundle(patientRef, Demo.gp(),
                Mhd.Doc.pdf("à annoncer").labelled("INVISIBLE_PATIENT"))).execute();
        assertThat(FhirValidation.errors(deposited)).isEmpty();
        Bundle byGp = gp.search().forResource(ListResource.class).where(ListResource.PATIENT.hasId(patientRef))
                .and(ListResource.CODE.exactly().code("submissionset")).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(byGp)).isEmpty();
        assertThat(byGp.getEntry()).hasSize(1);
        String setId = byGp.getEntryFirstRep().getResource().getIdElement().getIdPart();

        String patientToken = patients.token(p.login(), p.initialPassword(), p.email());
        assertThat(http.post("/api/me/password", patientToken, Map.of("current", p.initialPassword(),
                "next", "Nouveau-mot-de-passe-66")).statusCode()).isEqualTo(204);
        IGenericClient patient = client(patientToken);
        Bundle byPatient = patient.search().forResource(ListResource.class).where(ListResource.PATIENT.hasId(patientRef))
                .and(ListResource.CODE.exactly().code("submissionset")).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(byPatient)).isEmpty();
        assertThat(byPatient.getEntry()).isEmpty();
        assertThatThrownBy(() -> patient.read().resource(ListResource.class).withId(setId).execute())
                .isInstanceOf(ResourceNotFoundException.class);

        // DOC-5: once the patient masks a document, its set is hidden from a professional who may not see it
        Bundle second = gp.transaction().withBundle(Mhd.bundle(patientRef, Demo.gp(), Mhd.Doc.pdf("à masquer"))).execute();
        String docId = second.getEntry().get(1).getResponse().getLocation().split("/")[1];
        assertThat(patchLabels(docId, patientToken, addVisibility("MASQUE_PS")).statusCode()).isEqualTo(200);
        String other = http.softwareToken(Demo.person("Laurent").idnps());
        HttpResponse<String> consulted = http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation", other,
                Map.of("carteVitale", p.carteVitale(), "consentDeclared", true));
        assertThat(consulted.statusCode()).as(consulted.body()).isEqualTo(201);
        Bundle byOther = client(other).search().forResource(ListResource.class).where(ListResource.PATIENT.hasId(patientRef))
                .returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(byOther)).isEmpty();
        // the first set (its document hidden from the patient only) shows; the masked one's set does not
        assertThat(byOther.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(setId);
        assertThat(ctx.newJsonParser().encodeResourceToString(byOther)).doesNotContain(docId);
    }

    /**
     * Issue #11, AUD-2: {@code AuditEvent?entity=DocumentReference/<id>} does not betray that a
     * document exists: one of a dossier the asker may not read, one hidden from them, and an id
     * nobody holds get the same answer, an empty Bundle.
     */
    @Test
    void aud2_theHistoryOfADocumentTheAskerMayNotSeeIsTheHistoryOfNoDocument() {
        Dossier ines = Demo.dossier(dossiers, "ines.rousseau");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        String shown = deposit(gp, Demo.gp(), ines, Mhd.Doc.pdf("visible"));
        String hiddenFromPatient = deposit(gp, Demo.gp(), ines, Mhd.Doc.pdf("à annoncer").labelled("INVISIBLE_PATIENT"));
        // another patient asks about Inès's documents; Inès asks about one not yet announced to her; and an unknown id
        IGenericClient stranger = client(patients.token("hugo.lefebvre"));
        IGenericClient owner = client(patients.token("ines.rousseau"));
        for (var ask : List.<java.util.Map.Entry<IGenericClient, String>>of(java.util.Map.entry(stranger, shown),
                java.util.Map.entry(owner, hiddenFromPatient), java.util.Map.entry(owner, java.util.UUID.randomUUID().toString()))) {
            Bundle b = ask.getKey().search().forResource(AuditEvent.class).where(AuditEvent.ENTITY.hasId("DocumentReference/" + ask.getValue()))
                    .returnBundle(Bundle.class).execute();
            assertThat(FhirValidation.errors(b)).isEmpty();
            assertThat(b.getEntry()).as("entity=DocumentReference/" + ask.getValue()).isEmpty();
        }
        // the owner still reads the history of the document she sees
        gp.read().resource(DocumentReference.class).withId(shown).execute();
        Bundle mine = owner.search().forResource(AuditEvent.class).where(AuditEvent.ENTITY.hasId("DocumentReference/" + shown))
                .returnBundle(Bundle.class).execute();
        assertThat(mine.getEntry()).isNotEmpty();
    }

    /**
     * MIN-3 ("the minor may ask a PS to hide a document from the legal representatives") and AUD-2:
     * the history a legal representative reads does not name that document, nor does it betray it.
     */
    @Test
    void min3_theHistoryReadByALegalRepresentativeNamesNoDocumentHiddenFromThem() {
        Dossier lucas = Demo.dossier(dossiers, "lucas.francois");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        String hidden = deposit(gp, Demo.gp(), lucas, Mhd.Doc.pdf("consultation confidentielle").labelled("INVISIBLE_REPRESENTANTS_LEGAUX"));
        String shown = deposit(gp, Demo.gp(), lucas, Mhd.Doc.pdf("vaccin"));
        gp.read().resource(DocumentReference.class).withId(hidden).execute();
        gp.read().resource(DocumentReference.class).withId(shown).execute();

        Bundle history = client(patients.token("marie.francois")).search().forResource(AuditEvent.class)
                .where(AuditEvent.PATIENT.hasId("Patient/" + lucas.id())).count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(history)).isEmpty();
        String text = ctx.newJsonParser().encodeResourceToString(history);
        assertThat(text).contains(shown).doesNotContain(hidden);
        // the médecin traitant, who sees the document, reads it in the history
        Bundle byGp = gp.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + lucas.id()))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(ctx.newJsonParser().encodeResourceToString(byGp)).contains(hidden);
    }

    /** DOC-7: before its release, the patient's own history does not betray a document not yet announced. */
    @Test
    void doc7_thePatientsHistoryDoesNotBetrayADocumentBeforeItsRelease() {
        Dossier julie = Demo.dossier(dossiers, "julie.faure");
        String gpToken = http.softwareToken(Demo.gp());
        IGenericClient gp = client(gpToken);
        String docId = deposit(gp, Demo.gp(), julie, Mhd.Doc.pdf("résultat à annoncer").labelled("INVISIBLE_PATIENT"));
        gp.read().resource(DocumentReference.class).withId(docId).execute();
        IGenericClient patient = client(patients.token("julie.faure"));
        Bundle before = patient.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + julie.id()))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(before)).isEmpty();
        assertThat(ctx.newJsonParser().encodeResourceToString(before)).doesNotContain(docId);

        // released by its author (remove INVISIBLE_PATIENT): the history names it from then on
        HttpResponse<String> release = patchLabels(docId, gpToken, "[{\"op\":\"remove\",\"path\":\"/securityLabel/1\"}]");
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        Bundle after = patient.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + julie.id()))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(ctx.newJsonParser().encodeResourceToString(after)).contains(docId);
    }

    /**
     * ACC-4 ("withdraw an authorisation at any time; it takes effect on the next request"): the next
     * page of a search is a new request, decided and audited again; HAPI's in-memory pager
     * (_getpages) is gone.
     */
    @Test
    void acc4_everyPageIsDecidedAndAuditedSoAWithdrawalStopsTheNextPage() {
        Dossier michel = Demo.dossier(dossiers, "michel.andre");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        for (int i = 0; i < 3; i++) {
            deposit(gp, Demo.gp(), michel, Mhd.Doc.pdf("document " + i));
        }
        String otherIdnps = Demo.person("Garcia").idnps();
        IGenericClient other = client(http.softwareToken(otherIdnps));
        consult(michel, "michel.andre", http.softwareToken(otherIdnps));
        Bundle page1 = other.search().forResource(DocumentReference.class).where(DocumentReference.PATIENT.hasId("Patient/" + michel.id()))
                .count(1).returnBundle(Bundle.class).execute();
        assertThat(page1.getEntry()).hasSize(1);
        assertThat(page1.getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=1").doesNotContain("_getpages");
        Bundle page2 = other.loadPage().next(page1).execute();
        assertThat(FhirValidation.errors(page2)).isEmpty();
        assertThat(page2.getEntry()).hasSize(1);
        assertThat(page2.getEntryFirstRep().getResource().getIdElement().getIdPart())
                .isNotEqualTo(page1.getEntryFirstRep().getResource().getIdElement().getIdPart());

        // each page was a decision of its own, in the history
        IGenericClient patient = client(patients.token("michel.andre"));
        Bundle searches = patient.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + michel.id()))
                .and(AuditEvent.AGENT.hasChainedProperty(org.hl7.fhir.r4.model.Practitioner.IDENTIFIER.exactly()
                        .systemAndCode("urn:oid:1.2.250.1.71.4.2.1", otherIdnps)))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(searches)).isEmpty();
        assertThat(searches.getEntry()).filteredOn(e -> ((AuditEvent) e.getResource()).getEntity().stream()
                .anyMatch(x -> "DocumentReference search".equals(x.getDescription()))).hasSizeGreaterThanOrEqualTo(2);

        // the patient withdraws the authorisation: the next page is refused
        Bundle consents = patient.search().forResource(Consent.class).where(Consent.PATIENT.hasId("Patient/" + michel.id()))
                .returnBundle(Bundle.class).execute();
        String consentId = consents.getEntry().stream().map(e -> (Consent) e.getResource())
                .filter(c -> c.getProvision().getActorFirstRep().getReference().getReference().endsWith(otherIdnps))
                .findFirst().orElseThrow().getIdElement().getIdPart();
        patient.delete().resourceById("Consent", consentId).execute();
        assertThatThrownBy(() -> other.loadPage().next(page2).execute()).isInstanceOf(ForbiddenOperationException.class);

        // HAPI's stored pages do not exist any more
        HttpResponse<String> getpages = http.get("/fhir?_getpages=" + java.util.UUID.randomUUID() + "&_getpagesoffset=1",
                http.softwareToken(Demo.gp()));
        assertThat(getpages.statusCode()).isBetween(400, 404);
        assertThat(FhirValidation.errors(getpages.body())).isEmpty();
    }

    /** ACC-3: "The patient may block any PS"; a block the patient set is lifted by the patient alone, not by the médecin traitant. */
    @Test
    void acc3_onlyThePatientLiftsABlockTheySet() {
        Dossier julie = Demo.dossier(dossiers, "julie.faure");
        IGenericClient patient = client(patients.token("julie.faure"));
        String blocked = Demo.person("David").idnps();
        Consent block = new Consent();
        block.setStatus(Consent.ConsentState.ACTIVE);
        block.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
        block.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
        block.setPatient(new org.hl7.fhir.r4.model.Reference("Patient/" + julie.id()));
        block.getProvision().setType(Consent.ConsentProvisionType.DENY).addActor()
                .setReference(new org.hl7.fhir.r4.model.Reference("Practitioner/" + blocked));
        String blockId = patient.create().resource(block).execute().getId().getIdPart();

        // Dr Martin, the médecin traitant with extended rights (ACC-6), may not lift it: a block the patient
        // set is the patient's consent to manage, which the policy refuses a professional (ACC-6)
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        assertThatThrownBy(() -> gp.delete().resourceById("Consent", blockId).execute())
                .isInstanceOf(ForbiddenOperationException.class)
                .satisfies(e -> assertThat(((BaseServerResponseException) e).getResponseBody()).contains("ACC-6"))
                .satisfies(e -> assertThat(FhirValidation.errors(((BaseServerResponseException) e).getResponseBody())).isEmpty());
        Consent still = patient.read().resource(Consent.class).withId(blockId).execute();
        assertThat(FhirValidation.errors(still)).isEmpty();
        assertThat(still.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        // the blocked professional is refused, break-glass included (ACC-3)
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/"
                        + julie.id())).header("Authorization", "Bearer " + health.carnet.support.Tokens.forRole(blocked, "CARE", "BTG"))
                .header("X-Carnet-Break-Glass-Reason", "arrêt cardiaque").header("Accept", "application/fhir+json").build());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("ACC-3");

        patient.delete().resourceById("Consent", blockId).execute();
        assertThat(patient.read().resource(Consent.class).withId(blockId).execute().getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
    }
}
