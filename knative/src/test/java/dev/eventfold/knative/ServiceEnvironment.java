package dev.eventfold.knative;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.knative.serving.v1.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a Knative Service gives its container, as Kubernetes builds it: {@code envFrom} ConfigMaps in
 * order, then {@code env} (which wins over envFrom), each variable with where its value comes from.
 */
public record ServiceEnvironment(String service, Map<String, Variable> variables, List<String> mountPaths) {

    /** A literal value, a ConfigMap key or a Secret key (whose value a test must supply). */
    public record Variable(String name, String value, String configMap, String secret, String secretKey) {

        public boolean fromSecret() {
            return secret != null;
        }

        public boolean fromConfigMap(String name) {
            return name.equals(configMap);
        }

        @Override
        public String toString() {
            return fromSecret() ? name + " (Secret " + secret + "/" + secretKey + ")"
                    : configMap != null ? name + "=" + value + " (ConfigMap " + configMap + ")" : name + "=" + value;
        }
    }

    /** The environment of the Service {@code name} among the rendered manifests. */
    public static ServiceEnvironment of(List<Manifest> manifests, String name) {
        Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        Service service = null;
        for (Manifest manifest : manifests) {
            if (manifest.kind().equals("ConfigMap")) {
                configMaps.put(manifest.name(), ManifestReader.typed(manifest, ConfigMap.class));
            } else if (manifest.kind().equals("Service") && manifest.group().equals("serving.knative.dev")
                    && manifest.name().equals(name)) {
                service = ManifestReader.typed(manifest, Service.class);
            }
        }
        if (service == null) {
            throw new IllegalArgumentException("no Knative Service " + name + " in the rendered manifests");
        }
        Container container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
            if (from.getSecretRef() != null) {
                throw new IllegalArgumentException(name + ": envFrom a Secret is not supported here");
            }
            String configMapName = from.getConfigMapRef().getName();
            ConfigMap configMap = configMaps.get(configMapName);
            if (configMap == null) {
                throw new IllegalArgumentException(name + ": envFrom ConfigMap " + configMapName + " is not rendered");
            }
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            (configMap.getData() == null ? Map.<String, String>of() : configMap.getData()).forEach((key, value) ->
                    variables.put(prefix + key, new Variable(prefix + key, value, configMapName, null, null)));
        }
        for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            Variable variable;
            if (env.getValueFrom() == null) {
                variable = new Variable(env.getName(), env.getValue() == null ? "" : env.getValue(), null, null, null);
            } else if (env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                variable = new Variable(env.getName(), null, null, ref.getName(), ref.getKey());
            } else if (env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                ConfigMap configMap = configMaps.get(ref.getName());
                String value = configMap == null || configMap.getData() == null ? null
                        : configMap.getData().get(ref.getKey());
                if (value == null) {
                    throw new IllegalArgumentException(name + ": env " + env.getName() + " refers to "
                            + ref.getName() + "/" + ref.getKey() + ", which is not rendered");
                }
                variable = new Variable(env.getName(), value, ref.getName(), null, null);
            } else {
                throw new IllegalArgumentException(name + ": env " + env.getName() + " takes a field reference,"
                        + " which this test does not resolve");
            }
            variables.remove(env.getName());
            variables.put(env.getName(), variable);
        }
        List<String> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of()
                : container.getVolumeMounts()) {
            mounts.add(mount.getMountPath());
        }
        return new ServiceEnvironment(name, variables, mounts);
    }

    /** A copy without one variable (a deliberately broken manifest). */
    public ServiceEnvironment without(String name) {
        Map<String, Variable> copy = new LinkedHashMap<>(variables);
        copy.remove(name);
        return new ServiceEnvironment(service, copy, mountPaths);
    }

    /** A copy with one more literal variable (a deliberately broken manifest). */
    public ServiceEnvironment with(String name, String value) {
        Map<String, Variable> copy = new LinkedHashMap<>(variables);
        copy.put(name, new Variable(name, value, null, null, null));
        return new ServiceEnvironment(service, copy, mountPaths);
    }
}
