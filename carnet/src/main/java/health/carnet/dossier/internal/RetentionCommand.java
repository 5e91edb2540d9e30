package health.carnet.dossier.internal;

import health.carnet.dossier.Dossiers;
import health.carnet.shared.Command;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code retention}: what the daily job does (DOS-5, MIN-4), on demand. */
@Component
class RetentionCommand implements Command {

    private final Dossiers dossiers;

    RetentionCommand(Dossiers dossiers) {
        this.dossiers = dossiers;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public int run(List<String> args) {
        int destroyed = dossiers.runRetention();
        int majority = dossiers.runMajority();
        System.out.println("retention: " + destroyed + " dossier(s) destroyed, " + majority + " reached majority");
        return 0;
    }
}
