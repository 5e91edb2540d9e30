package health.carnet.fhir.internal;

import health.carnet.directory.Activity;
import health.carnet.directory.Professional;
import health.carnet.directory.Structure;
import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/** Directory records as FHIR resources, coded as the French core profiles (FR Core) do. */
final class DirectoryFhirMapper {

    static final String PROFESSION_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante";
    static final String SPECIALTY_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
    static final String SECTOR_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R02-SecteurActivite/FHIR/TRE-R02-SecteurActivite";
    static final String IDENTIFIER_TYPE_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
    static final String CARNET_ROLE_SYSTEM = "https://carnet.health/fhir/CodeSystem/actor-role";

    private DirectoryFhirMapper() {
    }

    static Practitioner practitioner(Professional p) {
        Practitioner r = new Practitioner();
        r.setId(p.idnps().value());
        r.addIdentifier(new Identifier().setSystem(Idnps.SYSTEM).setValue(p.idnps().value())
                .setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE_SYSTEM, "IDNPS", "Identifiant National de Professionnel de Santé"))));
        r.setActive(true);
        HumanName name = r.addName().setFamily(p.lastName()).setUse(HumanName.NameUse.OFFICIAL);
        if (p.firstName() != null) {
            name.addGiven(p.firstName());
        }
        if (p.civility() != null) {
            name.addPrefix(p.civility());
        }
        r.addQualification().setCode(new CodeableConcept(
                new Coding(PROFESSION_SYSTEM, p.professionCode(), p.professionLabel())));
        return r;
    }

    static PractitionerRole practitionerRole(Activity a, Professional p) {
        PractitionerRole r = new PractitionerRole();
        r.setId(Long.toString(a.id()));
        r.setActive(true);
        Reference practitioner = new Reference("Practitioner/" + a.idnps().value());
        if (p != null) {
            practitioner.setDisplay(p.displayName());
            r.addCode(new CodeableConcept(new Coding(PROFESSION_SYSTEM, p.professionCode(), p.professionLabel())));
        }
        r.setPractitioner(practitioner);
        r.addCode(new CodeableConcept(new Coding(CARNET_ROLE_SYSTEM, a.role().name(), a.role().isCare() ? "care" : "non-care")));
        if (a.specialtyCode() != null) {
            r.addSpecialty(new CodeableConcept(new Coding(SPECIALTY_SYSTEM, a.specialtyCode(), a.specialtyLabel())));
        }
        if (a.structure() != null) {
            r.setOrganization(new Reference("Organization/" + a.structure().id()).setDisplay(a.structure().name()));
        }
        return r;
    }

    static Organization organization(Structure s) {
        Organization o = new Organization();
        o.setId(s.id());
        o.setActive(true);
        o.setName(s.name());
        if (s.finess() != null) {
            o.addIdentifier(new Identifier().setSystem(Finess.SYSTEM).setValue(s.finess())
                    .setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE_SYSTEM, "FINEG", "FINESS d'entité géographique"))));
        } else {
            o.addIdentifier(new Identifier().setSystem("urn:oid:1.2.250.1.71.4.2.2.1").setValue(s.id())
                    .setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE_SYSTEM, "IDNST", "Identifiant national de structure"))));
        }
        if (s.sectorCode() != null) {
            o.addType(new CodeableConcept(new Coding(SECTOR_SYSTEM, s.sectorCode(), s.sectorLabel())));
        }
        if (s.city() != null || s.postalCode() != null) {
            o.addAddress().setCity(s.city()).setPostalCode(s.postalCode()).setCountry("FR");
        }
        return o;
    }
}
