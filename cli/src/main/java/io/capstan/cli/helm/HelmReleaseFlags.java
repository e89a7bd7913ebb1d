package io.capstan.cli.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags {@code capstan build helmrelease} and {@code capstan diff helmrelease} share: where the
 * HelmRelease, its chart and extra values come from. Plain types only, so that building the command
 * model loads no Kubernetes class ({@code build}'s start-up path).
 */
public final class HelmReleaseFlags {

  @Parameters(index = "0", description = "Name of the HelmRelease.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "flux-system",
      description = "Namespace of the HelmRelease (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--file",
      description =
          "Read the HelmRelease from this YAML file (a multi-document file may hold others) instead"
              + " of the cluster.")
  Path file;

  @Option(
      names = "--chart-dir",
      description = "Render this chart (a directory or a .tgz archive) instead of the source's.")
  Path chartDir;

  @Option(
      names = "--chart-repo",
      description =
          "Fetch the chart from this Helm repository (https://...; index.yaml), with the chart name"
              + " and version constraint of the HelmRelease's spec.chart.")
  String chartRepo;

  @Option(
      names = "--values",
      split = ",",
      description =
          "Values files merged, in order, over the HelmRelease's valuesFrom and values (repeatable).")
  List<Path> valuesFiles = new ArrayList<>();

  @Option(
      names = "--artifact-url-rewrite",
      description =
          "PREFIX=REPLACEMENT: rewrite the source artifact URL (e.g. http://source-controller."
              + "flux-system.svc.cluster.local./=http://127.0.0.1:9090/ behind a port-forward).")
  String artifactUrlRewrite;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube).")
  Path kubeconfig;

  /** The HelmRelease's name. */
  public String name() {
    return name;
  }

  /** The HelmRelease's namespace. */
  public String namespace() {
    return namespace;
  }
}
