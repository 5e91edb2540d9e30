package health.carnet.access.internal;

import health.carnet.access.CarteVitaleProof;
import health.carnet.dossier.Dossiers;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The demo's proof of presence: the typed serial equals the one in the insurer's register. Weak
 * (anyone who knows the number passes), hence the limits on mismatches (SEC-5).
 */
@Component
class TypedSerialProof implements CarteVitaleProof {

    private final Dossiers dossiers;

    TypedSerialProof(Dossiers dossiers) {
        this.dossiers = dossiers;
    }

    @Override
    public boolean proves(UUID dossierId, Presented presented) {
        return presented != null && dossiers.carteVitaleMatches(dossierId, presented.serial());
    }
}
