package health.carnet.web.internal;

import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The patients' portal never shows a raw error: no login sends to the login page (saying when the
 * session expired, and coming back to the page afterwards), a refusal or a missing page is a French
 * page with what to do, and anything unexpected is logged and answered with the neutral 500 page.
 */
@ControllerAdvice(annotations = PatientPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalAdvice {

    private static final Logger log = LoggerFactory.getLogger(PortalAdvice.class);

    @ExceptionHandler(PortalSession.NotLoggedIn.class)
    String notLoggedIn(HttpServletRequest request) {
        loginAgain(request);
        return "redirect:/portail/connexion";
    }

    /** Remembers where the person was (a page, not a form post) and whether their session expired. */
    static void loginAgain(HttpServletRequest request) {
        boolean expired = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
        HttpSession fresh = request.getSession(true);
        if (expired) {
            fresh.setAttribute(PortalSession.EXPIRED, Boolean.TRUE);
        }
        if ("GET".equals(request.getMethod()) && request.getRequestURI().startsWith("/portail/")) {
            fresh.setAttribute(PortalSession.RESUME, request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        }
    }

    @ExceptionHandler(PortalSession.MustChangePassword.class)
    String mustChangePassword() {
        return "redirect:/portail/mot-de-passe";
    }

    @ExceptionHandler(Problem.class)
    ModelAndView problem(Problem p, HttpServletResponse response) {
        int status = switch (p.kind()) {
            case FORBIDDEN, UNAUTHENTICATED -> 403;
            case NOT_FOUND -> 404;
            case GONE -> 410;
            case CONFLICT -> 409;
            default -> 400;
        };
        return page(status, response);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, InvalidIdentifierException.class})
    ModelAndView notFound(HttpServletResponse response) {
        return page(404, response);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView badRequest(HttpServletResponse response) {
        return page(400, response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        int input = health.carnet.platform.InputErrors.status(e);
        if (input != 0) {
            // SEC-4: a value PostgreSQL refuses as data is the form's fault, not the server's
            return page(input, response);
        }
        log.error("portal page {} failed", request.getRequestURI(), e);
        return page(500, response);
    }

    static ModelAndView page(int status, HttpServletResponse response) {
        response.setStatus(status);
        String view = switch (status) {
            case 403 -> "error/403";
            case 404, 410 -> "error/404";
            case 500 -> "error/5xx";
            default -> "error/4xx";
        };
        ModelAndView mav = new ModelAndView(view);
        mav.addObject("status", status);
        return mav;
    }
}
