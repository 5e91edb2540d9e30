package health.carnet.document.internal;

import health.carnet.shared.Command;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * {@code move-content-to-s3 [--dossier <id>] [--batch <n>]}: moves document bodies from PostgreSQL
 * to the configured S3 store, while the server keeps serving them (issue #15).
 */
@Component
class MoveContentToS3Command implements Command {

    private final ContentMove move;

    MoveContentToS3Command(ContentMove move) {
        this.move = move;
    }

    @Override
    public String name() {
        return "move-content-to-s3";
    }

    @Override
    public int run(List<String> args) {
        UUID dossier = null;
        int batch = 500;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--dossier" -> dossier = UUID.fromString(args.get(++i));
                case "--batch" -> batch = Integer.parseInt(args.get(++i));
                default -> {
                    System.out.println("usage: move-content-to-s3 [--dossier <id>] [--batch <n>]");
                    return 2;
                }
            }
        }
        long moved = move.moveAllToS3(dossier, batch);
        System.out.println("document bodies moved to S3: " + moved);
        return 0;
    }
}
