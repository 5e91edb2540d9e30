package health.carnet.feed.internal;

import health.carnet.shared.Command;
import health.carnet.feed.ImportReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code feed-import FILE…}: imports the insurer's files one after the other, with a progress bar
 * on a terminal and the report of each; exit code 0 when every line went in, 3 when lines were
 * rejected, 1 when a file was refused or could not be read. {@code feed-retention}: the 24-month purge.
 */
@Configuration(proxyBeanMethods = false)
class FeedCommands {

    @Bean
    Command feedImportCommand(Importer importer) {
        return new Command() {
            @Override
            public String name() {
                return "feed-import";
            }

            @Override
            public int run(List<String> files) {
                if (files.isEmpty()) {
                    System.err.println("usage: feed-import FILE... (claims or insured persons, CSV or NDJSON; see docs/feed.md)");
                    return 2;
                }
                PrintStream terminal = System.console() != null ? System.err : null;
                int code = 0;
                for (String f : files) {
                    Path path = Path.of(f);
                    if (!Files.isRegularFile(path)) {
                        System.out.println(f + ": no such file");
                        code = Math.max(code, 1);
                        continue;
                    }
                    try {
                        ImportReport r = importer.importFile(path, terminal);
                        print(r, System.out);
                        code = Math.max(code, !r.accepted() ? 1 : r.rejected() > 0 ? 3 : 0);
                    } catch (Exception e) {
                        System.out.println(f + ": import stopped: " + e.getMessage() + " (run the same command again to resume)");
                        code = Math.max(code, 1);
                    }
                }
                // the claims are in; the REMB documents of the touched dossiers follow (FEED-4): the command
                // returns once they are filed, so that its end means the whole is there
                long t = System.nanoTime();
                int rendered = importer.awaitDocuments();
                if (rendered > 0) {
                    System.out.printf("REMB \"Données de remboursement\": %d dossier(s) filed again in %.1f s%n", rendered,
                            (System.nanoTime() - t) / 1e9);
                }
                return code == 3 ? 3 : code;
            }
        };
    }

    @Bean
    Command feedRetentionCommand(FeedRetention retention) {
        return new Command() {
            @Override
            public String name() {
                return "feed-retention";
            }

            @Override
            public int run(List<String> args) {
                System.out.println("feed-retention: " + retention.purge() + " entr(ies) older than 24 months purged");
                return 0;
            }
        };
    }

    static void print(ImportReport r, PrintStream out) {
        out.println(r.summary());
        r.rejections().stream().limit(100).forEach(x -> out.println("  line " + x.line() + ": " + x.reason()));
        if (r.rejections().size() > 100 || r.rejected() > r.rejections().size()) {
            out.println("  ... " + (r.rejected() - Math.min(100, r.rejections().size())) + " more rejected line(s)");
        }
    }
}
