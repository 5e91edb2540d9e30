package health.carnet.feed.internal;

import health.carnet.feed.FeedSettings;
import health.carnet.feed.ImportReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The watched inbox ({@code carnet.feed.inbox}): every regular file dropped there (not starting with
 * a dot: write to a dot-file and rename when complete) is imported, then moved to {@code done/} or,
 * when refused, to {@code rejected/}, with its report beside it ({@code <name>.report.txt}). A file
 * whose import stopped (crash, database down) stays in place and resumes at the next look.
 */
@Component
@ConditionalOnProperty(name = "carnet.feed.inbox")
class FeedInbox {

    private static final Logger log = LoggerFactory.getLogger(FeedInbox.class);

    private final Importer importer;
    private final FeedSettings settings;

    FeedInbox(Importer importer, FeedSettings settings) {
        this.importer = importer;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${carnet.feed.inbox-poll:10s}", initialDelayString = "${carnet.feed.inbox-poll:10s}")
    void poll() {
        Path inbox = settings.inboxPath();
        if (inbox == null) {
            return;
        }
        try {
            Files.createDirectories(inbox.resolve("done"));
            Files.createDirectories(inbox.resolve("rejected"));
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(inbox,
                    p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))) {
                dir.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) {
                importOne(inbox, f);
            }
        } catch (IOException e) {
            log.warn("feed inbox {} not readable: {}", inbox, e.getMessage());
        }
    }

    void importOne(Path inbox, Path f) throws IOException {
        ImportReport r;
        try {
            r = importer.importFile(f, null);
        } catch (RuntimeException e) {
            log.warn("feed inbox: import of {} stopped ({}); it resumes at the next look", f.getFileName(), e.getMessage());
            return;
        }
        Path target = inbox.resolve(r.accepted() ? "done" : "rejected").resolve(f.getFileName());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        FeedCommands.print(r, new PrintStream(text, true, StandardCharsets.UTF_8));
        Files.write(target.resolveSibling(f.getFileName() + ".report.txt"), text.toByteArray());
        Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
        log.info("feed inbox: {}", r.summary());
    }
}
