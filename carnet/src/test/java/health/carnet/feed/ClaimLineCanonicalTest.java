package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * FEED-1 / SEC-1: the canonical line is what is sealed in the database and hashed to tell a
 * correction from a replay; reading it back (every history search, by hand since issue #13's
 * profile) gives exactly the claim that was written, empty fields included. Plain JUnit.
 */
class ClaimLineCanonicalTest {

    @Test
    void aFullClaimReadsBackEqual() {
        ClaimLine l = new ClaimLine("C1", "180017512345678", LocalDate.of(2026, 2, 28), ClaimKind.MEDICINE, "3400930000001",
                "C10AA05", "Atorvastatine 10 mg", new BigDecimal("2"), new ClaimLine.Party("10000000019", "Pharmacie du Centre", null),
                new ClaimLine.Party("10000000027", "Dr Martin", "SM54"), new BigDecimal("12.50"), new BigDecimal("8.25"));
        assertThat(ClaimLine.fromCanonical(l.canonical())).isEqualTo(l);
    }

    @Test
    void emptyFieldsAndAbsentPartiesReadBackAsAbsent() {
        ClaimLine l = new ClaimLine("C2", "280017512345678", LocalDate.of(2025, 12, 1), ClaimKind.STAY, "05M092", null, null, null,
                new ClaimLine.Party("10000000019", "CHU", null), null, null, null);
        ClaimLine back = ClaimLine.fromCanonical(l.canonical());
        assertThat(back).isEqualTo(l);
        assertThat(back.prescriber()).isNull();
        assertThat(back.amountCharged()).isNull();
    }

    @Test
    void aLineWithTooFewFieldsIsRefusedNotMisread() {
        assertThatThrownBy(() -> ClaimLine.fromCanonical("C3\u001f280017512345678\u001f2025-12-01"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
