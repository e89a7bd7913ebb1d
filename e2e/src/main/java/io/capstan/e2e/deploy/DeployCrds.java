package io.capstan.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CRDs of {@code deploy/crds}: a copy of the CRD YAML that toolkit-api's build generates into
 * {@code toolkit-api/target/classes/META-INF/fabric8}, plus the {@code kustomization.yaml} that
 * lists them. {@link #expected(Path)} is what the directory must hold; {@link #main} writes it (the
 * {@code -Pdeploy-crds} profile of this module), and {@code DeployCrdsTest} fails when the
 * committed copy differs.
 */
public final class DeployCrds {

  /** Where toolkit-api's build writes its CRDs, relative to the repository root. */
  public static final Path GENERATED = Path.of("toolkit-api/target/classes/META-INF/fabric8");

  /** The committed copy, relative to the repository root. */
  public static final Path DEPLOYED = Path.of("deploy/crds");

  /** The command that refreshes the copy, named in every staleness message. */
  public static final String REFRESH = "./mvnw -B -pl e2e -am -Pdeploy-crds process-classes";

  private DeployCrds() {}

  /**
   * The files {@code deploy/crds} must hold, by file name: every generated {@code *-v1.yml} byte
   * for byte and a {@code kustomization.yaml} listing them in name order.
   *
   * @throws IllegalStateException when toolkit-api has not been built (no generated CRDs)
   */
  public static Map<String, String> expected(Path repositoryRoot) {
    Path generated = repositoryRoot.resolve(GENERATED);
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.exists(generated) ? Files.list(generated) : Stream.empty()) {
      for (Path crd : list.filter(p -> p.getFileName().toString().endsWith("-v1.yml")).toList()) {
        files.put(crd.getFileName().toString(), Files.readString(crd, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException(
          "no generated CRDs in "
              + generated
              + ": build toolkit-api first (./mvnw -pl toolkit-api package)");
    }
    List<String> names = new ArrayList<>(files.keySet());
    StringBuilder kustomization =
        new StringBuilder("# Generated from toolkit-api's build by: ")
            .append(REFRESH)
            .append(
                "\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
    names.forEach(name -> kustomization.append("  - ").append(name).append('\n'));
    files.put("kustomization.yaml", kustomization.toString());
    return files;
  }

  /** The files {@code deploy/crds} holds now, by file name (empty when it does not exist). */
  public static Map<String, String> actual(Path repositoryRoot) {
    Path deployed = repositoryRoot.resolve(DEPLOYED);
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(deployed)) {
      return files;
    }
    try (Stream<Path> list = Files.list(deployed)) {
      for (Path file : list.filter(Files::isRegularFile).toList()) {
        files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Makes {@code deploy/crds} hold exactly {@link #expected}; returns the file names changed. */
  public static List<String> sync(Path repositoryRoot) throws IOException {
    Map<String, String> expected = expected(repositoryRoot);
    Map<String, String> actual = actual(repositoryRoot);
    Path deployed = repositoryRoot.resolve(DEPLOYED);
    Files.createDirectories(deployed);
    List<String> changed = new ArrayList<>();
    for (String stale : actual.keySet()) {
      if (!expected.containsKey(stale)) {
        Files.delete(deployed.resolve(stale));
        changed.add(stale);
      }
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      if (!Objects.equals(actual.get(file.getKey()), file.getValue())) {
        Files.writeString(deployed.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        changed.add(file.getKey());
      }
    }
    return changed;
  }

  /** Refreshes {@code deploy/crds} under the repository root given as the only argument. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    List<String> changed = sync(root);
    System.out.println(
        changed.isEmpty()
            ? "deploy/crds is up to date"
            : "deploy/crds updated: " + String.join(", ", changed));
  }
}
