package health.carnet.web.internal.pro;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A professional with several activities says in which one they act before anything else (the
 * structure is part of every audit entry and of establishment authorisations, ACC-5); the page
 * they asked for is kept and opened once they chose.
 */
@Configuration(proxyBeanMethods = false)
class ActivityChoice implements WebMvcConfigurer, HandlerInterceptor {

    static final String NEXT = "carnet.pro.suite";

    private final ProContext context;

    ActivityChoice(ProContext context) {
        this.context = context;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/pro/**").excludePathPatterns("/pro", "/pro/activite", "/pro/connexion/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        var user = context.user(SecurityContextHolder.getContext().getAuthentication());
        if (user.isEmpty()) {
            return true;
        }
        HttpSession session = request.getSession();
        if (context.mustChoose(session, user.get().actor())) {
            if ("GET".equals(request.getMethod())) {
                session.setAttribute(NEXT, request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
            }
            response.sendRedirect("/pro/activite");
            return false;
        }
        return true;
    }
}
