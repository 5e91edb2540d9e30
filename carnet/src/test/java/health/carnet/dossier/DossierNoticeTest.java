package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** NOT-1, NOT-3: the patient's choice of channels and events, applied wherever a notice is made. */
class DossierNoticeTest {

    static Dossier dossier(ContactChannel codes, Set<ContactChannel> channels, Set<String> muted) {
        return new Dossier(UUID.randomUUID(), Ins.nir(Nir.of("285057510000104")), "Petit", "Léa", LocalDate.of(1985, 5, 12), 'F',
                DossierState.ACTIVE, Instant.EPOCH, null, null, null, codes, "lea@example.org", "+33612345678", channels, muted);
    }

    @Test
    void withoutAChoiceNoticesGoByTheChannelOfCodes_NOT1() {
        Notification n = dossier(ContactChannel.SMS, Set.of(), Set.of()).notice("DOCUMENT_DEPOSITED", "s", "b").orElseThrow();
        assertThat(n.channel()).isEqualTo(Channel.SMS);
        assertThat(n.recipient()).isEqualTo("+33612345678");
        assertThat(n.copy()).isNull();
    }

    @Test
    void bothChannelsMakeTheNoticeAndItsCopy_NOT3() {
        Notification n = dossier(ContactChannel.EMAIL, Set.of(ContactChannel.EMAIL, ContactChannel.SMS), Set.of())
                .notice("AUTHORISATION", "s", "b").orElseThrow();
        assertThat(n.channel()).isEqualTo(Channel.EMAIL);
        assertThat(n.copy().channel()).isEqualTo(Channel.SMS);
        assertThat(n.copy().recipient()).isEqualTo("+33612345678");
    }

    @Test
    void onlyOptionalEventsCanBeTurnedOff_NOT3() {
        Dossier d = dossier(ContactChannel.EMAIL, Set.of(), Set.of("DOCUMENT_DEPOSITED", "AUTHORISATION", "BREAK_GLASS", "LOGIN"));
        assertThat(d.notice("DOCUMENT_DEPOSITED", "s", "b")).isEmpty();
        assertThat(d.notice("AUTHORISATION", "s", "b")).isEmpty();
        assertThat(d.notice("BREAK_GLASS", "s", "b")).as("security notices always go").isPresent();
        assertThat(d.notice("DOSSIER_CLOSED", "s", "b")).isPresent();
    }

    @Test
    void groupingKeepsTheCopyGrouped_NOT3() {
        Notification n = dossier(ContactChannel.EMAIL, Set.of(ContactChannel.EMAIL, ContactChannel.SMS), Set.of())
                .notice("DOCUMENT_DEPOSITED", "s", "b").orElseThrow().grouped("k", "{n} documents");
        assertThat(n.group().key()).isEqualTo("k");
        assertThat(n.copy().group().plural()).isEqualTo("{n} documents");
    }
}
