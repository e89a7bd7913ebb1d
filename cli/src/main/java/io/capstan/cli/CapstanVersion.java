package io.capstan.cli;

import io.capstan.local.kube.KubeBinaryVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version lines {@code capstan version} and {@code capstan --version} print: Capstan's own
 * version (from the build), the Flux API it implements, the Kubernetes and etcd versions {@code run
 * --local} starts, and the Java runtime.
 */
public final class CapstanVersion implements CommandLine.IVersionProvider {

  /** Capstan's version as built (the Maven project version). */
  public static String capstan() {
    Properties properties = new Properties();
    try (InputStream in = CapstanVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the cli jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  /** One line per component. */
  public static List<String> lines() {
    KubeBinaryVersions kube = KubeBinaryVersions.pinned();
    return List.of(
        "capstan " + capstan(),
        "flux api: source.toolkit.fluxcd.io/v1, kustomize.toolkit.fluxcd.io/v1",
        "local control plane: kubernetes "
            + kube.kubernetes()
            + ", etcd "
            + kube.etcd()
            + ", kwok "
            + kube.kwok(),
        "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
  }

  @Override
  public String[] getVersion() {
    return lines().toArray(String[]::new);
  }
}
