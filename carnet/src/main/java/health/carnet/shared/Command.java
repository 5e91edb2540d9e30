package health.carnet.shared;

import java.util.List;

/**
 * An operator command (API-3), {@code java -jar carnet-exec.jar <name> [args]}: each module
 * registers its own as a bean (key rotation with the keys, retention with the dossiers, audit
 * verification with the trail); the cli module finds them all, so no list is kept by hand.
 */
public interface Command {

    /** The name typed on the command line, e.g. {@code verify-audit}. */
    String name();

    /** Runs with the arguments after the name; returns the process exit code (0 for success). */
    int run(List<String> args) throws Exception;
}
