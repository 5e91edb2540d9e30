/**
 * The operators' command line (API-3): {@code java -jar carnet-exec.jar <command>} runs one task
 * without the web server and exits with 0 on success. The commands are the
 * {@link health.carnet.shared.Command} beans each module registers. Owns no table.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package health.carnet.cli;
