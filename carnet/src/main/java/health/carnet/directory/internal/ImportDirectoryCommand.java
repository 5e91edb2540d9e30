package health.carnet.directory.internal;

import health.carnet.directory.ExtractImporter;
import health.carnet.directory.ImportReport;
import health.carnet.shared.Command;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code import-directory <extract.txt>}: imports the public directory extract; bad lines are reported by number. */
@Component
class ImportDirectoryCommand implements Command {

    private final ExtractImporter importer;

    ImportDirectoryCommand(ExtractImporter importer) {
        this.importer = importer;
    }

    @Override
    public String name() {
        return "import-directory";
    }

    @Override
    public int run(List<String> files) {
        if (files.isEmpty()) {
            System.err.println("usage: import-directory <extract.txt>");
            return 2;
        }
        try (BufferedReader reader = Files.newBufferedReader(Path.of(files.get(0)), StandardCharsets.UTF_8)) {
            ImportReport report = importer.importExtract(reader, System.out::println);
            report.rejections().stream().limit(100).forEach(r -> System.out.println("line " + r.line() + ": " + r.reason()));
            return report.rejections().isEmpty() ? 0 : 3;
        } catch (Exception e) {
            System.err.println("import failed: " + e.getMessage());
            return 1;
        }
    }
}
