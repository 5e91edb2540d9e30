package health.carnet.web.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the controllers of the patients' portal, so that its error handling applies to them only. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface PatientPages {
}
