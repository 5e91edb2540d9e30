package health.carnet.directory;

import health.carnet.shared.ActorRole;
import health.carnet.shared.Idnps;

/** One activity of a professional: a specialty, in a structure, in a role (a PractitionerRole on FHIR). */
public record Activity(long id, Idnps idnps, String specialtyCode, String specialtyLabel, String practiceMode,
                       Structure structure, ActorRole role) {
}
