/**
 * Who may see what (SPEC §6–§8): the pure {@link health.carnet.access.AccessPolicy} that decides,
 * default deny, naming the rule that decided; the {@link health.carnet.access.Gate} every entry
 * point goes through, which gathers the facts, asks the policy, audits the decision and hands out
 * the {@link health.carnet.shared.Permit} that the modules holding clinical data require.
 * Owns tables {@code access_consent} (with {@code access_consent_version}, {@code access_break_glass}), and the
 * small global tables {@code access_consent_locator} (a consent id to its dossier) and {@code access_oral_declaration}
 * (ACC-2's oral consents by who declared them), issue #15.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "audit", "directory", "dossier", "notification"})
package health.carnet.access;
