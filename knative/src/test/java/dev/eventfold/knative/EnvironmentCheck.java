package dev.eventfold.knative;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds one function's manifest environment to the config keys the function knows. The rule: a variable in the
 * EVENTFOLD_*, QUARKUS_*, PG* or KAFKA_* namespaces must set a key the function reads — its application.properties,
 * the runtime jars' microprofile-config.properties (keys and the variables their values expand), its
 * {@code @ConfigMapping} interfaces and {@code @ConfigProperty} names — or, for QUARKUS_*, a run-time key of an
 * extension packaged into the function (its Quarkus config model); a build-time key set at run time is refused
 * too, since the jar fixed it when it was built. The shared infrastructure ConfigMap (eventfold-config) is the
 * same for every function, so each of its keys must be read by some function (geo-enricher, stateless, ignores
 * PG*). A key that the runtime builds from a shared variable must not be set directly (QUARKUS_DATASOURCE_USERNAME
 * bypasses PGUSER), and every variable the function needs in production (no default) must be there.
 */
public final class EnvironmentCheck {

    static final Pattern CHECKED = Pattern.compile("(EVENTFOLD_|QUARKUS_|KAFKA_|PG).*");

    private EnvironmentCheck() {
    }

    public static List<String> problems(ServiceEnvironment environment, FunctionSources function,
                                        QuarkusConfigModel quarkus, Path functionsDir) {
        String name = environment.service();
        List<String> problems = new ArrayList<>();
        for (ServiceEnvironment.Variable variable : environment.variables().values()) {
            String env = variable.name();
            if (!CHECKED.matcher(env).matches()) {
                continue;
            }
            if (variable.fromConfigMap(ManifestValidator.SHARED_CONFIG)) {
                boolean readBySome = FunctionSources.moduleNames(functionsDir).stream()
                        .anyMatch(other -> FunctionSources.read(functionsDir, other).readsEnv(env));
                if (!readBySome) {
                    problems.add(name + ": " + env + " (" + ManifestValidator.SHARED_CONFIG
                            + ") sets a config key that no function reads");
                }
            } else if (env.startsWith("QUARKUS_")) {
                boolean ownKey = function.configKeys().stream().anyMatch(key -> FunctionSources.toEnv(key).equals(env));
                String phase = quarkus.phase(env).orElse(null);
                if (phase == null && !ownKey) {
                    problems.add(name + ": " + env + " is not a configuration key of any Quarkus extension in"
                            + " functions/" + name + " (" + quarkus.extensions() + " extensions, " + quarkus.keys()
                            + " keys) nor of its own sources");
                } else if (phase != null && !phase.equals("RUN_TIME")) {
                    problems.add(name + ": " + env + " sets a " + phase + " key: the packaged jar fixed it when it"
                            + " was built, setting it at run time changes nothing (or fails the start)");
                }
            } else if (!function.readsEnv(env)) {
                problems.add(name + ": " + env + " sets a config key that functions/" + name + " does not read");
            }
            function.bypassedVariable(env).ifPresent(shared -> problems.add(name + ": " + env + " bypasses "
                    + shared + ", from which the runtime builds that key: every function reads the same variables"));
        }
        Set<String> given = environment.variables().keySet();
        for (String required : function.requiredVariables()) {
            if (!given.contains(required)) {
                problems.add(name + ": " + required + " is missing: functions/" + name + " needs it in production"
                        + " (no default) and its Service does not set it");
            }
        }
        return problems;
    }
}
