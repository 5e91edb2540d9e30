package health.carnet.web.internal.pro;

import org.springframework.stereotype.Component;

/** Value-set names for the pro templates ({@code ${@proNames.specialty(...)}}), in the page's language. */
@Component("proNames")
public class ProNames {

    public String profession(String code, String french) {
        return FrenchValueSets.profession(code, french);
    }

    public String specialty(String code, String french) {
        return FrenchValueSets.specialty(code, french);
    }

    /**
     * French elision before a name: "d’" before a vowel or a mute h, "de " otherwise ("Dossier d’Elise
     * Guerin", "Dossier de Lucas Petit"); the French messages take it as their argument {1}.
     */
    public String de(String name) {
        return elision(name);
    }

    static String elision(String name) {
        if (name == null || name.isBlank()) {
            return "de ";
        }
        char c = Character.toLowerCase(name.strip().charAt(0));
        return "aàâäeéèêëiîïoôöuùûüyh".indexOf(c) >= 0 ? "d’" : "de ";
    }
}
