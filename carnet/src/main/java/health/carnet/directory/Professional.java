package health.carnet.directory;

import health.carnet.shared.Idnps;
import java.util.List;

/** A professional of the directory with their activities. */
public record Professional(Idnps idnps, String civility, String lastName, String firstName,
                           String professionCode, String professionLabel, List<Activity> activities) {

    public String displayName() {
        return ((firstName == null ? "" : firstName + " ") + lastName).trim();
    }

    /** The first activity: used when a token or a screen needs one structure and one role. */
    public Activity mainActivity() {
        return activities.isEmpty() ? null : activities.get(0);
    }
}
