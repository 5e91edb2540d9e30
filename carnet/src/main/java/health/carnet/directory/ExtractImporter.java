package health.carnet.directory;

import health.carnet.directory.internal.DirectoryRepository;
import health.carnet.directory.internal.DirectoryRepository.ActivityRow;
import health.carnet.directory.internal.DirectoryRepository.ProfessionalRow;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the public directory extract ("PS_LibreAcces_Personne_activite"): UTF-8, pipe-separated,
 * one line per activity, a trailing pipe. Columns are found by header name, so extracts with or
 * without the savoir-faire columns both load. A bad line is reported with its number and skipped;
 * the rest is imported in batches, each its own transaction, so a large file is resumable by
 * simply importing it again (every write is an upsert).
 */
@Service
public class ExtractImporter {

    static final String COL_IDNPS = "Identification nationale PP";
    static final String COL_LAST_NAME = "Nom d'exercice";
    static final String COL_PROFESSION = "Code profession";
    /** Carnet's own optional column: the role of the activity (default CARE), for staff the extract lacks. */
    public static final String COL_ROLE = "Rôle Carnet";
    /**
     * Optional: the professional's MSSanté mailbox ("Adresse BAL", as the MSSanté directory extract
     * names it), joined to the activity line by whoever prepares the file; kept when a later line lacks it.
     */
    public static final String COL_MSSANTE = "Adresse BAL";
    private static final List<String> REQUIRED = List.of(COL_IDNPS, COL_LAST_NAME, COL_PROFESSION);
    private static final int BATCH = 2_000;
    private static final long PROGRESS_EVERY = 100_000;

    private final DirectoryRepository repository;
    private final TransactionTemplate transactions;

    ExtractImporter(DirectoryRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    /**
     * @param progress receives a line of progress every 100,000 lines
     * @throws IllegalArgumentException when the header lacks a required column: nothing is imported
     */
    public ImportReport importExtract(BufferedReader reader, Consumer<String> progress) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IllegalArgumentException("The directory extract is empty: expected a header line first.");
        }
        Columns columns = Columns.of(header.startsWith("\uFEFF") ? header.substring(1) : header);
        long lineNumber = 1;
        long imported = 0;
        List<ImportReport.Rejection> rejections = new ArrayList<>();
        Batch batch = new Batch();
        String line;
        long started = System.nanoTime();
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                batch.add(columns.parse(line));
            } catch (IllegalArgumentException e) {
                rejections.add(new ImportReport.Rejection(lineNumber, e.getMessage()));
            }
            if (batch.size() >= BATCH) {
                imported += flush(batch);
            }
            if (lineNumber % PROGRESS_EVERY == 0) {
                double seconds = (System.nanoTime() - started) / 1e9;
                progress.accept("directory import: %,d lines read, %,d rejected, %.0f lines/s"
                        .formatted(lineNumber - 1, rejections.size(), (lineNumber - 1) / Math.max(seconds, 0.001)));
            }
        }
        imported += flush(batch);
        progress.accept("directory import done: %,d lines, %,d activities imported, %,d rejected"
                .formatted(lineNumber - 1, imported, rejections.size()));
        return new ImportReport(lineNumber - 1, imported, List.copyOf(rejections));
    }

    private long flush(Batch batch) {
        if (batch.size() == 0) {
            return 0;
        }
        int n = batch.size();
        transactions.executeWithoutResult(tx -> {
            repository.upsertStructures(new ArrayList<>(batch.structures.values()));
            repository.upsertProfessionals(new ArrayList<>(batch.professionals.values()));
            repository.upsertActivities(new ArrayList<>(batch.activities.values()));
        });
        batch.clear();
        return n;
    }

    record Parsed(ProfessionalRow professional, Structure structure, ActivityRow activity) {
    }

    private static final class Batch {
        final Map<String, Structure> structures = new LinkedHashMap<>();
        final Map<String, ProfessionalRow> professionals = new LinkedHashMap<>();
        final Map<String, ActivityRow> activities = new LinkedHashMap<>();

        void add(Parsed p) {
            if (p.structure() != null) {
                structures.put(p.structure().id(), p.structure());
            }
            professionals.put(p.professional().idnps(), p.professional());
            ActivityRow a = p.activity();
            // the same activity twice in one batch would make one upsert statement hit a row twice
            activities.put(a.idnps() + "|" + a.structureId() + "|" + a.specialtyCode() + "|" + a.role(), a);
        }

        int size() {
            return activities.size();
        }

        void clear() {
            structures.clear();
            professionals.clear();
            activities.clear();
        }
    }

    /** Column positions found by header name. */
    record Columns(Map<String, Integer> index, int width) {

        static Columns of(String header) {
            String[] names = header.split("\\|", -1);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                index.putIfAbsent(names[i].trim(), i);
            }
            List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("The directory extract's header lacks the required column(s) "
                        + missing + "; is this a 'Personne_activite' extract, pipe-separated?");
            }
            return new Columns(index, names.length);
        }

        String get(String[] cells, String column) {
            Integer i = index.get(column);
            if (i == null || i >= cells.length) {
                return null;
            }
            String v = cells[i].trim();
            return v.isEmpty() ? null : v;
        }

        Parsed parse(String line) {
            String[] cells = line.split("\\|", -1);
            if (cells.length < index.get(COL_PROFESSION) + 1) {
                throw new IllegalArgumentException("only " + cells.length + " fields; the header has " + width);
            }
            String rawId = get(cells, COL_IDNPS);
            Idnps idnps;
            try {
                idnps = Idnps.of(rawId);
            } catch (InvalidIdentifierException e) {
                throw new IllegalArgumentException("column '" + COL_IDNPS + "': " + e.getMessage());
            }
            String lastName = get(cells, COL_LAST_NAME);
            if (lastName == null) {
                throw new IllegalArgumentException("column '" + COL_LAST_NAME + "' is empty");
            }
            String profession = get(cells, COL_PROFESSION);
            if (profession == null) {
                throw new IllegalArgumentException("column '" + COL_PROFESSION + "' is empty");
            }
            String finessSite = get(cells, "Numéro FINESS site");
            if (finessSite != null) {
                try {
                    finessSite = Finess.of(finessSite).value();
                } catch (InvalidIdentifierException e) {
                    throw new IllegalArgumentException("column 'Numéro FINESS site': " + e.getMessage());
                }
            }
            String technicalId = get(cells, "Identifiant technique de la structure");
            String structureId = finessSite != null ? finessSite : technicalId;
            String city = get(cells, "Libellé commune (coord. structure)");
            Structure structure = null;
            if (structureId != null) {
                String name = firstNonNull(get(cells, "Raison sociale site"), get(cells, "Enseigne commerciale site"),
                        "Cabinet " + lastName);
                structure = new Structure(structureId, finessSite, name, get(cells, "Code secteur d'activité"),
                        get(cells, "Libellé secteur d'activité"), get(cells, "Code postal (coord. structure)"),
                        get(cells, "Code commune (coord. structure)"), city);
            }
            ProfessionalRow professional = new ProfessionalRow(idnps.value(), get(cells, "Libellé civilité exercice"),
                    lastName, get(cells, "Prénom d'exercice"), profession, get(cells, "Libellé profession"),
                    get(cells, "Code catégorie professionnelle"), mssante(get(cells, COL_MSSANTE)));
            String specialtyType = get(cells, "Code type savoir-faire");
            boolean specialty = specialtyType == null || "S".equals(specialtyType) || "CEX".equals(specialtyType);
            ActivityRow activity = new ActivityRow(idnps.value(),
                    specialty ? get(cells, "Code savoir-faire") : null,
                    specialty ? get(cells, "Libellé savoir-faire") : null,
                    get(cells, "Code mode exercice"), structureId, role(get(cells, COL_ROLE)), get(cells, "Code fonction"), city,
                    DirectoryRepository.nameNorm(lastName, get(cells, "Prénom d'exercice")));
            return new Parsed(professional, structure, activity);
        }

        private static String mssante(String address) {
            if (address == null) {
                return null;
            }
            if (!address.matches("[^@\\s|]+@[^@\\s|]+\\.[^@\\s|]+")) {
                throw new IllegalArgumentException("column '" + COL_MSSANTE + "': '" + address + "' is not a mail address");
            }
            return address.toLowerCase(java.util.Locale.ROOT);
        }

        private static ActorRole role(String text) {
            return text == null ? ActorRole.CARE : ActorRole.parse(text);
        }

        private static String firstNonNull(String... values) {
            for (String v : values) {
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }
}
