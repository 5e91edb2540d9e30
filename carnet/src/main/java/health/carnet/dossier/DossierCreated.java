package health.carnet.dossier;

import java.util.List;

/** A new dossier and the logins created with it (the patient's, and their legal representatives'). */
public record DossierCreated(Dossier dossier, PatientAccounts.Credentials patient,
                             List<PatientAccounts.Credentials> representatives) {
}
