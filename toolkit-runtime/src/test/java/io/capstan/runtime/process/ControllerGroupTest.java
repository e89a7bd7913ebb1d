package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ControllerGroup} against a real API server: controllers registered with one operator
 * reconcile, and closing the group (or a failed start) closes every controller it registered.
 */
@WithKubernetes
class ControllerGroupTest {

  /** Records every ConfigMap it sees (name), in the test namespace only. */
  @ControllerConfiguration(name = "configmap-names")
  static final class ConfigMapNames implements Reconciler<ConfigMap> {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context) {
      seen.add(resource.getMetadata().getName());
      threads.add(Thread.currentThread());
      return UpdateControl.noUpdate();
    }
  }

  /** A controller facade for the test: what it registers, and how it was closed. */
  static final class FakeController implements Controller {
    final String name;
    final Reconciler<ConfigMap> reconciler;
    final String namespace;
    final IOException registerFailure;
    final RuntimeException closeFailure;
    int closed;

    FakeController(
        String name,
        Reconciler<ConfigMap> reconciler,
        String namespace,
        IOException registerFailure,
        RuntimeException closeFailure) {
      this.name = name;
      this.reconciler = reconciler;
      this.namespace = namespace;
      this.registerFailure = registerFailure;
      this.closeFailure = closeFailure;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int concurrency() {
      return 1;
    }

    @Override
    public void register(Operator operator) throws IOException {
      if (registerFailure != null) {
        throw registerFailure;
      }
      if (reconciler != null) {
        operator.register(reconciler, o -> o.settingNamespaces(Set.of(namespace)));
      }
    }

    @Override
    public Controller start() {
      throw new UnsupportedOperationException("the group starts the operator");
    }

    @Override
    public void close() {
      closed++;
      if (closeFailure != null) {
        throw closeFailure;
      }
    }
  }

  @Test
  @DisplayName("controllers share one operator; close stops it and closes each, despite failures")
  void sharesOneOperatorAndClosesEverything(KubernetesClient client, KubeNamespace namespace)
      throws Exception {
    ConfigMapNames names = new ConfigMapNames();
    FakeController first = new FakeController("first", names, namespace.name(), null, null);
    FakeController failingClose =
        new FakeController("second", null, null, null, new IllegalStateException("stuck"));

    ControllerGroup group = ControllerGroup.start(client, List.of(first, failingClose));
    assertThat(group.ready()).isTrue();
    assertThat(group.controller(FakeController.class)).contains(first);
    client
        .configMaps()
        .inNamespace(namespace.name())
        .resource(new ConfigMapBuilder().withNewMetadata().withName("one").endMetadata().build())
        .create();
    await().atMost(Duration.ofSeconds(30)).until(() -> names.seen.contains("one"));
    assertThat(names.threads)
        .as("the group's pool (ReconcileExecutor)")
        .isNotEmpty()
        .allMatch(t -> t instanceof ReconcileExecutor.ReconcilerThread);

    group.close();
    group.close();

    assertThat(group.ready()).isFalse();
    assertThat(first.closed).as("closed once although the other controller failed").isOne();
    assertThat(failingClose.closed).isOne();
  }

  @Test
  @DisplayName("a controller that cannot register closes those registered before it")
  void failedStartClosesWhatWasRegistered(KubernetesClient client, KubeNamespace namespace) {
    FakeController registered =
        new FakeController("first", new ConfigMapNames(), namespace.name(), null, null);
    FakeController failing =
        new FakeController("second", null, null, new IOException("port in use"), null);

    assertThatThrownBy(() -> ControllerGroup.start(client, List.of(registered, failing)))
        .isInstanceOf(IOException.class)
        .hasMessage("port in use");
    assertThat(registered.closed).isOne();
    assertThat(failing.closed).isOne();
  }
}
