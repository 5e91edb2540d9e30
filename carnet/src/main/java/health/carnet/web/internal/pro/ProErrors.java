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
    String problem(Problem p, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(p.kind().status());
        if (p.kind() == Problem.Kind.NOT_FOUND || p.kind() == Problem.Kind.GONE) {
            return "pro/introuvable";
        }
        model.addAttribute("refus", Refusals.of(p));
        return "pro/refus";
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, org.springframework.validation.BindException.class})
    String badRequest(HttpServletResponse response) {
        response.setStatus(400);
        return "pro/introuvable";
    }
}
