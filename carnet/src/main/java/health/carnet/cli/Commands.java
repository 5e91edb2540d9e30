package health.carnet.cli;

import health.carnet.shared.Command;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs the command named by {@code --carnet.command} (set by {@code CarnetApplication.main}) among
 * the {@link Command} beans the modules register; prints its result. The exit code says whether it
 * succeeded (2: no such command, with the list of those that exist).
 */
@Component
@Order(100)
class Commands implements ApplicationRunner, ExitCodeGenerator {

    private final List<Command> commands;
    private int exitCode;

    Commands(List<Command> commands) {
        this.commands = commands;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<String> command = args.getOptionValues("carnet.command");
        if (command == null || command.isEmpty()) {
            return;
        }
        String name = command.get(0);
        for (Command c : commands) {
            if (c.name().equals(name)) {
                exitCode = c.run(args.getNonOptionArgs());
                return;
            }
        }
        System.err.println("Unknown command '" + name + "'. Commands: " + commands.stream().map(Command::name).sorted().toList());
        exitCode = 2;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
