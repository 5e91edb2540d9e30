package health.carnet.dossier;

import java.time.LocalDate;
import java.util.List;

/**
 * A dossier created with the patient present (DOS-2, DOS-4): at a practice, a pharmacy or an
 * insurer's desk. The patient's consent is recorded with who took it, when and how.
 *
 * @param insSystem          the INS's OID system (urn:oid:1.2.250.1.213.1.4.8)
 * @param ins                the INS (NIR) read from the Carte Vitale or the INSi service
 * @param carteVitaleSerial  the card presented (proof of presence); checked against the insurer's register
 * @param consentMethod      how the consent was given: ORAL, WRITTEN, ELECTRONIC
 * @param legalRepresentatives for a minor: one or two (MIN-1); none for an adult
 */
public record ProfessionalCreation(String insSystem, String ins, String familyName, String givenNames, LocalDate birthDate,
                                   char sex, String carteVitaleSerial, String consentMethod, String email, String phone,
                                   ContactChannel channel, List<Representative> legalRepresentatives) {

    public record Representative(String familyName, String givenNames, String email, String phone, ContactChannel channel) {
    }
}
