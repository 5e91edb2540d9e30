package health.carnet.support;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.shared.Nir;
import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/** Fresh insured persons for tests: a new valid NIR each time, registered with the insurer. */
public final class Insured {
    private Insured() {
    }

    public static DemoSupport.Insured register(DemoSupport support, LocalDate birth, String email) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String body = "1" + "%02d%02d".formatted(birth.getYear() % 100, birth.getMonthValue()) + "%02d".formatted(r.nextInt(1, 96))
                + "%03d%03d".formatted(r.nextInt(1, 990), r.nextInt(1, 999));
        DemoSupport.Insured p = new DemoSupport.Insured(Nir.withKey(body).value(), "Testeur", "Jean-" + r.nextInt(1000),
                birth, 'M', "CVT" + r.nextInt(100_000, 999_999), email, "1 place du Test, Paris");
        support.registerInsured(p);
        return p;
    }
}
