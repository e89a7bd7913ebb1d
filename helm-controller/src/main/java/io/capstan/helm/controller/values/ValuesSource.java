package io.capstan.helm.controller.values;

import java.util.Map;

/** Reads the data of the ConfigMaps and Secrets a HelmRelease's {@code valuesFrom} names. */
@FunctionalInterface
public interface ValuesSource {

  /**
   * The data of the {@code kind} ({@code ConfigMap} or {@code Secret}) named {@code name} in the
   * HelmRelease's namespace, Secret values already base64-decoded; null when it does not exist.
   */
  Map<String, String> read(String kind, String name);
}
