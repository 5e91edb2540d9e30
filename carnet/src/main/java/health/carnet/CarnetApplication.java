package health.carnet;

import health.carnet.cli.Commands;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CarnetApplication {

    /** With no argument, runs the server; with a command name first (see README), runs that and exits. */
    public static void main(String[] args) {
        if (args.length > 0 && Commands.NAMES.contains(args[0])) {
            SpringApplication app = new SpringApplication(CarnetApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            String[] withCommand = new String[rest.length + 3];
            withCommand[0] = "--carnet.command=" + args[0];
            withCommand[1] = "--carnet.demo-data=false";
            withCommand[2] = "--spring.main.banner-mode=off";
            System.arraycopy(rest, 0, withCommand, 3, rest.length);
            System.exit(SpringApplication.exit(app.run(withCommand)));
        }
        SpringApplication.run(CarnetApplication.class, args);
    }
}
