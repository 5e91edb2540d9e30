package health.carnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.shared.ActorRole;
import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import health.carnet.support.IntegrationTest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The importer of the public directory extract, on generated samples shaped like the real file. */
@IntegrationTest
class ExtractImporterTest {

    @Autowired
    ExtractImporter importer;
    @Autowired
    Directory directory;

    /** The real header, as published (copied from shared/data), 56 columns. */
    static String realHeader() throws Exception {
        return new String(ExtractImporterTest.class.getResourceAsStream("/annuaire-sante-personne-activite.header.txt").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    static String line(String header, java.util.Map<String, String> values) {
        String[] names = header.split("\\|", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length - 1; i++) {
            b.append(values.getOrDefault(names[i], "")).append('|');
        }
        return b.toString();
    }

    static java.util.Map<String, String> row(String idnps, String last, String first, String specialty, String finess,
                                             String city) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        m.put("Type d'identifiant PP", "8");
        m.put("Identifiant PP", idnps.substring(1));
        m.put("Identification nationale PP", idnps);
        m.put("Libellé civilité exercice", "Docteur");
        m.put("Nom d'exercice", last);
        m.put("Prénom d'exercice", first);
        m.put("Code profession", "10");
        m.put("Libellé profession", "Médecin");
        m.put("Code type savoir-faire", "S");
        m.put("Code savoir-faire", specialty);
        m.put("Libellé savoir-faire", "Spécialité " + specialty);
        m.put("Code mode exercice", "L");
        m.put("Numéro FINESS site", finess);
        m.put("Identifiant technique de la structure", "T-" + last);
        m.put("Raison sociale site", "Cabinet " + last);
        m.put("Code postal (coord. structure)", "35000");
        m.put("Code commune (coord. structure)", "35238");
        m.put("Libellé commune (coord. structure)", city);
        return m;
    }

    @Test
    void importsTheRealHeaderFindsColumnsByNameAndReportsBadLinesWithTheirNumber() throws Exception {
        String header = realHeader();
        assertThat(header.split("\\|", -1)).hasSize(57); // 56 columns and the trailing pipe
        String ok1 = Idnps.rpps(Idnps.rppsWithCheckDigit("2000000001")).value();
        String ok2 = Idnps.rpps(Idnps.rppsWithCheckDigit("2000000002")).value();
        String finess = Finess.withCheckDigit("35000001").value();
        String text = String.join("\n", header,
                line(header, row(ok1, "Le Bihan", "Gwénaëlle", "SM54", finess, "Rennes")),
                line(header, row("812345678901", "Faux", "Numéro", "SM54", "", "Rennes")),   // bad RPPS key
                line(header, row(ok2, "Kerjean", "Yann", "SM04", "", "Saint-Malo")),
                line(header, row(ok2, "", "Sans nom", "SM04", "", "Brest")),              // missing last name
                "too|short");
        List<String> progress = new ArrayList<>();
        ImportReport report = importer.importExtract(new BufferedReader(new StringReader(text)), progress::add);

        assertThat(report.lines()).isEqualTo(5);
        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.rejections()).extracting(ImportReport.Rejection::line).containsExactly(3L, 5L, 6L);
        assertThat(report.rejections().get(0).reason()).contains("Identification nationale PP").contains("check digit");
        assertThat(report.rejections().get(1).reason()).contains("Nom d'exercice");
        assertThat(progress).last().asString().contains("5 lines").contains("3 rejected");

        Professional p = directory.professional(Idnps.of(ok1)).orElseThrow();
        assertThat(p.lastName()).isEqualTo("Le Bihan");
        assertThat(p.activities()).singleElement().satisfies(a -> {
            assertThat(a.specialtyCode()).isEqualTo("SM54");
            assertThat(a.structure().finess()).isEqualTo(finess);
            assertThat(a.structure().city()).isEqualTo("Rennes");
            assertThat(a.role()).isEqualTo(ActorRole.CARE);
        });
    }

    @Test
    void importingTheSameFileTwiceStoresEachActivityOnce() throws Exception {
        String header = realHeader();
        String id = Idnps.rpps(Idnps.rppsWithCheckDigit("2000000101")).value();
        String text = header + "\n" + line(header, row(id, "Twice", "Once", "SM41", "", "Vannes"));
        importer.importExtract(new BufferedReader(new StringReader(text)), s -> { });
        importer.importExtract(new BufferedReader(new StringReader(text)), s -> { });
        assertThat(directory.professional(Idnps.of(id)).orElseThrow().activities()).hasSize(1);
    }

    @Test
    void loadsAnExtractWithoutTheSavoirFaireColumns() throws Exception {
        String header = realHeader().replace("Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|", "");
        String id = Idnps.rpps(Idnps.rppsWithCheckDigit("2000000201")).value();
        ImportReport report = importer.importExtract(new BufferedReader(new StringReader(
                header + "\n" + line(header, row(id, "Sansspec", "Ana", "SM41", "", "Quimper")))), s -> { });
        assertThat(report.rejections()).isEmpty();
        assertThat(directory.professional(Idnps.of(id)).orElseThrow().activities().get(0).specialtyCode()).isNull();
    }

    @Test
    void refusesAFileWhoseHeaderLacksARequiredColumnAndNamesIt() {
        String header = "Identifiant PP|Nom d'exercice|Code profession|";
        assertThatThrownBy(() -> importer.importExtract(new BufferedReader(new StringReader(header + "\n1|X|10|")), s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Identification nationale PP");
    }
}
