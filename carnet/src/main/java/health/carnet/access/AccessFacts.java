package health.carnet.access;

import health.carnet.dossier.DossierState;
import java.time.Instant;
import java.util.Set;

/**
 * What the policy needs to know about a dossier, gathered by the gate before it decides.
 *
 * @param state                 the dossier's lifecycle state
 * @param patientIsMinor        whether the patient is under 18 today
 * @param ownerLogin            the patient's own login
 * @param legalRepresentatives  logins of the active legal representatives
 * @param medecinTraitant       IDNPS of the médecin traitant DMP, or null
 * @param extendedRights        IDNPS given the médecin traitant's rights (ACC-6)
 * @param authorisedProfessionals IDNPS authorised by the patient (ACC-2), unexpired
 * @param authorisedStructures  structures (FINESS or id) whose care team is authorised (ACC-5)
 * @param blocked               IDNPS blocked by the patient (ACC-3)
 * @param opposedAuthors        IDNPS whose deposits the patient opposed (DOC-6)
 * @param regulatorOptOut       the patient refused centre-15 access (EMG-1)
 * @param breakGlassOptOut      the patient refused break-glass access (EMG-2)
 * @param breakGlassUntil       an open break-glass access of this professional, until when
 */
public record AccessFacts(DossierState state, boolean patientIsMinor, String ownerLogin, Set<String> legalRepresentatives,
                          String medecinTraitant, Set<String> extendedRights, Set<String> authorisedProfessionals,
                          Set<String> authorisedStructures, Set<String> blocked, Set<String> opposedAuthors,
                          boolean regulatorOptOut, boolean breakGlassOptOut, Instant breakGlassUntil) {

    public static AccessFacts of(DossierState state, boolean minor, String owner, Set<String> reps, String mt) {
        return new AccessFacts(state, minor, owner, reps, mt, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                false, false, null);
    }
}
