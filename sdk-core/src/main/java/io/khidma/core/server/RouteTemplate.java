package io.khidma.core.server;

import org.glassfish.jersey.server.ExtendedUriInfo;

/**
 * The route a request matched, as its templates read ({@code /payments/{id}}): what metrics and
 * spans are named by, so that their number stays that of the routes, not of the URIs.
 */
public final class RouteTemplate {

    private RouteTemplate() {}

    /** The matched templates, outermost first, joined; {@code null} before or without a match. */
    public static String of(ExtendedUriInfo matched) {
        var templates = matched.getMatchedTemplates();
        if (templates.isEmpty()) {
            return null;
        }
        var route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            var template = templates.get(i).getTemplate();
            if (template.isEmpty() || template.equals("/")) {
                continue;
            }
            if (route.length() > 0 && route.charAt(route.length() - 1) == '/' && template.startsWith("/")) {
                route.setLength(route.length() - 1);
            }
            if (!template.startsWith("/") && (route.length() == 0 || route.charAt(route.length() - 1) != '/')) {
                route.append('/');
            }
            route.append(template);
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
