package health.carnet.access.internal;

import health.carnet.access.CarteVitaleProof;
import health.carnet.dossier.Dossiers;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The demo's proof of presence: an {@code assertion} signed by the demo's Carte Vitale app
 * ({@link DemoCardApp}: this dossier, unexpired, presented once), or else the typed serial equal
 * to the one in the insurer's register. The typed serial is weak (anyone who knows the number
 * passes), hence the limits on mismatches (SEC-5). An assertion that is present but wrong does not
 * fall back to the serial: it counts as a mismatch.
 */
@Component
class TypedSerialProof implements CarteVitaleProof {

    private final Dossiers dossiers;
    private final DemoCardApp cardApp;

    TypedSerialProof(Dossiers dossiers, DemoCardApp cardApp) {
        this.dossiers = dossiers;
        this.cardApp = cardApp;
    }

    @Override
    public boolean proves(UUID dossierId, Presented presented) {
        if (presented == null) {
            return false;
        }
        if (presented.assertion() != null && !presented.assertion().isBlank()) {
            return cardApp.verify(dossierId, presented.assertion().trim());
        }
        return presented.serial() != null && dossiers.carteVitaleMatches(dossierId, presented.serial());
    }
}
