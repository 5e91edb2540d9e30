package health.carnet.demo;

import health.carnet.shared.ActorKind;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.directory.Directory;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.ProfessionalCreation;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import java.util.List;
import health.carnet.directory.ExtractImporter;
import health.carnet.directory.ImportReport;
import health.carnet.platform.CarnetSettings;
import java.io.BufferedReader;
import java.io.StringReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the demo data once, on the first start of an empty database, when {@code carnet.demo-data} is on. */
@Component
@Order(10)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final CarnetSettings settings;
    private final Directory directory;
    private final ExtractImporter importer;
    private final DemoSupport support;
    private final Dossiers dossiers;
    private final Gate gate;

    DemoData(CarnetSettings settings, Directory directory, ExtractImporter importer, DemoSupport support, Dossiers dossiers,
             Gate gate) {
        this.settings = settings;
        this.directory = directory;
        this.importer = importer;
        this.support = support;
        this.dossiers = dossiers;
        this.gate = gate;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!settings.demoData()) {
            return;
        }
        if (directory.size() == 0) {
            loadDirectory();
        }
        if (support.dossierCount() == 0) {
            loadPatients();
        }
        // printed, not logged: the structured log is for machines, this is for the person at the console
        System.out.println("""

                Carnet demo — how to act as the demo users (README, "Acting as the demo users"):
                  professionals: practice software = OAuth2 client lps-<IDNPS>, secret demo-secret
                                 (e.g. Dr Claire Martin, GP: lps-810000000017); browser login: IDNPS + password demo
                  patients:      POST /api/login with e.g. lea.petit / Carnet-Demo-2026, then the one-time code
                                 from the local outbox %s/outbox
                  FHIR API:      %s/fhir (CapabilityStatement at /fhir/metadata)
                """.formatted(base(), base()));
    }

    private String base() {
        return settings.publicUrl() == null || settings.publicUrl().isBlank() ? "http://localhost:8080" : settings.publicUrl();
    }

    private void loadDirectory() throws Exception {
        ImportReport report = importer.importExtract(new BufferedReader(new StringReader(DemoDirectory.extract())),
                log::info);
        if (!report.rejections().isEmpty()) {
            throw new IllegalStateException("The demo directory has bad lines: " + report.rejections());
        }
        log.info("Demo directory loaded: {} professionals", report.imported());
    }

    private void loadPatients() {
        // the demo dossiers are created as at Dr Claire Martin's practice, with the patients' consent
        DemoDirectory.Person gp = DemoDirectory.people().get(0);
        Actor doctor = new Actor(ActorKind.PROFESSIONAL, gp.idnps(), gp.firstName() + " " + gp.lastName(), "10", "SM54", null, ActorRole.CARE,
                PurposeOfUse.TREAT, "demo");
        for (DemoPatients.Patient p : DemoPatients.all()) {
            support.registerInsured(new DemoSupport.Insured(p.nir(), p.familyName(), p.givenNames(), p.birthDate(), p.sex(),
                    p.carteVitale(), p.email(), p.givenNames() + " " + p.familyName() + ", 1 rue de la Paix, Paris"));
            if (!p.withDossier()) {
                continue;
            }
            List<ProfessionalCreation.Representative> reps = p.reps().stream().map(login -> {
                String[] parts = login.split("\\.");
                String given = Character.toUpperCase(parts[0].charAt(0)) + parts[0].substring(1);
                String family = Character.toUpperCase(parts[1].charAt(0)) + parts[1].substring(1);
                return new ProfessionalCreation.Representative(family, given, login + "@parent.example", null, ContactChannel.EMAIL);
            }).toList();
            // created through the gate like any creation (DOS-2, DOS-4), as Dr Claire Martin with the patient present
            boolean minor = health.carnet.dossier.Minors.isMinor(p.birthDate(), dossiers.today());
            DossierCreated created = dossiers.createWithConsent(gate.authorizeCreation(doctor, minor, "demo " + p.login()),
                    new ProfessionalCreation(Ins.INS_NIR_SYSTEM, p.nir(), p.familyName(), p.givenNames(), p.birthDate(), p.sex(),
                            p.carteVitale(), "ORAL", p.email(), p.phone(), ContactChannel.EMAIL, reps), "PROFESSIONAL");
            support.useDemoCredentials(created, p.login(), p.reps(), DemoPatients.PASSWORD);
            Actor patient = new Actor(ActorKind.PATIENT, p.reps().isEmpty() ? p.login() : p.reps().get(0), p.givenNames(),
                    null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "demo");
            // Dr Claire Martin is the médecin traitant DMP of most demo patients (ACC-6)
            if (!p.login().equals("alice.perrin") && !p.login().equals("paul.vincent")) {
                dossiers.designateMedecinTraitant(gate.authorize(new AccessRequest(patient, Action.DESIGNATE_MEDECIN_TRAITANT,
                        created.dossier().id())), gp.idnps(), patient.id());
            }
            if (p.closed()) {
                dossiers.close(gate.authorize(new AccessRequest(patient, Action.CLOSE_DOSSIER, created.dossier().id())), p.login());
            }
        }
        log.info("Demo patients loaded: {} dossiers", support.dossierCount());
    }
}
