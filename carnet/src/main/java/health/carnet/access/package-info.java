/**
 * Who may see what (SPEC §6–§8): the pure {@link health.carnet.access.AccessPolicy} that decides,
 * default deny, naming the rule that decided; the {@link health.carnet.access.Gate} every entry
 * point goes through, which gathers the facts, asks the policy, audits the decision and hands out
 * the {@link health.carnet.shared.Permit} that the modules holding clinical data require.
 * Owns tables {@code access_consent}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "audit", "directory", "dossier", "notification"})
package health.carnet.access;
