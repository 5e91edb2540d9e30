package health.carnet.support;

import health.carnet.demo.DemoDirectory;
import health.carnet.demo.DemoDirectory.Person;

/** Demo people tests act as, found by name in the demo directory. */
public final class Demo {
    private Demo() {
    }

    public static Person person(String lastName) {
        return DemoDirectory.people().stream().filter(p -> p.lastName().equals(lastName)).findFirst().orElseThrow();
    }

    /** The dossier of a demo patient, by login. */
    public static health.carnet.dossier.Dossier dossier(health.carnet.dossier.Dossiers dossiers, String login) {
        return dossiers.findByIns(health.carnet.shared.Ins.nir(health.carnet.shared.Nir.of(
                health.carnet.demo.DemoPatients.byLogin(login).nir()))).orElseThrow();
    }

    /** Dr Claire Martin, general practitioner in Paris. */
    public static String gp() {
        return person("Martin").idnps();
    }
}
