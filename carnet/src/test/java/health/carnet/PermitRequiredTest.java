package health.carnet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import health.carnet.access.Consents;
import health.carnet.audit.AuditTrail;
import health.carnet.document.Documents;
import health.carnet.document.PatientEntered;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: the modules that hold clinical data take a {@link Permit} on every public method that
 * reads or changes a dossier, so code that skipped the gate does not compile. The exceptions are
 * deliberate and listed here with their reason; the test fails on a new public method without a
 * permit, on an exception that no longer exists, and when it checks nothing.
 */
class PermitRequiredTest {

    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("health.carnet");

    /** The clinical modules' APIs: documents, patient entries, dossiers, consents, the access history. */
    static final List<Class<?>> CLINICAL = List.of(Documents.class, PatientEntered.class, Dossiers.class, Consents.class,
            AuditTrail.class);

    /** Public methods without a permit, on purpose: Class#method → why. */
    static final Map<String, String> EXCEPTIONS = Map.ofEntries(
            Map.entry("Documents#fetch", "sealed: only its dossier id is readable until a permit opens it"),
            Map.entry("Documents#fetchByMasterIdentifier", "sealed, as fetch: PDSm's conditional update names a document by its uniqueId"),
            Map.entry("Documents#dossierOfSubmissionSet", "a locator: which dossier to ask the gate about"),
            Map.entry("Documents#sha1", "a hash of bytes the caller holds"),
            Map.entry("Documents#aad", "the AES-GCM associated data format"),
            Map.entry("Documents#count", "a figure for the platform's metrics"),
            Map.entry("Documents#fileSystemDocuments", "a system (the insurer's feed) files the REMB it renders from what it imported (FEED-4); reads nothing, readers pass the gate"),
            Map.entry("PatientEntered#dossierOf", "a locator: which dossier to ask the gate about"),
            Map.entry("Dossiers#find", "the gate's facts: only the access module calls it (see below)"),
            Map.entry("Dossiers#findByIns", "the gate's facts: only the access module calls it (see below)"),
            Map.entry("Dossiers#carteVitaleMatches", "the gate's facts for ACC-2: only the access module calls it"),
            Map.entry("Dossiers#locate", "a locator: the id an INS names, no identity"),
            Map.entry("Dossiers#exists", "whether an id names a dossier, to resolve a reference"),
            Map.entry("Dossiers#search", "PDQm: ids only, each asked of the gate before its identity is read"),
            Map.entry("Dossiers#today", "the date"),
            Map.entry("Dossiers#runRetention", "the retention job (DOS-5): the rule itself, no caller asks for a dossier"),
            Map.entry("Dossiers#runMajority", "the majority job (MIN-4): the rule itself"),
            Map.entry("Consents#locate", "a locator: which dossier, and whether it is a block, to ask the gate the right question"),
            Map.entry("Consents#declarePresence", "runs inside the gate: the consultation is decided and audited there (ACC-2)"),
            Map.entry("Consents#declareOralConsent", "runs inside the gate: the oral consent is decided, limited and audited there (ACC-2)"),
            Map.entry("Consents#oralDailyMax", "a setting: how many oral consents a day"),
            Map.entry("AuditTrail#append", "writes the decision itself"),
            Map.entry("AuditTrail#verify", "checks the chains (AUD-3): no entry leaves"));

    @Test
    void everyPublicMethodOfTheClinicalModulesTakesAPermit() {
        Set<String> checked = new TreeSet<>();
        Set<String> excepted = new TreeSet<>();
        List<String> violations = new ArrayList<>();
        for (Class<?> type : CLINICAL) {
            JavaClass c = CLASSES.get(type);
            for (JavaMethod m : c.getMethods()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    continue;
                }
                String key = type.getSimpleName() + "#" + m.getName();
                boolean takesPermit = m.getRawParameterTypes().stream().anyMatch(p -> p.isEquivalentTo(Permit.class));
                if (EXCEPTIONS.containsKey(key)) {
                    excepted.add(key);
                } else if (takesPermit) {
                    checked.add(key);
                } else {
                    violations.add(m.getFullName() + " reads or changes a dossier without a Permit");
                }
            }
        }
        assertThat(violations).isEmpty();
        // a rule that matches nothing passes silently: make sure it sees the methods it guards
        assertThat(checked).contains("Documents#open", "Documents#content", "Documents#page", "PatientEntered#find",
                "Dossiers#identity", "Dossiers#createWithConsent", "Consents#list", "Consents#find", "AuditTrail#history");
        assertThat(excepted).as("every exception still exists").containsExactlyInAnyOrderElementsOf(EXCEPTIONS.keySet());
    }

    @Test
    void onlyTheAccessModuleReadsADossierWithoutAPermit() {
        noClasses().that().resideOutsideOfPackages("health.carnet.access..", "health.carnet.dossier..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("Dossiers.find, findByIns or carteVitaleMatches",
                        call -> call.getTarget().getOwner().isEquivalentTo(Dossiers.class)
                                && Set.of("find", "findByIns", "carteVitaleMatches").contains(call.getTarget().getName())))
                .because("the gate gathers the facts; every other module reads a patient's identity with a permit (issue #10)")
                .check(CLASSES);
        assertThat(CLASSES.get(Dossiers.class).getMethodCallsToSelf()).as("the rule sees the calls it guards")
                .anyMatch(call -> call.getName().equals("find") && call.getOriginOwner().getPackageName().startsWith("health.carnet.access"));
    }
}
