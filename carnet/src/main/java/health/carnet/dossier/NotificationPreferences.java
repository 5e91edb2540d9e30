package health.carnet.dossier;

import health.carnet.dossier.internal.DossierRepository;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * NOT-1, NOT-3: which notices a dossier's patient receives, and by which channels. The optional
 * events ({@link Dossier#OPTIONAL_EVENTS}: a new document, a new authorisation) can be turned off;
 * the security ones cannot. Each chosen channel needs an address on file. {@link Dossier#notice}
 * applies the choice wherever a notice is made.
 */
@Service
public class NotificationPreferences {

    private final DossierRepository dossiers;

    NotificationPreferences(DossierRepository dossiers) {
        this.dossiers = dossiers;
    }

    /** The chosen channels and the optional events turned on. */
    public record Choice(Set<ContactChannel> channels, Set<String> events) {
    }

    public Choice of(Permit permit) {
        Dossier d = dossier(permit);
        Set<String> on = new HashSet<>(Dossier.OPTIONAL_EVENTS);
        on.removeAll(d.notifyMuted());
        return new Choice(EnumSet.copyOf(d.noticeChannels()), on);
    }

    @Transactional
    public void set(Permit permit, Set<ContactChannel> channels, Set<String> events) {
        Dossier d = dossier(permit);
        if (channels == null || channels.isEmpty()) {
            throw Problem.invalid("Choose at least one channel: email or SMS.");
        }
        if (channels.contains(ContactChannel.EMAIL) && blank(d.email())) {
            throw Problem.invalid("No email address is on file: add one in your account first.");
        }
        if (channels.contains(ContactChannel.SMS) && blank(d.phone())) {
            throw Problem.invalid("No mobile number is on file: add one in your account first.");
        }
        Set<String> muted = new HashSet<>(Dossier.OPTIONAL_EVENTS);
        if (events != null) {
            muted.removeAll(events);
        }
        dossiers.setNotificationPreferences(d.id(), channels, muted);
    }

    private Dossier dossier(Permit permit) {
        permit.require(permit.dossierId(), "LOOKUP_PATIENT");
        return dossiers.find(permit.dossierId()).orElseThrow(() -> Problem.notFound("No dossier " + permit.dossierId()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
