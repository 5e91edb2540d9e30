package health.carnet.dossier;

import java.time.LocalDate;
import java.time.Period;

/** Age rules (DOS-4, MIN-4): majority at 18; a minor from 16 with their own NIR may hold their own dossier. */
public final class Minors {
    public static final int MAJORITY = 18;

    private Minors() {
    }

    public static int age(LocalDate birthDate, LocalDate day) {
        return Period.between(birthDate, day).getYears();
    }

    public static boolean isMinor(LocalDate birthDate, LocalDate day) {
        return age(birthDate, day) < MAJORITY;
    }
}
