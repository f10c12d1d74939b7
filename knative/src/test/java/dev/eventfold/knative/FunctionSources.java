package dev.eventfold.knative;

import dev.eventfold.model.EventType;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one function module reads and maps, taken from its sources so the manifests' checks cannot drift from
 * the code: config keys from application.properties (with profiles and {@code ${EXPRESSIONS}}),
 * {@code @ConfigProperty} names and {@code @ConfigMapping} prefixes, and the CloudEvent types it maps from
 * {@code @CloudEventMapping} triggers, Funqy mapping properties and its {@code consumes()} set of EventTypes.
 * A function that depends on function-runtime also reads what the runtime reads.
 */
public record FunctionSources(String name, boolean exists, Optional<String> applicationName,
                              Set<String> configKeys, Set<String> configPrefixes, Set<String> mappedTypes,
                              Set<String> kafkaGroups, Set<String> routedTypes, boolean funqyExport,
                              Set<String> requiredVariables, java.util.Map<String, String> keysFromVariables) {

    /** The types every stateful function accepts for the runtime (API keys), whatever its handler consumes. */
    static final Set<String> CONTROL_PLANE = Set.of(dev.eventfold.model.EventType.API_KEY_ISSUED.type(),
            dev.eventfold.model.EventType.API_KEY_REVOKED.type());

    private static final Pattern CONFIG_PROPERTY =
            Pattern.compile("@ConfigProperty\\s*\\(\\s*(?:[^)]*?\\b)?name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING =
            Pattern.compile("@ConfigMapping\\s*\\(\\s*(?:[^)]*?\\b)?prefix\\s*=\\s*\"([^\"]+)\"");
    /** An interface method of a config mapping: optional @WithName, return type, name, no parameters. */
    private static final Pattern MAPPING_METHOD = Pattern.compile(
            "(?:@WithName\\(\\s*\"([^\"]+)\"\\s*\\)\\s*)?(?:@\\w+(?:\\([^)]*\\))?\\s*)*"
                    + "([A-Za-z][\\w.]*(?:\\s*<[^;(){}]*>)?)\\s+([a-z]\\w*)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern SIMPLE_TYPE = Pattern.compile("(Optional<)?(String|int|long|boolean|double|Integer|"
            + "Long|Boolean|Double|Duration|Path|URI|OptionalInt|OptionalLong|OptionalDouble|List<String>|"
            + "Set<String>)>?");
    /** A trigger given as a string literal (group 1) or as a constant's name (group 2). */
    private static final Pattern CLOUD_EVENT_MAPPING = Pattern.compile(
            "@CloudEventMapping\\s*\\([^)]*?\\btrigger\\s*=\\s*(?:\"([^\"]+)\"|([A-Za-z_][\\w.]*))");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::[^}]*)?}");
    /** An expression over an environment-style name (PGHOST, KAFKA_BOOTSTRAP_SERVERS); group 2: its default. */
    private static final Pattern VARIABLE_EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    /** Where a module's config keys are written: its own file, and the shared defaults of the runtime jars. */
    private static final List<String> PROPERTIES_FILES =
            List.of("src/main/resources/application.properties",
                    "src/main/resources/META-INF/microprofile-config.properties");
    private static final Pattern EVENT_TYPE_CONSTANT = Pattern.compile("\\bEventType\\.([A-Z][A-Z0-9_]*)\\b");
    /** A {@code consumes()} method or a CONSUMES-like constant: what follows it up to the end of its block. */
    private static final Pattern CONSUMES_START =
            Pattern.compile("\\bconsumes\\s*\\(\\s*\\)\\s*\\{|\\b[A-Z_]*CONSUME[A-Z_]*\\s*=");
    private static final String FUNQY_MAPPING = "quarkus.funqy.knative-events.mapping.";

    /** Reads the module {@code functions/<name>} (and {@code functions/runtime} when it depends on it). */
    public static FunctionSources read(Path functionsDir, String name) {
        Path module = functionsDir.resolve(name);
        if (!Files.isDirectory(module)) {
            return new FunctionSources(name, false, Optional.empty(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                    false, Set.of(), java.util.Map.of());
        }
        Set<String> keys = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        Set<String> types = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> routed = new TreeSet<>();
        Optional<String> applicationName = readModule(module, keys, prefixes, types, groups, routed);
        for (String library : runtimeLibraries(module)) {
            if (Files.isDirectory(functionsDir.resolve(library))) {
                readModule(functionsDir.resolve(library), keys, prefixes, new TreeSet<>(), new TreeSet<>(),
                        new TreeSet<>());
            }
        }
        Set<String> required = new TreeSet<>();
        java.util.Map<String, String> fromVariables = new java.util.TreeMap<>();
        List<Path> modules = new ArrayList<>(List.of(module));
        runtimeLibraries(module).forEach(library -> modules.add(functionsDir.resolve(library)));
        for (Path read : modules) {
            for (String file : PROPERTIES_FILES) {
                if (Files.isRegularFile(read.resolve(file))) {
                    readVariables(read(read.resolve(file)), required, fromVariables);
                }
            }
        }
        boolean export = readPropertiesKeys(module).contains("quarkus.funqy.export");
        Set<String> resolvedGroups = new TreeSet<>();
        for (String group : groups) {
            resolvedGroups.add(applicationName.map(app -> group.replace("${quarkus.application.name}", app))
                    .orElse(group));
        }
        return new FunctionSources(name, true, applicationName, keys, prefixes, types, resolvedGroups, routed, export,
                required, fromVariables);
    }

    /**
     * True when the function reads the config key that environment variable {@code envName} sets: a key of its
     * properties or sources, a key under one of its {@code @ConfigMapping} prefixes, or a {@code quarkus.<x>.*}
     * key of an extension root {@code quarkus.<x>} that its application.properties configures (the extension
     * reads all of its keys, e.g. QUARKUS_DATASOURCE_USERNAME where quarkus.datasource.db-kind is set).
     */
    public boolean readsEnv(String envName) {
        return configKeys.stream().anyMatch(key -> toEnv(key).equals(envName))
                || configPrefixes.stream().anyMatch(prefix -> envName.startsWith(toEnv(prefix) + "_"))
                || configKeys.stream().map(FunctionSources::quarkusRoot).filter(root -> root != null)
                        .anyMatch(root -> envName.startsWith(toEnv(root) + "_"));
    }

    /**
     * The environment variables that a production start needs: named in an expression without a default in a key
     * of the production profile (or of no profile), e.g. {@code ${PGHOST}} in the runtime's datasource URL. And,
     * for each key whose value is built from such variables, the first variable: setting that key directly
     * (QUARKUS_DATASOURCE_USERNAME) would bypass the variable every function shares (PGUSER).
     */
    static void readVariables(String text, Set<String> required, java.util.Map<String, String> fromVariables) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String raw : properties.stringPropertyNames()) {
            boolean production = !raw.startsWith("%") || raw.startsWith("%prod.");
            String key = raw.startsWith("%") && raw.indexOf('.') > 0 ? raw.substring(raw.indexOf('.') + 1) : raw;
            Matcher variable = VARIABLE_EXPRESSION.matcher(properties.getProperty(raw));
            while (variable.find()) {
                if (production && variable.group(2) == null) {
                    required.add(variable.group(1));
                }
                fromVariables.putIfAbsent(key, variable.group(1));
            }
        }
    }

    /** The variable whose value the runtime builds this environment variable's key from, if any. */
    public Optional<String> bypassedVariable(String envName) {
        return keysFromVariables.entrySet().stream()
                .filter(e -> toEnv(e.getKey()).equals(envName) && !e.getValue().equals(envName))
                .map(java.util.Map.Entry::getValue).findFirst();
    }

    /** {@code quarkus.datasource} for {@code quarkus.datasource.db-kind}; null for a key outside quarkus.*. */
    static String quarkusRoot(String key) {
        String[] parts = key.split("\\.");
        return parts.length >= 3 && parts[0].equals("quarkus") ? parts[0] + "." + parts[1] : null;
    }

    /** MicroProfile Config's environment-variable form of a key: non-alphanumerics to _, upper case. */
    public static String toEnv(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Optional<String> readModule(Path module, Set<String> keys, Set<String> prefixes,
                                               Set<String> types, Set<String> groups, Set<String> routed) {
        Optional<String> applicationName = Optional.empty();
        for (String file : PROPERTIES_FILES) {
            Path properties = module.resolve(file);
            if (Files.isRegularFile(properties)) {
                Optional<String> name = readProperties(read(properties), keys, routed, groups);
                applicationName = applicationName.or(() -> name);
            }
        }
        for (Path source : javaSources(module.resolve("src/main/java"))) {
            String code = read(source);
            collect(CONFIG_PROPERTY, code, keys);
            readConfigMapping(code, keys, prefixes);
            routed.addAll(cloudEventTriggers(code));
            types.addAll(consumedTypes(code));
        }
        types.addAll(routed);
        Path pom = module.resolve("pom.xml");
        if (Files.isRegularFile(pom) && (read(pom).contains("<artifactId>function-runtime</artifactId>")
                || read(pom).contains("<artifactId>function-delivery</artifactId>"))) {
            types.addAll(CONTROL_PLANE); // the stateful runtime folds them, whatever the handler consumes
        }
        return applicationName;
    }

    /** The keys (profiles stripped) of the module's application.properties. */
    private static Set<String> readPropertiesKeys(Path module) {
        Path properties = module.resolve("src/main/resources/application.properties");
        Set<String> keys = new TreeSet<>();
        if (Files.isRegularFile(properties)) {
            readProperties(read(properties), keys, new TreeSet<>(), new TreeSet<>());
        }
        return keys;
    }

    /**
     * The types Funqy can route to a function when no {@code quarkus.funqy.export} names a default one: Funqy
     * (3.33) then answers 404 for any other ce-type, and a KafkaSource retries a 404 before dead-lettering it.
     * With an export every type reaches the exported function, which decides.
     */
    public Set<String> typesFunqyAccepts(Set<String> offered) {
        if (funqyExport) {
            return offered;
        }
        Set<String> accepted = new TreeSet<>(offered);
        accepted.retainAll(routedTypes);
        return accepted;
    }

    /**
     * The keys of a {@code @ConfigMapping} interface: prefix + each method's kebab-case name (or its
     * {@code @WithName}); a method returning a nested group contributes its key as a prefix.
     */
    static void readConfigMapping(String code, Set<String> keys, Set<String> prefixes) {
        Matcher mapping = CONFIG_MAPPING.matcher(code);
        if (!mapping.find()) {
            return;
        }
        String prefix = mapping.group(1);
        Matcher method = MAPPING_METHOD.matcher(code.substring(mapping.end()));
        while (method.find()) {
            String name = method.group(1) != null ? method.group(1) : kebab(method.group(3));
            String type = method.group(2).replaceAll("\\s", "");
            if (SIMPLE_TYPE.matcher(type).matches()) {
                keys.add(prefix + "." + name);
            } else {
                prefixes.add(prefix + "." + name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Keys of application.properties without their {@code %profile.} prefixes, and the keys they reference. */
    static Optional<String> readProperties(String text, Set<String> keys, Set<String> types, Set<String> groups) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<String> applicationName = Optional.empty();
        for (String raw : properties.stringPropertyNames()) {
            String key = raw.startsWith("%") && raw.indexOf('.') > 0 ? raw.substring(raw.indexOf('.') + 1) : raw;
            String value = properties.getProperty(raw);
            keys.add(key);
            Matcher expression = EXPRESSION.matcher(value);
            while (expression.find()) {
                keys.add(expression.group(1));
            }
            if (key.equals("quarkus.application.name")) {
                applicationName = Optional.of(value.trim());
            }
            if (key.startsWith(FUNQY_MAPPING) && key.endsWith(".trigger")) {
                types.add(value.trim());
            }
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                groups.add(value.trim());
            }
        }
        return applicationName;
    }

    /** {@code @CloudEventMapping} triggers, resolving a constant declared in the same file. */
    static Set<String> cloudEventTriggers(String code) {
        Set<String> types = new TreeSet<>();
        Matcher mapping = CLOUD_EVENT_MAPPING.matcher(code);
        while (mapping.find()) {
            if (mapping.group(1) != null) {
                types.add(mapping.group(1));
                continue;
            }
            String constant = mapping.group(2).substring(mapping.group(2).lastIndexOf('.') + 1);
            Matcher declaration = Pattern.compile("\\b" + Pattern.quote(constant) + "\\s*=\\s*\"([^\"]+)\"")
                    .matcher(code);
            if (declaration.find()) {
                types.add(declaration.group(1));
            } else {
                types.add("<unresolved constant " + mapping.group(2) + ">");
            }
        }
        return types;
    }

    /** The CloudEvent types of the EventType constants named in {@code consumes()} or a CONSUMES constant. */
    static Set<String> consumedTypes(String code) {
        Set<String> types = new TreeSet<>();
        Matcher start = CONSUMES_START.matcher(code);
        while (start.find()) {
            String block = enclosingStatement(code, start.end());
            Matcher constant = EVENT_TYPE_CONSTANT.matcher(block);
            while (constant.find()) {
                try {
                    types.add(EventType.valueOf(constant.group(1)).type());
                } catch (IllegalArgumentException notAnEventType) {
                    // EventType.of(...) or another static member, not a constant of the catalog.
                }
            }
        }
        return types;
    }

    /** From {@code from}: up to the brace that closes the method body, or the {@code ;} ending a field. */
    private static String enclosingStatement(String code, int from) {
        int depth = code.charAt(from - 1) == '{' ? 1 : 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
                if (depth < 0 || (depth == 0 && c == '}')) {
                    return code.substring(from, i);
                }
            } else if (c == ';' && depth == 0) {
                return code.substring(from, i);
            }
        }
        return code.substring(from);
    }

    /**
     * The library modules whose keys the function reads: function-delivery brings function-runtime, which brings
     * function-runtime-core.
     */
    private static List<String> runtimeLibraries(Path module) {
        Path pom = module.resolve("pom.xml");
        String text = Files.isRegularFile(pom) ? read(pom) : "";
        if (text.contains("<artifactId>function-delivery</artifactId>")) {
            return List.of("delivery", "runtime", "runtime-core");
        }
        if (text.contains("<artifactId>function-runtime</artifactId>")) {
            return List.of("runtime", "runtime-core");
        }
        return text.contains("<artifactId>function-runtime-core</artifactId>") ? List.of("runtime-core") : List.of();
    }

    private static void collect(Pattern pattern, String code, Collection<String> into) {
        Matcher matcher = pattern.matcher(code);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static List<Path> javaSources(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Function modules: folders of {@code functions/} with a pom, other than the libraries (runtime, delivery). */
    public static List<String> moduleNames(Path functionsDir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(functionsDir)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> !n.equals("runtime") && !n.equals("runtime-core") && !n.equals("delivery"))
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
