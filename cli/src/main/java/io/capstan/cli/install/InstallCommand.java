package io.capstan.cli.install;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.FieldManager;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.process.ControllerMain;
import io.capstan.runtime.process.GoDurationConverter;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capstan install}: {@code flux install} for Capstan. Builds {@code deploy/} (embedded) for
 * the options with the kustomize engine, server-side applies it with toolkit-runtime's engine
 * (dry-run of the whole set first, staged apply), then waits until every controller's Deployment is
 * Available (kstatus Current), printing progress. Running it again upgrades in place (objects
 * {@code configured} or {@code unchanged}). {@code --export} prints the manifests instead.
 */
@Command(
    name = "install",
    sortOptions = false,
    description = {
      "Install or upgrade Capstan's controllers (flux install's flags).",
      "Builds deploy/ for the options, server-side applies it and waits for the Deployments."
    })
public final class InstallCommand implements Callable<Integer> {

  /** Field manager of the objects {@code capstan install} applies. */
  public static final String FIELD_MANAGER = "capstan";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin InstallFlags flags = new InstallFlags();

  @Option(names = "--export", description = "Print the manifests instead of installing them.")
  boolean export;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = GoDurationConverter.class,
      description =
          "How long to wait for the Deployments (Go duration, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube).")
  Path kubeconfig;

  /** The options the flags describe (validated). */
  InstallOptions options() {
    return flags.options();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    InstallOptions options = options();
    if (!export) {
      out.println("✚ generating manifests");
      out.flush();
    }
    List<ObjectNode> objects = InstallManifests.embedded().build(options);
    if (export) {
      out.print(Kustomizer.render(objects));
      out.flush();
      return 0;
    }
    out.println("✔ manifests build completed");
    Config config =
        kubeconfig != null
            ? Config.fromKubeconfig(kubeconfig.toFile())
            : Config.autoConfigure(null);
    try (KubernetesClient client = ControllerMain.connect(config)) {
      refuseBootstrapped(client);
      out.println("► installing components in " + options.namespace() + " namespace");
      out.flush();
      ChangeSet changes;
      try {
        changes = new ServerSideApplier(client).applyJson(List.copyOf(objects), applyOptions());
      } catch (ApplyException e) {
        throw new IllegalStateException("install failed: " + e.getMessage().replace('\n', ' '));
      }
      out.println(changes);
      out.println("◎ verifying installation");
      out.flush();
      new RolloutWait(client, options.namespace(), Duration.ofSeconds(2))
          .await(options.components(), timeout, out);
      out.println("✔ install finished");
      out.flush();
      return 0;
    }
  }

  /**
   * Server-side apply as {@code capstan}, taking over fields a previous {@code flux} install set.
   */
  public static ApplyOptions applyOptions() {
    return ApplyOptions.builder(FIELD_MANAGER)
        .takeover(
            List.of(
                new FieldManager("kubectl", "Apply"),
                new FieldManager("kubectl", "Update"),
                new FieldManager("before-first-apply", "Update"),
                new FieldManager(FIELD_MANAGER, "Update"),
                new FieldManager("flux", "Apply")))
        .build();
  }

  /**
   * As {@code flux install}: a cluster whose install is applied from Git (the CRDs carry
   * kustomize-controller's owner labels) is upgraded through Git, not over it.
   */
  private static void refuseBootstrapped(KubernetesClient client) {
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("gitrepositories.source.toolkit.fluxcd.io")
            .get();
    if (crd == null || crd.getMetadata().getLabels() == null) {
      return;
    }
    Map<String, String> labels = crd.getMetadata().getLabels();
    if (labels.containsKey("kustomize.toolkit.fluxcd.io/name")
        && labels.containsKey("kustomize.toolkit.fluxcd.io/namespace")) {
      throw new IllegalStateException(
          "this cluster has already been bootstrapped ("
              + labels.getOrDefault("app.kubernetes.io/version", "unknown version")
              + ", applied by Kustomization "
              + labels.get("kustomize.toolkit.fluxcd.io/namespace")
              + "/"
              + labels.get("kustomize.toolkit.fluxcd.io/name")
              + "): change the install in its Git repository instead");
    }
  }
}
