package health.carnet.dossier;

import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.shared.Ins;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's dossier: who it belongs to and where it is in its lifecycle. */
public record Dossier(UUID id, Ins ins, String familyName, String givenNames, LocalDate birthDate, char sex,
                      DossierState state, Instant createdAt, Instant closedAt, LocalDate destroyAfter,
                      String medecinTraitant, ContactChannel notifyChannel, String email, String phone) {

    public boolean isMinorOn(LocalDate day) {
        return Minors.isMinor(birthDate, day);
    }

    public String displayName() {
        return givenNames + " " + familyName;
    }

    /** Where notifications to this patient go: the address for the chosen channel. */
    public String notifyAddress() {
        return notifyChannel == ContactChannel.SMS ? phone : email;
    }

    /** A message to the patient by the channel they chose; empty when they left no address for it. */
    public java.util.Optional<Notification> notice(String kind, String subject, String body) {
        String address = notifyAddress();
        if (address == null || address.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Notification(notifyChannel == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL, address,
                kind, subject, body, id));
    }
}
