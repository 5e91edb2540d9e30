package health.carnet;

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

    /**
     * With no argument (or only {@code --options}), runs the server; with a command name first (see
     * README), runs that command without the web server and exits. The commands are the modules'
     * {@code Command} beans: an unknown name exits with 2 and lists them.
     */
    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            SpringApplication app = new SpringApplication(CarnetApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            String[] withCommand = new String[rest.length + 4];
            withCommand[0] = "--carnet.command=" + args[0];
            withCommand[1] = "--carnet.demo-data=false";
            withCommand[2] = "--spring.main.banner-mode=off";
            // a command serves no page: without this the local outbox's demo-only guard stops every command at start
            withCommand[3] = "--carnet.notification.local-outbox=false";
            System.arraycopy(rest, 0, withCommand, 4, rest.length);
            System.exit(SpringApplication.exit(app.run(withCommand)));
        }
        SpringApplication.run(CarnetApplication.class, args);
    }
}
