package health.carnet.access;

import java.util.UUID;

/**
 * The port that says whether the patient's Carte Vitale is really presented at a consultation
 * (ACC-2). Carnet decides nothing on a card it cannot check: an implementation answers from what
 * the professional's software sent.
 * <ul>
 * <li>The demo implementation compares a typed serial number with the insurer's register: it
 *     proves only that the professional knows the number, which is why mismatches are limited
 *     (SEC-5, {@code CarteVitaleGuesses}).</li>
 * <li>A card reader: the practice software reads the card over PC/SC (the card's chip, with its
 *     authentication by the card's private key against a fresh challenge from Carnet) and sends the
 *     signed answer as {@code assertion}; an implementation verifies the signature against the
 *     card's certificate chain (the insurer's CA) and that the card belongs to the dossier's INS.</li>
 * <li>The Carte Vitale app (apCV): the patient's app presents a signed assertion (a JWT signed by
 *     the insurer's apCV service, naming the INS, the professional and a nonce); an implementation
 *     checks the signature with the service's published keys, the audience, the expiry and the nonce.</li>
 * </ul>
 * Register the implementation as a Spring bean marked {@code @Primary}; the typed-serial one then steps aside.
 */
public interface CarteVitaleProof {

    /**
     * @param serial    the card's serial number as typed or read
     * @param assertion a signed proof from a reader or the apCV app, or null (the demo has none)
     */
    record Presented(String serial, String assertion) {
    }

    /** Whether what was presented proves that this dossier's patient is present with their card. */
    boolean proves(UUID dossierId, Presented presented);
}
