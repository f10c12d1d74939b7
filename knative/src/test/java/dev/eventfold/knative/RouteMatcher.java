package dev.eventfold.knative;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.List;

/**
 * Which requests an HTTPRoute lets through, by Gateway API's matching rules
 * (https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch): a rule with no matches matches every request; a
 * match without a path is PathPrefix "/"; PathPrefix compares whole path elements ("/users" matches "/users/u1",
 * not "/usersx"); a match without a method matches every method. Header and query-parameter conditions are taken as
 * met, because a client chooses its own headers: they keep nobody out.
 */
final class RouteMatcher {

    private RouteMatcher() {
    }

    static boolean routes(HTTPRoute route, String method, String path) {
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null
                ? List.of() : route.getSpec().getRules();
        return rules.stream().anyMatch(rule -> routes(rule, method, path));
    }

    static boolean routes(HTTPRouteRule rule, String method, String path) {
        if (rule.getMatches() == null || rule.getMatches().isEmpty()) {
            return true;
        }
        return rule.getMatches().stream().anyMatch(match -> matches(match, method, path));
    }

    static boolean matches(HTTPRouteMatch match, String method, String path) {
        if (match.getMethod() != null && !match.getMethod().equals(method)) {
            return false;
        }
        HTTPPathMatch pathMatch = match.getPath();
        String type = pathMatch == null || pathMatch.getType() == null ? "PathPrefix" : pathMatch.getType();
        String value = pathMatch == null || pathMatch.getValue() == null ? "/" : pathMatch.getValue();
        return switch (type) {
            case "Exact" -> path.equals(value);
            case "RegularExpression" -> path.matches(value);
            default -> prefixMatches(value, path);
        };
    }

    private static boolean prefixMatches(String prefix, String path) {
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return trimmed.isEmpty() || path.equals(trimmed) || path.startsWith(trimmed + "/");
    }
}
