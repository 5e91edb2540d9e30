package health.carnet.access;

import health.carnet.shared.ActorKind;
import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.DossierState;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The access rules, table by table, by SPEC id (ACC, DOC, EMG, MIN). Pure: no Spring. */
class AccessPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final UUID DOSSIER = UUID.randomUUID();
    static final String GP = "810000000017";          // médecin traitant
    static final String AUTHORISED = "810000000025";  // authorised explicitly
    static final String OTHER = "810000000033";       // not authorised
    static final String BLOCKED = "810000000041";
    static final String EXTENDED = "810000000058";    // given the médecin traitant's rights
    static final String OPPOSED = "810000000066";
    static final String TEAM = "810000000074";        // works in the authorised establishment
    static final String FINESS = "690781181";
    final AccessPolicy policy = new AccessPolicy(AccessMatrix.defaults());

    static Actor ps(String id, ActorRole role, PurposeOfUse purpose) {
        return new Actor(ActorKind.PROFESSIONAL, id, "PS " + id, "10", "SM54", id.equals(TEAM) ? FINESS : "OTHER", role, purpose, "test");
    }

    static Actor doctor(String id) {
        return ps(id, ActorRole.CARE, PurposeOfUse.TREAT);
    }

    static Actor patient(String login) {
        return new Actor(ActorKind.PATIENT, login, login, null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "test");
    }

    static AccessFacts facts(DossierState state, boolean minor) {
        return new AccessFacts(state, minor, "owner", Set.of("parent1", "parent2"), GP, Set.of(EXTENDED), Set.of(AUTHORISED, OPPOSED),
                Set.of(FINESS), Set.of(BLOCKED), Set.of(OPPOSED), false, false, null);
    }

    static AccessFacts active() {
        return facts(DossierState.ACTIVE, false);
    }

    Decision decide(Actor a, Action action, AccessFacts f) {
        return policy.decide(new AccessRequest(a, action, DOSSIER), f, NOW);
    }

    Decision decide(Actor a, Action action, AccessFacts f, String reason) {
        return policy.decide(new AccessRequest(a, action, DOSSIER, reason), f, NOW);
    }

    // ---- ACC-1: only care roles ------------------------------------------------------------

    @ParameterizedTest(name = "ACC-1 refuses {0} on every action")
    @EnumSource(value = ActorRole.class, names = {"ADMIN", "CPAM", "EMPLOYER", "OCCUPATIONAL_MEDICINE", "MUTUELLE", "INSURER", "BANK", "OPERATOR"})
    void refusesEveryNonCareRoleEverything(ActorRole role) {
        for (Action action : Action.values()) {
            for (PurposeOfUse purpose : PurposeOfUse.values()) {
                // even the médecin traitant's identity does not help in a non-care role
                Decision d = decide(ps(GP, role, purpose), action, active(), "vital risk");
                assertThat(d.permitted()).as(role + " " + action + " " + purpose).isFalse();
                assertThat(d.rule()).isEqualTo(Rule.ACC_1);
            }
        }
    }

    @Test
    void refusesSystemCredentialsAndUnauthenticatedCallers() {
        Actor system = new Actor(ActorKind.SYSTEM, "insurer", "insurer", null, null, null, ActorRole.INSURER, PurposeOfUse.TREAT, "t");
        assertThat(decide(system, Action.READ_DOCUMENTS, active()).rule()).isEqualTo(Rule.ACC_1);
        assertThat(policy.decide(new AccessRequest(null, Action.READ_DOCUMENTS, DOSSIER), active(), NOW).permitted()).isFalse();
    }

    // ---- ACC-2, ACC-4, ACC-5, ACC-6: who is authorised -------------------------------------

    static Stream<Arguments> authorisation() {
        return Stream.of(
                Arguments.of(AUTHORISED, Action.READ_DOCUMENTS, true, Rule.ACC_2),
                Arguments.of(AUTHORISED, Action.WRITE_DOCUMENT, true, Rule.ACC_2),
                Arguments.of(GP, Action.READ_DOCUMENTS, true, Rule.ACC_6),
                Arguments.of(EXTENDED, Action.READ_DOCUMENTS, true, Rule.ACC_6),
                Arguments.of(TEAM, Action.READ_DOCUMENTS, true, Rule.ACC_5),
                Arguments.of(OTHER, Action.READ_DOCUMENTS, false, Rule.ACC_2),
                Arguments.of(OTHER, Action.WRITE_DOCUMENT, false, Rule.ACC_2),
                Arguments.of(OTHER, Action.LOOKUP_PATIENT, true, Rule.ACC_1),
                Arguments.of(AUTHORISED, Action.READ_HISTORY, false, Rule.AUD_2),
                Arguments.of(GP, Action.READ_HISTORY, true, Rule.ACC_6),
                Arguments.of(AUTHORISED, Action.MANAGE_CONSENTS, false, Rule.ACC_6),
                Arguments.of(GP, Action.MANAGE_CONSENTS, false, Rule.ACC_6),
                Arguments.of(GP, Action.MANAGE_BLOCKS, true, Rule.ACC_6),
                Arguments.of(AUTHORISED, Action.MANAGE_BLOCKS, false, Rule.ACC_6),
                Arguments.of(AUTHORISED, Action.WRITE_PATIENT_ENTRY, false, Rule.DOC_2),
                Arguments.of(GP, Action.DELETE_PATIENT_ENTRY, false, Rule.DOC_2),
                Arguments.of(AUTHORISED, Action.CREATE_DOSSIER, false, Rule.DOS_2),
                Arguments.of(GP, Action.DESIGNATE_MEDECIN_TRAITANT, true, Rule.ACC_6),
                Arguments.of(AUTHORISED, Action.DESIGNATE_MEDECIN_TRAITANT, false, Rule.DOS_5),
                Arguments.of(AUTHORISED, Action.DESTROY_DOSSIER, false, Rule.DOS_5),
                Arguments.of(AUTHORISED, Action.CLOSE_DOSSIER, true, Rule.DOS_5),
                Arguments.of(OTHER, Action.CLOSE_DOSSIER, false, Rule.DOS_5));
    }

    @ParameterizedTest(name = "{3}: {0} {1} → {2}")
    @MethodSource("authorisation")
    void authorisesWhomThePatientChose(String ps, Action action, boolean permitted, Rule rule) {
        Decision d = decide(doctor(ps), action, active());
        assertThat(d.permitted()).isEqualTo(permitted);
        assertThat(d.rule()).isEqualTo(rule);
    }

    @Test
    void aWithdrawnAuthorisationStopsAtTheNextRequest() {
        AccessFacts withdrawn = new AccessFacts(DossierState.ACTIVE, false, "owner", Set.of(), GP, Set.of(), Set.of(), Set.of(),
                Set.of(), Set.of(), false, false, null);
        assertThat(decide(doctor(AUTHORISED), Action.READ_DOCUMENTS, active()).permitted()).isTrue();
        Decision after = decide(doctor(AUTHORISED), Action.READ_DOCUMENTS, withdrawn);
        assertThat(after.permitted()).isFalse();
        assertThat(after.rule()).isEqualTo(Rule.ACC_2);
    }

    @Test
    void anEstablishmentsAdminStaffGetNothingEvenWhenTheEstablishmentIsAuthorised() {
        Actor admin = new Actor(ActorKind.PROFESSIONAL, "0759000044", "staff", "ADM", null, FINESS, ActorRole.ADMIN, PurposeOfUse.TREAT, "t");
        assertThat(decide(admin, Action.READ_DOCUMENTS, active()).rule()).isEqualTo(Rule.ACC_1);
    }

    // ---- ACC-3: blocked, emergency included ------------------------------------------------

    @ParameterizedTest(name = "ACC-3 refuses a blocked professional with purpose {0}")
    @EnumSource(PurposeOfUse.class)
    void refusesABlockedProfessionalEvenInAnEmergency(PurposeOfUse purpose) {
        for (ActorRole role : new ActorRole[] {ActorRole.CARE, ActorRole.REGULATOR}) {
            Decision d = decide(ps(BLOCKED, role, purpose), Action.READ_DOCUMENTS, active(), "vital risk");
            assertThat(d.permitted()).isFalse();
            assertThat(d.rule()).isEqualTo(Rule.ACC_3);
        }
    }

    // ---- ACC-8, DOS-6: closed and destroyed dossiers ---------------------------------------

    @ParameterizedTest(name = "ACC-8 closed dossier refuses {0} to every professional")
    @EnumSource(Action.class)
    void aClosedDossierIsReachableByNoProfessional(Action action) {
        for (String ps : new String[] {GP, AUTHORISED, EXTENDED, TEAM}) {
            for (PurposeOfUse purpose : PurposeOfUse.values()) {
                Decision d = decide(ps(ps, purpose == PurposeOfUse.ETREAT ? ActorRole.REGULATOR : ActorRole.CARE, purpose), action,
                        facts(DossierState.CLOSED, false), "vital risk");
                assertThat(d.permitted()).isFalse();
                assertThat(d.rule()).isEqualTo(Rule.ACC_8);
            }
        }
    }

    @Test
    void aClosedDossierLetsItsHolderReopenDestroyOrReadItsHistoryOnly() {
        AccessFacts closed = facts(DossierState.CLOSED, false);
        for (Action a : Action.values()) {
            boolean expected = Set.of(Action.REOPEN_DOSSIER, Action.DESTROY_DOSSIER, Action.CLOSE_DOSSIER, Action.READ_HISTORY,
                    Action.EXPORT_DOSSIER, Action.LOOKUP_PATIENT).contains(a);
            assertThat(decide(patient("owner"), a, closed).permitted()).as(a.name()).isEqualTo(expected);
        }
    }

    @Test
    void aDestroyedDossierIsReachableByNoOne() {
        AccessFacts destroyed = facts(DossierState.DESTROYED, false);
        assertThat(decide(patient("owner"), Action.REOPEN_DOSSIER, destroyed).rule()).isEqualTo(Rule.DOS_6);
        assertThat(decide(doctor(GP), Action.READ_DOCUMENTS, destroyed).rule()).isEqualTo(Rule.DOS_6);
    }

    // ---- DOC-6: opposition -----------------------------------------------------------------

    @Test
    void refusesDepositsFromAnOpposedProfessionalButLetsThemRead() {
        Decision deposit = decide(doctor(OPPOSED), Action.WRITE_DOCUMENT, active());
        assertThat(deposit.permitted()).isFalse();
        assertThat(deposit.rule()).isEqualTo(Rule.DOC_6);
        assertThat(decide(doctor(OPPOSED), Action.READ_DOCUMENTS, active()).permitted()).isTrue();
    }

    // ---- EMG-1, EMG-2, EMG-4: emergencies --------------------------------------------------

    @Test
    void theSamuRegulatorReadsDuringACallUnlessThePatientOpposed() {
        Actor regulator = ps(OTHER, ActorRole.REGULATOR, PurposeOfUse.ETREAT);
        Decision d = decide(regulator, Action.READ_DOCUMENTS, active());
        assertThat(d.permitted()).isTrue();
        assertThat(d.rule()).isEqualTo(Rule.EMG_1);
        assertThat(decide(regulator, Action.WRITE_DOCUMENT, active()).permitted()).isFalse();
        AccessFacts optOut = new AccessFacts(DossierState.ACTIVE, false, "owner", Set.of(), GP, Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), true, false, null);
        Decision refused = decide(regulator, Action.READ_DOCUMENTS, optOut);
        assertThat(refused.permitted()).isFalse();
        assertThat(refused.rule()).isEqualTo(Rule.EMG_1);
    }

    @Test
    void onlyARegulatorActsForCentre15() {
        Decision d = decide(ps(OTHER, ActorRole.CARE, PurposeOfUse.ETREAT), Action.READ_DOCUMENTS, active());
        assertThat(d.permitted()).isFalse();
        assertThat(d.rule()).isEqualTo(Rule.EMG_1);
    }

    @Test
    void breakGlassNeedsAReasonIsTimeLimitedAndHonoursTheOptOut() {
        Actor btg = ps(OTHER, ActorRole.CARE, PurposeOfUse.BTG);
        Decision noReason = decide(btg, Action.READ_DOCUMENTS, active());
        assertThat(noReason.permitted()).isFalse();
        assertThat(noReason.reason()).contains("reason");
        Decision withReason = decide(btg, Action.READ_DOCUMENTS, active(), "unconscious patient, vital risk");
        assertThat(withReason.permitted()).isTrue();
        assertThat(withReason.rule()).isEqualTo(Rule.EMG_2);
        AccessFacts open = new AccessFacts(DossierState.ACTIVE, false, "owner", Set.of(), GP, Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), false, false, NOW.plus(Duration.ofHours(1)));
        assertThat(decide(btg, Action.READ_DOCUMENTS, open).permitted()).as("within the open window").isTrue();
        AccessFacts expired = new AccessFacts(DossierState.ACTIVE, false, "owner", Set.of(), GP, Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), false, false, NOW.minusSeconds(1));
        assertThat(decide(btg, Action.READ_DOCUMENTS, expired).permitted()).as("window over: a new reason is needed").isFalse();
        AccessFacts optOut = new AccessFacts(DossierState.ACTIVE, false, "owner", Set.of(), GP, Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(), false, true, null);
        assertThat(decide(btg, Action.READ_DOCUMENTS, optOut, "vital risk").permitted()).isFalse();
        assertThat(decide(btg, Action.MANAGE_CONSENTS, active(), "vital risk").permitted()).isFalse();
    }

    @Test
    void accessModesAreNamedAsJdvJ38() {
        assertThat(Arrays.stream(PurposeOfUse.values()).map(PurposeOfUse::accessMode))
                .containsExactly("normal", "centre_15", "bris_de_glace");
    }

    // ---- patients and legal representatives (MIN-1..MIN-4) ---------------------------------

    @Test
    void thePatientActsOnTheirOwnDossierAndNoOther() {
        assertThat(decide(patient("owner"), Action.READ_DOCUMENTS, active()).permitted()).isTrue();
        assertThat(decide(patient("owner"), Action.MANAGE_CONSENTS, active()).permitted()).isTrue();
        assertThat(decide(patient("stranger"), Action.READ_DOCUMENTS, active()).rule()).isEqualTo(Rule.ACC_2);
    }

    @Test
    void legalRepresentativesActForAMinorAndNotForAnAdult() {
        Decision minor = decide(patient("parent2"), Action.READ_DOCUMENTS, facts(DossierState.ACTIVE, true));
        assertThat(minor.permitted()).isTrue();
        assertThat(minor.rule()).isEqualTo(Rule.MIN_2);
        Decision adult = decide(patient("parent1"), Action.READ_DOCUMENTS, facts(DossierState.ACTIVE, false));
        assertThat(adult.permitted()).isFalse();
        assertThat(adult.rule()).isEqualTo(Rule.MIN_4);
    }

    // ---- documents: DOC-5, DOC-7, MIN-3, ACC-7 ---------------------------------------------

    static DocumentFacts doc(String author, String classCode, String... labels) {
        return new DocumentFacts(author, classCode, "11488-4", Set.of(labels), NOW.minus(Duration.ofDays(1)));
    }

    Decision read(Actor a, DocumentFacts d, AccessFacts f) {
        return policy.mayRead(new AccessRequest(a, Action.READ_DOCUMENTS, DOSSIER), f, d, NOW);
    }

    @Test
    void aMaskedDocumentIsSeenOnlyByItsAuthorTheMedecinTraitantAndThoseWithItsRights() {
        DocumentFacts masked = doc(AUTHORISED, "10", "MASQUE_PS");
        assertThat(read(doctor(AUTHORISED), masked, active()).permitted()).as("author").isTrue();
        assertThat(read(doctor(GP), masked, active()).permitted()).as("médecin traitant").isTrue();
        assertThat(read(doctor(EXTENDED), masked, active()).permitted()).as("extended rights").isTrue();
        Decision team = read(doctor(TEAM), masked, active());
        assertThat(team.permitted()).isFalse();
        assertThat(team.rule()).isEqualTo(Rule.DOC_5);
        assertThat(read(patient("owner"), masked, active()).permitted()).as("the patient").isTrue();
    }

    @Test
    void aDocumentInvisibleToThePatientAppearsAfterOneMonth() {
        DocumentFacts fresh = new DocumentFacts(GP, "10", "11488-4", Set.of("INVISIBLE_PATIENT"), NOW.minus(Duration.ofDays(29)));
        DocumentFacts old = new DocumentFacts(GP, "10", "11488-4", Set.of("INVISIBLE_PATIENT"), NOW.minus(Duration.ofDays(31)));
        assertThat(read(patient("owner"), fresh, active()).rule()).isEqualTo(Rule.DOC_7);
        assertThat(read(patient("owner"), old, active()).permitted()).isTrue();
        assertThat(read(doctor(AUTHORISED), fresh, active()).permitted()).as("professionals see it").isTrue();
    }

    @Test
    void aDocumentHiddenFromLegalRepresentativesIsStillSeenByTheMinor() {
        DocumentFacts hidden = doc(GP, "10", "INVISIBLE_REPRESENTANTS_LEGAUX");
        AccessFacts minor = facts(DossierState.ACTIVE, true);
        assertThat(read(patient("parent1"), hidden, minor).rule()).isEqualTo(Rule.MIN_3);
        assertThat(read(patient("owner"), hidden, minor).permitted()).isTrue();
    }

    @Test
    void theMatrixSaysWhichClassesEachProfessionReads() {
        Actor pharmacist = new Actor(ActorKind.PROFESSIONAL, AUTHORISED, "ph", "21", null, "x", ActorRole.CARE, PurposeOfUse.TREAT, "t");
        assertThat(read(pharmacist, doc(GP, "42"), active()).permitted()).as("prescription").isTrue();
        Decision report = read(pharmacist, doc(GP, "10"), active());
        assertThat(report.permitted()).as("consultation report").isFalse();
        assertThat(report.rule()).isEqualTo(Rule.ACC_7);
        Actor physio = new Actor(ActorKind.PROFESSIONAL, AUTHORISED, "k", "70", null, "x", ActorRole.CARE, PurposeOfUse.TREAT, "t");
        assertThat(read(physio, doc(GP, "31"), active()).permitted()).isTrue();
        assertThat(read(physio, doc(GP, "42"), active()).permitted()).isFalse();
        assertThat(read(doctor(AUTHORISED), doc(GP, "60"), active()).permitted()).as("doctors read all").isTrue();
    }

    @Test
    void labelsAreChangedByWhomTheRulesSay() {
        AccessRequest byPatient = new AccessRequest(patient("owner"), Action.UPDATE_DOCUMENT_METADATA, DOSSIER);
        AccessRequest byAuthor = new AccessRequest(doctor(AUTHORISED), Action.UPDATE_DOCUMENT_METADATA, DOSSIER);
        AccessRequest byGp = new AccessRequest(doctor(GP), Action.UPDATE_DOCUMENT_METADATA, DOSSIER);
        AccessRequest byOther = new AccessRequest(doctor(TEAM), Action.UPDATE_DOCUMENT_METADATA, DOSSIER);
        DocumentFacts d = doc(AUTHORISED, "10", "INVISIBLE_PATIENT");
        assertThat(policy.mayChangeLabels(byPatient, active(), d, Set.of("MASQUE_PS"), Set.of(), false).rule()).isEqualTo(Rule.DOC_5);
        assertThat(policy.mayChangeLabels(byPatient, active(), d, Set.of("MASQUE_PS"), Set.of(), false).permitted()).isTrue();
        assertThat(policy.mayChangeLabels(byAuthor, active(), d, Set.of("MASQUE_PS"), Set.of(), false).permitted()).isFalse();
        assertThat(policy.mayChangeLabels(byAuthor, active(), d, Set.of(), Set.of("INVISIBLE_PATIENT"), false).permitted()).isTrue();
        assertThat(policy.mayChangeLabels(byOther, active(), d, Set.of(), Set.of("INVISIBLE_PATIENT"), false).rule()).isEqualTo(Rule.DOC_7);
        assertThat(policy.mayChangeLabels(byGp, active(), d, Set.of("INVISIBLE_REPRESENTANTS_LEGAUX"), Set.of(), false).permitted()).isTrue();
        assertThat(policy.mayChangeLabels(byOther, active(), d, Set.of("INVISIBLE_REPRESENTANTS_LEGAUX"), Set.of(), false).rule())
                .isEqualTo(Rule.MIN_3);
        assertThat(policy.mayChangeLabels(byGp, active(), d, Set.of(), Set.of(), true).permitted()).as("confidentiality: author only")
                .isFalse();
        assertThat(policy.mayChangeLabels(byGp, active(), d, Set.of(), Set.of(), true).rule()).isEqualTo(Rule.DOC_9);
        assertThat(policy.mayChangeLabels(byAuthor, active(), d, Set.of("SECRET"), Set.of(), false).rule()).isEqualTo(Rule.DOC_9);
    }

    @Test
    void documentsAreDeletedByTheirAuthorOrThePatient() {
        DocumentFacts d = doc(AUTHORISED, "10");
        assertThat(policy.mayDelete(new AccessRequest(doctor(AUTHORISED), Action.DELETE_DOCUMENT, DOSSIER), d).permitted()).isTrue();
        assertThat(policy.mayDelete(new AccessRequest(patient("owner"), Action.DELETE_DOCUMENT, DOSSIER), d).permitted()).isTrue();
        assertThat(policy.mayDelete(new AccessRequest(doctor(GP), Action.DELETE_DOCUMENT, DOSSIER), d).rule()).isEqualTo(Rule.DOC_4);
    }

    @Test
    void creationIsForProfessionalsAndAgentsAndMinorsForProfessionalsOnly() {
        assertThat(AccessPolicy.creation(doctor(OTHER), false).rule()).isEqualTo(Rule.DOS_2);
        assertThat(AccessPolicy.creation(doctor(OTHER), true).rule()).isEqualTo(Rule.DOS_4);
        Actor agent = ps(OTHER, ActorRole.CPAM, PurposeOfUse.TREAT);
        assertThat(AccessPolicy.creation(agent, false).permitted()).isTrue();
        assertThat(AccessPolicy.creation(agent, true).permitted()).isFalse();
        assertThat(AccessPolicy.creation(ps(OTHER, ActorRole.ADMIN, PurposeOfUse.TREAT), false).rule()).isEqualTo(Rule.ACC_1);
        assertThat(AccessPolicy.creation(patient("owner"), false).permitted()).isFalse();
    }

    // ---- issue #10: every decision in the policy -------------------------------------------

    @Test
    void theHolderActsOnTheirDossierAsTheAuthenticatedPatient() {
        // AUT-1: the holder logged in with password and one-time code; what they may not see is DOC-7's
        assertThat(decide(patient("owner"), Action.READ_DOCUMENTS, active()).rule()).isEqualTo(Rule.AUT_1);
        assertThat(decide(patient("owner"), Action.LOOKUP_PATIENT, facts(DossierState.CLOSED, false)).permitted()).isTrue();
        assertThat(policy.decide(new AccessRequest(null, Action.READ_DOCUMENTS, DOSSIER), active(), NOW).rule()).isEqualTo(Rule.AUT_2);
        assertThat(decide(doctor(GP), Action.READ_DOCUMENTS, null).rule()).as("no such dossier: nobody authorised").isEqualTo(Rule.ACC_2);
    }

    @Test
    void aConsultationWithTheCarteVitaleAuthorisesUnlessBlockedOrTheCardIsWrong() {
        AccessRequest byOther = new AccessRequest(doctor(OTHER), Action.MANAGE_CONSENTS, DOSSIER);
        Decision ok = policy.consultation(byOther, active(), true, true, NOW);
        assertThat(ok.permitted()).isTrue();
        assertThat(ok.rule()).isEqualTo(Rule.ACC_2);
        Decision wrongCard = policy.consultation(byOther, active(), true, false, NOW);
        assertThat(wrongCard.permitted()).isFalse();
        assertThat(wrongCard.rule()).isEqualTo(Rule.ACC_2);
        Decision noConsent = policy.consultation(byOther, active(), false, true, NOW);
        assertThat(noConsent.incomplete()).as("a missing declaration is bad input (400), still audited").isTrue();
        assertThat(policy.consultation(new AccessRequest(doctor(BLOCKED), Action.MANAGE_CONSENTS, DOSSIER), active(), true, true, NOW)
                .rule()).isEqualTo(Rule.ACC_3);
        assertThat(policy.consultation(new AccessRequest(ps(OTHER, ActorRole.ADMIN, PurposeOfUse.TREAT), Action.MANAGE_CONSENTS,
                DOSSIER), active(), true, true, NOW).rule()).isEqualTo(Rule.ACC_1);
        assertThat(policy.consultation(byOther, facts(DossierState.CLOSED, false), true, true, NOW).rule()).isEqualTo(Rule.ACC_8);
    }

    @Test
    void anOralConsentAuthorisesACareProfessionalOnlyWithTheAttestationUnlessBlockedOrClosed_ACC2() {
        AccessRequest byOther = new AccessRequest(doctor(OTHER), Action.MANAGE_CONSENTS, DOSSIER);
        Decision ok = policy.oralConsultation(byOther, active(), true, NOW);
        assertThat(ok.permitted()).isTrue();
        assertThat(ok.rule()).isEqualTo(Rule.ACC_2);
        assertThat(policy.oralConsultation(byOther, active(), false, NOW).incomplete()).as("no attestation: bad input").isTrue();
        assertThat(policy.oralConsultation(new AccessRequest(doctor(BLOCKED), Action.MANAGE_CONSENTS, DOSSIER), active(), true, NOW)
                .rule()).isEqualTo(Rule.ACC_3);
        assertThat(policy.oralConsultation(byOther, facts(DossierState.CLOSED, false), true, NOW).rule()).isEqualTo(Rule.ACC_8);
        // a regulator's access is EMG-1's, never a consent; non-care roles never
        for (ActorRole role : new ActorRole[] {ActorRole.REGULATOR, ActorRole.ADMIN, ActorRole.CPAM}) {
            Decision d = policy.oralConsultation(new AccessRequest(ps(OTHER, role, PurposeOfUse.TREAT), Action.MANAGE_CONSENTS, DOSSIER),
                    active(), true, NOW);
            assertThat(d.permitted()).as(role.name()).isFalse();
            assertThat(d.rule()).as(role.name()).isEqualTo(Rule.ACC_1);
        }
    }

    @Test
    void theMedecinTraitantPassesTheStatusOnOnlyToAnAuthorisedDoctorWithThePatientsAgreement() {
        AccessRequest byGp = new AccessRequest(doctor(GP), Action.DESIGNATE_MEDECIN_TRAITANT, DOSSIER);
        assertThat(policy.designation(byGp, active(), AUTHORISED, true, NOW).rule()).isEqualTo(Rule.ACC_6);
        assertThat(policy.designation(byGp, active(), AUTHORISED, true, NOW).permitted()).isTrue();
        Decision noAgreement = policy.designation(byGp, active(), AUTHORISED, false, NOW);
        assertThat(noAgreement.permitted()).isFalse();
        assertThat(noAgreement.incomplete()).isTrue();
        Decision notAuthorised = policy.designation(byGp, active(), OTHER, true, NOW);
        assertThat(notAuthorised.permitted()).isFalse();
        assertThat(notAuthorised.rule()).isEqualTo(Rule.ACC_6);
        AccessRequest byOther = new AccessRequest(doctor(AUTHORISED), Action.DESIGNATE_MEDECIN_TRAITANT, DOSSIER);
        assertThat(policy.designation(byOther, active(), AUTHORISED, true, NOW).rule()).isEqualTo(Rule.DOS_5);
        AccessRequest byPatient = new AccessRequest(patient("owner"), Action.DESIGNATE_MEDECIN_TRAITANT, DOSSIER);
        assertThat(policy.designation(byPatient, active(), OTHER, false, NOW).permitted()).as("the patient chooses").isTrue();
    }

    @Test
    void aDepositCarriesOnlyTheLabelsItsDepositorMaySet() {
        assertThat(AccessPolicy.depositLabels(patient("owner"), "90", Set.of()).rule()).isEqualTo(Rule.DOC_2);
        assertThat(AccessPolicy.depositLabels(patient("owner"), "10", Set.of()).permitted()).isFalse();
        Decision patientLabels = AccessPolicy.depositLabels(patient("owner"), "90", Set.of("INVISIBLE_PATIENT"));
        assertThat(patientLabels.permitted()).isFalse();
        assertThat(patientLabels.rule()).isEqualTo(Rule.DOC_5);
        Decision masking = AccessPolicy.depositLabels(doctor(AUTHORISED), "10", Set.of("MASQUE_PS"));
        assertThat(masking.permitted()).isFalse();
        assertThat(masking.rule()).isEqualTo(Rule.DOC_5);
        assertThat(AccessPolicy.depositLabels(doctor(AUTHORISED), "10", Set.of("INVISIBLE_PATIENT")).rule()).isEqualTo(Rule.DOC_7);
        assertThat(AccessPolicy.depositLabels(doctor(AUTHORISED), "10", Set.of("INVISIBLE_REPRESENTANTS_LEGAUX")).permitted()).isTrue();
    }

    @Test
    void thePermitsVisibilitySaysWhatItsHolderSees() {
        // the same answers as mayRead, as a value the document module applies (issue #10)
        var gp = policy.visibility(doctor(GP), active(), NOW);
        var team = policy.visibility(doctor(TEAM), active(), NOW);
        assertThat(gp.shows(AUTHORISED, "10", Set.of("MASQUE_PS"), NOW)).isTrue();
        assertThat(team.hiddenBy(AUTHORISED, "10", Set.of("MASQUE_PS"), NOW)).contains("DOC-5");
        assertThat(team.shows(TEAM, "10", Set.of("MASQUE_PS"), NOW)).as("the author").isTrue();
        var parent = policy.visibility(patient("parent1"), facts(DossierState.ACTIVE, true), NOW);
        assertThat(parent.hiddenBy(GP, "10", Set.of("INVISIBLE_REPRESENTANTS_LEGAUX"), NOW)).contains("MIN-3");
        var owner = policy.visibility(patient("owner"), active(), NOW);
        assertThat(owner.hiddenBy(GP, "10", Set.of("INVISIBLE_PATIENT"), NOW.minus(Duration.ofDays(29)))).contains("DOC-7");
        assertThat(owner.shows(GP, "10", Set.of("INVISIBLE_PATIENT"), NOW.minus(Duration.ofDays(31)))).isTrue();
        Actor pharmacist = new Actor(ActorKind.PROFESSIONAL, AUTHORISED, "ph", "21", null, "x", ActorRole.CARE, PurposeOfUse.TREAT, "t");
        assertThat(policy.visibility(pharmacist, active(), NOW).hiddenBy(GP, "10", Set.of(), NOW)).contains("ACC-7");
        assertThat(policy.visibility(null, active(), NOW).shows(GP, "11", Set.of(), NOW)).as("nobody sees by default").isFalse();
    }
}
