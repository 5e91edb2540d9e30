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
}
