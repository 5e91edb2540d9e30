package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.PatientEntered;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Patient-entered information (DOC-2) on FHIR: AllergyIntolerance, Condition, MedicationStatement,
 * Observation (blood group LOINC 882-1, advance directives LOINC 42348-3, organ-donation position),
 * RelatedPerson (emergency contacts, EMG-3). The patient (or their representative) writes; the
 * professionals the gate lets read the dossier read them, emergency access included.
 */
@Configuration(proxyBeanMethods = false)
class PatientEnteredProviders {

    @Bean
    IResourceProvider allergyIntolerances(Services s) {
        return new Provider<>(AllergyIntolerance.class, s, AllergyIntolerance::getPatient, AllergyIntolerance::setPatient);
    }

    @Bean
    IResourceProvider conditions(Services s) {
        return new Provider<>(Condition.class, s, Condition::getSubject, Condition::setSubject);
    }

    @Bean
    IResourceProvider medicationStatements(Services s) {
        return new Provider<>(MedicationStatement.class, s, MedicationStatement::getSubject, MedicationStatement::setSubject);
    }

    @Bean
    IResourceProvider observations(Services s) {
        return new Provider<>(Observation.class, s, Observation::getSubject, Observation::setSubject);
    }

    @Bean
    IResourceProvider relatedPersons(Services s) {
        return new Provider<>(RelatedPerson.class, s, RelatedPerson::getPatient, RelatedPerson::setPatient);
    }

    record Services(FhirContext fhir, Gate gate, PatientEntered entered, CurrentActor current) {
    }

    @Bean
    Services patientEnteredServices(FhirContext fhir, Gate gate, PatientEntered entered, CurrentActor current) {
        return new Services(fhir, gate, entered, current);
    }

    /** One resource type; HAPI reads the type from {@link #getResourceType()}. */
    static final class Provider<T extends DomainResource> implements IResourceProvider {
        private final Class<T> type;
        private final Services s;
        /** The element naming the patient: {@code subject} or {@code patient}, by resource type. */
        private final java.util.function.Function<T, Reference> subject;
        private final java.util.function.BiFunction<T, Reference, ?> setSubject;

        Provider(Class<T> type, Services s, java.util.function.Function<T, Reference> subject,
                 java.util.function.BiFunction<T, Reference, ?> setSubject) {
            this.type = type;
            this.s = s;
            this.subject = subject;
            this.setSubject = setSubject;
        }

        Reference subject(T resource) {
            return subject.apply(resource);
        }

        void subject(T resource, Reference ref) {
            setSubject.apply(resource, ref);
        }

        @Override
        public Class<T> getResourceType() {
            return type;
        }

        private String name() {
            return type.getSimpleName();
        }

        @Create
        public MethodOutcome create(@ResourceParam IBaseResource body) {
            T resource = type.cast(body);
            Actor actor = s.current().actor();
            UUID dossier = dossier(resource);
            Permit permit = s.gate().authorize(new AccessRequest(actor, Action.WRITE_PATIENT_ENTRY, dossier), "create " + name());
            UUID id = UUID.randomUUID();
            resource.setId(id.toString());
            resource.getMeta().setVersionId("1").setLastUpdated(new Date());
            s.entered().create(permit, name(), id, s.fhir().newJsonParser().encodeResourceToString(resource));
            return new MethodOutcome(new IdType(name(), id.toString(), "1"), true).setResource(resource);
        }

        @Update
        public MethodOutcome update(@IdParam IdType id, @ResourceParam IBaseResource body) {
            T resource = type.cast(body);
            Actor actor = s.current().actor();
            UUID entryId = CurrentActor.uuid(FhirInput.requiredId(id, name()), name());
            UUID dossier = s.entered().dossierOf(entryId).orElseThrow(() -> new ResourceNotFoundException("No " + name() + " " + entryId));
            if (!dossier.equals(dossier(resource))) {
                throw new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException("The patient of a " + name() + " cannot change.");
            }
            Permit permit = s.gate().authorize(new AccessRequest(actor, Action.WRITE_PATIENT_ENTRY, dossier), "update " + name() + "/" + entryId);
            resource.setId(entryId.toString());
            var updated = s.entered().update(permit, name(), entryId, s.fhir().newJsonParser().encodeResourceToString(resource));
            return new MethodOutcome(new IdType(name(), entryId.toString(), Integer.toString(updated.version()))).setResource(render(updated));
        }

        @Delete
        public MethodOutcome delete(@IdParam IdType id) {
            Actor actor = s.current().actor();
            UUID entryId = CurrentActor.uuid(FhirInput.requiredId(id, name()), name());
            UUID dossier = s.entered().dossierOf(entryId).orElseThrow(() -> new ResourceNotFoundException("No " + name() + " " + entryId));
            Permit permit = s.gate().authorize(new AccessRequest(actor, Action.DELETE_PATIENT_ENTRY, dossier), "delete " + name() + "/" + entryId);
            s.entered().delete(permit, name(), entryId);
            return new MethodOutcome(new IdType(name(), entryId.toString()));
        }

        @Read
        public IBaseResource read(@IdParam IdType id) {
            Actor actor = s.current().actor();
            UUID entryId = CurrentActor.uuid(FhirInput.requiredId(id, name()), name());
            UUID dossier = s.entered().dossierOf(entryId).orElseThrow(() -> new ResourceNotFoundException("No " + name() + " " + entryId));
            Permit permit = s.gate().authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossier, DocumentAccess.reason()),
                    name() + "/" + entryId);
            // the document module answers empty when the permit's holder does not see what patients enter (ACC-7)
            return render(s.entered().find(permit, name(), entryId)
                    .orElseThrow(() -> new ResourceNotFoundException("No " + name() + " " + entryId)));
        }

        @Search
        public ca.uhn.fhir.rest.api.server.IBundleProvider search(@RequiredParam(name = "patient") ReferenceParam patient,
                                                                   @ca.uhn.fhir.rest.annotation.Count Integer count) {
            Actor actor = s.current().actor();
            UUID dossier = CurrentActor.uuid(patient.getIdPart(), "Patient");
            Permit permit = s.gate().authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossier, DocumentAccess.reason()),
                    name() + " search");
            return OffsetBundleProvider.slice(count, s.entered().list(permit, name()).stream().map(this::render)
                    .map(r -> (IBaseResource) r).toList());
        }

        private T render(PatientEntered.Entry e) {
            T r = s.fhir().newJsonParser().parseResource(type, e.json());
            r.setId(e.id().toString());
            r.getMeta().setVersionId(Integer.toString(e.version())).setLastUpdated(Date.from(e.updatedAt()));
            return r;
        }

        private UUID dossier(T resource) {
            Reference subject = subject(resource);
            if (subject == null || !subject.hasReference()) {
                throw new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException("The " + name()
                        + " must name its patient (Patient/<id>).");
            }
            UUID dossier = CurrentActor.uuid(subject.getReferenceElement().getIdPart(), "Patient");
            subject(resource, new Reference("Patient/" + dossier));
            return dossier;
        }
    }
}
