package io.capstan.local.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the CustomResourceDefinitions that fabric8's CRD generator placed on the classpath under
 * {@code META-INF/fabric8/*.yml} (toolkit-api generates Capstan's there) and waits until the API
 * server serves them.
 */
public final class CustomResourceDefinitions {

  /** Folder where fabric8's crd-generator writes CRD YAML. */
  public static final String CLASSPATH_FOLDER = "META-INF/fabric8";

  /** The group suffix of every Capstan (Flux-compatible) kind. */
  public static final String TOOLKIT_GROUP_SUFFIX = "toolkit.fluxcd.io";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private CustomResourceDefinitions() {}

  /**
   * Reads every {@code apiextensions.k8s.io/v1} CRD under {@link #CLASSPATH_FOLDER} whose group
   * ends with {@code groupSuffix}.
   */
  public static List<CustomResourceDefinition> onClasspath(String groupSuffix) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (ClasspathFolder.Entry file :
        ClasspathFolder.read(CustomResourceDefinitions.class.getClassLoader(), CLASSPATH_FOLDER)) {
      if (!file.relativePath().endsWith(".yml") && !file.relativePath().endsWith(".yaml")) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(new ByteArrayInputStream(file.content()));
      for (Object item : parsed instanceof List<?> list ? list : List.of(parsed)) {
        if (item instanceof CustomResourceDefinition crd
            && crd.getSpec().getGroup().endsWith(groupSuffix)) {
          crds.add(crd);
        }
      }
    }
    return crds;
  }

  /**
   * Applies each CRD (server-side, forced, field manager {@code capstan-testing}) and waits until
   * every one is Established.
   *
   * @return the names of the installed CRDs
   */
  public static List<String> install(
      KubernetesClient client, List<CustomResourceDefinition> crds, Duration timeout) {
    List<String> names = new ArrayList<>();
    for (CustomResourceDefinition crd : crds) {
      crd.getMetadata().setResourceVersion(null);
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd)
          .fieldManager("capstan-testing")
          .forceConflicts()
          .serverSideApply();
      names.add(crd.getMetadata().getName());
    }
    for (String name : names) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(
              CustomResourceDefinitions::isEstablished,
              timeout.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return names;
  }

  /** Whether {@code object} is a CRD whose {@code Established} condition is {@code True}. */
  public static boolean isEstablished(HasMetadata object) {
    return object instanceof CustomResourceDefinition crd
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
