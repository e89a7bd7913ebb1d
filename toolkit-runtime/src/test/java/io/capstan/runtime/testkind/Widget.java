package io.capstan.runtime.testkind;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tiny test-only kind, shaped like a Flux kind (interval, suspend, Flux status). */
@Group("test.capstan.io")
@Version("v1")
public class Widget extends CustomResource<WidgetSpec, WidgetStatus> implements Namespaced {

  /** A widget in namespace {@code flux-system} at generation 1 with a 1m interval. */
  public static Widget named(String name) {
    Widget w = new Widget();
    w.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("flux-system")
            .withUid("uid-" + name)
            .withGeneration(1L)
            .withResourceVersion("1")
            .build());
    WidgetSpec spec = new WidgetSpec();
    spec.setInterval("1m");
    w.setSpec(spec);
    w.setStatus(null);
    return w;
  }
}
