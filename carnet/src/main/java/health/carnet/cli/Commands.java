package health.carnet.cli;

import health.carnet.audit.AuditTrail;
import health.carnet.audit.ChainVerification;
import health.carnet.directory.ExtractImporter;
import health.carnet.directory.ImportReport;
import health.carnet.dossier.Dossiers;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs the command named by {@code --carnet.command} (set by {@link #main}); prints its result.
 * The exit code says whether it succeeded.
 */
@Component
@Order(100)
public class Commands implements ApplicationRunner, ExitCodeGenerator {

    public static final List<String> NAMES = List.of("retention", "verify-audit", "import-directory", "rotate-master-key",
            "generate-data", "retire-master-keys", "destroy-ended-epochs");

    private final ObjectProvider<Dossiers> dossiers;
    private final ObjectProvider<AuditTrail> audit;
    private final ObjectProvider<ExtractImporter> importer;
    private final List<ExtraCommand> extra;
    private int exitCode;

    Commands(ObjectProvider<Dossiers> dossiers, ObjectProvider<AuditTrail> audit, ObjectProvider<ExtractImporter> importer,
             List<ExtraCommand> extra) {
        this.dossiers = dossiers;
        this.audit = audit;
        this.importer = importer;
        this.extra = extra;
    }

    /** A command contributed by another module (key rotation lives with the keys). */
    public interface ExtraCommand {
        String name();

        /** Runs; returns the exit code. */
        int run(List<String> args) throws Exception;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<String> command = args.getOptionValues("carnet.command");
        if (command == null || command.isEmpty()) {
            return;
        }
        String name = command.get(0);
        List<String> rest = args.getNonOptionArgs();
        Map<String, Function<List<String>, Integer>> builtIn = Map.of(
                "retention", a -> retention(),
                "verify-audit", a -> verifyAudit(),
                "import-directory", this::importDirectory);
        if (builtIn.containsKey(name)) {
            exitCode = builtIn.get(name).apply(rest);
            return;
        }
        for (ExtraCommand c : extra) {
            if (c.name().equals(name)) {
                exitCode = c.run(rest);
                return;
            }
        }
        System.err.println("Unknown command '" + name + "'. Commands: " + NAMES);
        exitCode = 2;
    }

    private int retention() {
        int destroyed = dossiers.getObject().runRetention();
        int majority = dossiers.getObject().runMajority();
        System.out.println("retention: " + destroyed + " dossier(s) destroyed, " + majority + " reached majority");
        return 0;
    }

    private int verifyAudit() {
        ChainVerification v = audit.getObject().verify();
        if (v.intact()) {
            System.out.println("audit chain intact: " + v.entries() + " entries verified");
            return 0;
        }
        System.out.println("audit chain BROKEN at entry " + v.firstBrokenId() + ": " + v.problem());
        return 1;
    }

    private int importDirectory(List<String> files) {
        if (files.isEmpty()) {
            System.err.println("usage: import-directory <extract.txt>");
            return 2;
        }
        try (BufferedReader reader = Files.newBufferedReader(Path.of(files.get(0)), StandardCharsets.UTF_8)) {
            ImportReport report = importer.getObject().importExtract(reader, System.out::println);
            report.rejections().stream().limit(100).forEach(r -> System.out.println("line " + r.line() + ": " + r.reason()));
            return report.rejections().isEmpty() ? 0 : 3;
        } catch (Exception e) {
            System.err.println("import failed: " + e.getMessage());
            return 1;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
