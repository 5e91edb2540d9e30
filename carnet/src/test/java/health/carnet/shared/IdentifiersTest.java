package health.carnet.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ID-1 .. ID-3: the identifiers' validators, pure. */
class IdentifiersTest {

    @Nested
    class NirKey {
        @ParameterizedTest(name = "ID-1 key of {0} is {1}")
        @CsvSource({
                // body, key: computed by hand as 97 - (body mod 97)
                "1850578006084, 91",
                "2550814168025, 38",
                "1000000000000, 47",
                "2991299999999, 11",
        })
        void computesTheKeyAs97MinusTheBodyModulo97(String body, String key) {
            assertThat(Nir.key(body)).isEqualTo(Integer.parseInt(key));
            assertThat(Nir.of(body + key).value()).isEqualTo(body + key);
        }

        @Test
        void countsCorsica2AAs19And2BAs18() {
            // 2A: 1 69 05 2A 004 123 reads as 1690519004123 for the key
            int key2a = 97 - (int) (1690519004123L % 97);
            int key2b = 97 - (int) (1690518004123L % 97);
            assertThat(Nir.key("169052A004123")).isEqualTo(key2a);
            assertThat(Nir.key("169052B004123")).isEqualTo(key2b);
            assertThat(Nir.of("169052A004123" + "%02d".formatted(key2a)).value()).contains("2A");
            assertThat(Nir.of("1 69 05 2b 004 123 " + "%02d".formatted(key2b)).value()).isEqualTo("169052B004123%02d".formatted(key2b));
        }

        @Test
        void rejectsAWrongKeyAndSaysWhichKeyWasExpected() {
            assertThatThrownBy(() -> Nir.of("185057800608492"))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("key does not match").hasMessageContaining("91").hasMessageContaining("92");
        }

        @ParameterizedTest(name = "ID-1 rejects malformed NIR ''{0}''")
        @ValueSource(strings = {"", "   ", "18505780060849", "1850578006084911", "585057800608491", "18505X8006084 91",
                "1850578A0608491"})
        void rejectsMalformedNumbersWithAMessage(String nir) {
            assertThatThrownBy(() -> Nir.of(nir)).isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("NIR");
        }

        @Test
        void acceptsSpacesAndDotsAsTypedOnACard() {
            assertThat(Nir.of("1 85 05 78 006 084 91").value()).isEqualTo("185057800608491");
        }

        @Test
        void completesABodyWithItsKey() {
            assertThat(Nir.withKey("1850578006084").value()).isEqualTo("185057800608491");
        }
    }

    @Nested
    class InsIdentifier {
        @Test
        void parsesTheInsNirSystemAsUrnOrBareOid() {
            Ins ins = Ins.parse("urn:oid:1.2.250.1.213.1.4.8", "185057800608491");
            assertThat(ins.kind()).isEqualTo(Ins.Kind.INS_NIR);
            assertThat(ins.value()).isEqualTo("185057800608491");
            assertThat(Ins.parse("1.2.250.1.213.1.4.8", "185057800608491")).isEqualTo(ins);
            assertThat(ins.toString()).isEqualTo("urn:oid:1.2.250.1.213.1.4.8|185057800608491");
        }

        @Test
        void rejectsAnUnknownSystem() {
            assertThatThrownBy(() -> Ins.parse("urn:oid:1.2.3", "185057800608491"))
                    .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("1.2.250.1.213.1.4.8");
        }

        @Test
        void rejectsAnInsWhoseNirKeyIsWrong() {
            assertThatThrownBy(() -> Ins.parse(Ins.INS_NIR_SYSTEM, "185057800608400"))
                    .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("key");
        }
    }

    @Nested
    class ProfessionalIdentifiers {
        @Test
        void acceptsAnRppsWithItsLuhnDigitPrefixedBy8() {
            String rpps = Idnps.rppsWithCheckDigit("1000000001");
            assertThat(rpps).isEqualTo("10000000017");
            Idnps idnps = Idnps.of("8" + rpps);
            assertThat(idnps.isRpps()).isTrue();
            assertThat(idnps.number()).isEqualTo(rpps);
            assertThat(Idnps.SYSTEM).isEqualTo("urn:oid:1.2.250.1.71.4.2.1");
        }

        @Test
        void rejectsAnRppsWithAWrongCheckDigit() {
            assertThatThrownBy(() -> Idnps.of("810000000018")).isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("check digit");
        }

        @ParameterizedTest(name = "ID-3 rejects IDNPS ''{0}''")
        @ValueSource(strings = {"", "10000000017", "91000000001", "81000000001", "8100000000177", "8ABCDEFGHIJK",
                "0123", "075ABC00001"})
        void rejectsMalformedIdnps(String value) {
            assertThatThrownBy(() -> Idnps.of(value)).isInstanceOf(InvalidIdentifierException.class);
        }

        @Test
        void acceptsAnAdeliPrefixedBy0IncludingCorsica() {
            assertThat(Idnps.of("0751234567").isRpps()).isFalse();
            assertThat(Idnps.adeli("2A1234567").value()).isEqualTo("02A1234567");
        }
    }

    @Nested
    class FinessNumber {
        @Test
        void acceptsAValidFinessAndRejectsAWrongCheckDigit() {
            Finess f = Finess.withCheckDigit("75000001");
            assertThat(Finess.of(f.value())).isEqualTo(f);
            String wrong = f.value().substring(0, 8) + ((f.value().charAt(8) - '0' + 1) % 10);
            assertThatThrownBy(() -> Finess.of(wrong)).isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("check digit");
        }

        @Test
        void knownPublishedFinessValidates() {
            // AP-HP's legal entity, as published in the FINESS register
            assertThat(Finess.of("750712184").value()).isEqualTo("750712184");
        }

        @Test
        void acceptsCorsicanDepartments() {
            assertThat(Finess.withCheckDigit("2A000013").value()).startsWith("2A");
        }

        @ParameterizedTest(name = "ID-3 rejects FINESS ''{0}''")
        @ValueSource(strings = {"", "12345678", "1234567890", "ABCDEFGHI", "2C0000135"})
        void rejectsMalformedFiness(String value) {
            assertThatThrownBy(() -> Finess.of(value)).isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("FINESS");
        }
    }

    @Test
    void foldsNamesForAccentAndCaseInsensitiveSearch() {
        assertThat(Text.fold("Éloïse  D'Arc-Martin")).isEqualTo("eloise d arc martin");
        assertThat(Text.fold(null)).isEmpty();
    }
}
