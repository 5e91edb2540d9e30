package health.carnet.web.internal.pro;

import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Whatever goes wrong on /pro ends on a French page with the right status: never a stack, a class name or SQL. */
@ControllerAdvice(basePackageClasses = ProErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProErrors {

    @ExceptionHandler(Problem.class)
    String problem(Problem p, jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(p.kind().status());
        if (p.kind() == Problem.Kind.NOT_FOUND || p.kind() == Problem.Kind.GONE) {
            return "pro/introuvable";
        }
        Refusals refusal = Refusals.of(p);
        // a page may name its own refusal for a rule whose general wording speaks of something else (the médecin
        // traitant's screen is refused by the history's rule, AUD-2, but is about blocks and the status)
        Object own = request.getAttribute(Refusals.PAGE_ATTRIBUTE);
        if (own instanceof Refusals.Own o && o.rule().equals(refusal.rule())) {
            refusal = new Refusals(o.key());
        }
        model.addAttribute("refus", refusal);
        return "pro/refus";
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, org.springframework.validation.BindException.class})
    String badRequest(HttpServletResponse response) {
        response.setStatus(400);
        return "pro/introuvable";
    }
}
