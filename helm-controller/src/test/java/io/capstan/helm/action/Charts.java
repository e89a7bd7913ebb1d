package io.capstan.helm.action;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/** The test charts under {@code src/test/resources/charts/}. */
final class Charts {
  private Charts() {}

  static Path dir(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(Charts.class.getResource("/charts/" + name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Chart load(String name) {
    try {
      return ChartLoader.load(dir(name));
    } catch (Exception e) {
      throw new IllegalStateException("cannot load chart " + name, e);
    }
  }

  static HelmActions actions(io.fabric8.kubernetes.client.KubernetesClient client, String ns) {
    return new HelmActions(ActionConfig.forCluster(client, ns, "helm-controller"));
  }
}
