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
                      String medecinTraitant, ContactChannel notifyChannel, String email, String phone,
                      java.util.Set<ContactChannel> notifyChannels, java.util.Set<String> notifyMuted) {

    /**
     * NOT-3: the events a patient may turn off. Every other notice (login, emergency access, the
     * dossier's lifecycle, locks, changes of credentials) always goes.
     */
    public static final java.util.Set<String> OPTIONAL_EVENTS = java.util.Set.of("DOCUMENT_DEPOSITED", "AUTHORISATION");

    public Dossier {
        notifyChannels = notifyChannels == null ? java.util.Set.of() : java.util.Set.copyOf(notifyChannels);
        notifyMuted = notifyMuted == null ? java.util.Set.of() : java.util.Set.copyOf(notifyMuted);
    }

    /** The channels notices go by (NOT-1, NOT-3): those the patient chose, else the channel of their codes; email first. */
    public java.util.List<ContactChannel> noticeChannels() {
        if (notifyChannels.isEmpty()) {
            return java.util.List.of(notifyChannel == null ? ContactChannel.EMAIL : notifyChannel);
        }
        return java.util.Arrays.stream(ContactChannel.values()).filter(notifyChannels::contains).toList();
    }

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

    /**
     * A message to the patient by the channels they chose (the second as a copy); empty when they
     * turned this event off (only {@link #OPTIONAL_EVENTS} can be) or left no address for it.
     */
    public java.util.Optional<Notification> notice(String kind, String subject, String body) {
        if (OPTIONAL_EVENTS.contains(kind) && notifyMuted.contains(kind)) {
            return java.util.Optional.empty();
        }
        Notification first = null;
        for (ContactChannel c : noticeChannels()) {
            String address = c == ContactChannel.SMS ? phone : email;
            if (address == null || address.isBlank()) {
                continue;
            }
            Notification n = new Notification(c == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL, address, kind, subject, body, id);
            first = first == null ? n : first.alsoTo(n);
        }
        return java.util.Optional.ofNullable(first);
    }
}
