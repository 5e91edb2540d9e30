package health.carnet.fhir.internal;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.Ins;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * IHE PDQm (ITI-78): find a patient's dossier by INS, or by name and birth date. Each dossier found
 * goes through the gate (LOOKUP_PATIENT, audited); a dossier the asker may not reach is not listed
 * (a closed dossier is invisible to every professional, ACC-8).
 */
@Component
class PatientProvider implements IResourceProvider {

    static final String IDENTIFIER_TYPE_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";

    private final Dossiers dossiers;
    private final Gate gate;
    private final CurrentActor current;

    PatientProvider(Dossiers dossiers, Gate gate, CurrentActor current) {
        this.dossiers = dossiers;
        this.gate = gate;
        this.current = current;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        UUID dossierId = CurrentActor.uuid(id.getIdPart(), "Patient");
        Actor actor = current.actor();
        if (!dossiers.exists(dossierId)) {
            throw new ResourceNotFoundException("No Patient " + id.getIdPart());
        }
        // issue #9 row 8: by id, what PDQm would give: a dossier the search would not list is not found
        return patient(dossiers.identity(gate.tryAuthorize(new AccessRequest(actor, Action.LOOKUP_PATIENT, dossierId), "Patient/" + dossierId)
                .orElseThrow(() -> new ResourceNotFoundException("No Patient " + id.getIdPart()))));
    }

    @Search
    public ca.uhn.fhir.rest.api.server.IBundleProvider search(
            @Description(shortDefinition = "INS: urn:oid:1.2.250.1.213.1.4.8|<NIR>")
            @OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
            @OptionalParam(name = Patient.SP_FAMILY) StringParam family,
            @OptionalParam(name = Patient.SP_GIVEN) StringParam given,
            @OptionalParam(name = Patient.SP_BIRTHDATE) DateParam birthdate,
            @ca.uhn.fhir.rest.annotation.Count Integer count) {
        Actor actor = current.actor();
        boolean nonCare = actor.kind() == health.carnet.shared.ActorKind.SYSTEM
                || (actor.isProfessional() && (actor.role() == null || !actor.role().isCare()));
        List<UUID> found;
        if (identifier != null) {
            if (identifier.getSystem() == null || identifier.getSystem().isBlank()) {
                throw new InvalidRequestException("Give the INS with its system: identifier=urn:oid:1.2.250.1.213.1.4.8|<NIR>");
            }
            Ins ins = Ins.parse(identifier.getSystem(), identifier.getValue());
            found = dossiers.locate(ins).stream().toList();
            if (nonCare && !found.isEmpty()) {
                // ACC-1: refused, not "no such patient", and recorded in that patient's history (the gate audits it)
                gate.authorize(new AccessRequest(actor, Action.LOOKUP_PATIENT, found.get(0)), "Patient search (PDQm)");
            }
        } else {
            if (family == null) {
                throw new InvalidRequestException("Search patients by identifier (INS) or by family name (with given name or birthdate).");
            }
            if (given == null && birthdate == null) {
                throw new InvalidRequestException("A family name alone is too broad: add given or birthdate.");
            }
            if (birthdate != null && (birthdate.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY
                    || birthdate.getPrefix() != null && birthdate.getPrefix() != ca.uhn.fhir.rest.param.ParamPrefixEnum.EQUAL)) {
                throw new InvalidRequestException("birthdate is a full date: birthdate=YYYY-MM-DD.");
            }
            LocalDate birth;
            try {
                birth = birthdate == null ? null : LocalDate.parse(birthdate.getValueAsString().substring(0, 10));
            } catch (java.time.DateTimeException e) {
                throw new InvalidRequestException("birthdate is not a date of the calendar: birthdate=YYYY-MM-DD.");
            }
            found = dossiers.search(family.getValue(), given == null ? null : given.getValue(), birth, 0, 50);
        }
        if (nonCare) {
            // ACC-1: no dossier matched (or a search by name): refused all the same, never an empty answer
            // that lies, and audited as taken (the gate decides and records it)
            gate.authorizePatientSearch(actor, "Patient search (PDQm)");
        }
        return OffsetBundleProvider.slice(count, found.stream()
                .flatMap(d -> gate.tryAuthorize(new AccessRequest(actor, Action.LOOKUP_PATIENT, d), "Patient search").stream())
                .map(dossiers::identity).map(PatientProvider::patient).toList());
    }

    static Patient patient(Dossier d) {
        Patient p = new Patient();
        p.setId(d.id().toString());
        p.addIdentifier(new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(d.ins().kind().system())
                .setValue(d.ins().value())
                .setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE_SYSTEM, "INS-NIR", "NIR définitif"))));
        p.setActive(true);
        p.addName().setUse(org.hl7.fhir.r4.model.HumanName.NameUse.OFFICIAL).setFamily(d.familyName())
                .addGiven(d.givenNames());
        p.setBirthDateElement(new DateType(d.birthDate().toString()));
        p.setGender(d.sex() == 'M' ? Enumerations.AdministrativeGender.MALE
                : d.sex() == 'F' ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.UNKNOWN);
        return p;
    }
}
