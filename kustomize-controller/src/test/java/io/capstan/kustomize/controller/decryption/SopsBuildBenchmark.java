package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.Kustomizer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: the BENCHMARKS.md figure "build of a 200-file overlay with 50 SOPS-encrypted Secrets
 * vs. the same overlay in clear". Each run copies the tree (as the artifact extraction does),
 * decrypts the sources, builds with kustomize-engine and decrypts leftovers.
 *
 * <p>{@code java -cp <kustomize-controller test classpath>
 * io.capstan.kustomize.controller.decryption.SopsBuildBenchmark [runs]}
 */
public final class SopsBuildBenchmark {

  private SopsBuildBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path work = Files.createTempDirectory("sops-bench");
    SopsCli cli = new SopsCli(work);
    Path clear = Files.createDirectories(work.resolve("clear"));
    Path encrypted = Files.createDirectories(work.resolve("encrypted"));
    StringBuilder kustomization = new StringBuilder("resources:\n");
    for (int i = 0; i < 200; i++) {
      boolean secret = i % 4 == 0; // 50 Secrets
      String name = (secret ? "secret-" : "config-") + i + ".yaml";
      String yaml =
          secret
              ? "apiVersion: v1\nkind: Secret\nmetadata:\n    name: s%d\nstringData:\n    password: p%d-%s\n    user: admin\n    url: postgres://db:5432/app\n"
                  .formatted(i, i, "x".repeat(32))
              : "apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: c%d\ndata:\n    a: \"1\"\n    b: hello\n    c: world\n"
                  .formatted(i);
      Path plain = Files.writeString(clear.resolve(name), yaml);
      Files.write(
          encrypted.resolve(name),
          secret
              ? cli.encryptAge(plain, "--encrypted-regex", "^(data|stringData)$")
              : yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      kustomization.append("  - ").append(name).append('\n');
    }
    Files.writeString(clear.resolve("kustomization.yaml"), kustomization);
    Files.writeString(encrypted.resolve("kustomization.yaml"), kustomization);
    SopsDecryptor decryptor = new SopsDecryptor(cli.ageKeys());
    Kustomizer kustomizer = Kustomizer.create();
    for (int warm = 0; warm < 5; warm++) {
      run(work, clear, kustomizer, null);
      run(work, encrypted, kustomizer, decryptor);
    }
    report("clear (200 files)", work, clear, kustomizer, null, runs);
    report("50 SOPS Secrets (age) of 200", work, encrypted, kustomizer, decryptor, runs);
    cli.close();
  }

  private static void report(
      String label, Path work, Path tree, Kustomizer kustomizer, SopsDecryptor decryptor, int runs)
      throws Exception {
    long[] millis = new long[runs];
    long[] allocated = new long[runs];
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs; i++) {
      long bytes = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      int objects = run(work, tree, kustomizer, decryptor);
      millis[i] = (System.nanoTime() - start) / 1_000_000;
      allocated[i] = threads.getCurrentThreadAllocatedBytes() - bytes;
      if (objects != 200) {
        throw new IllegalStateException("built " + objects);
      }
    }
    Arrays.sort(millis);
    Arrays.sort(allocated);
    System.out.printf(
        "%s: median %d ms (min %d, max %d), allocated median %.1f MiB per build, %d runs%n",
        label,
        millis[runs / 2],
        millis[0],
        millis[runs - 1],
        allocated[runs / 2] / 1048576.0,
        runs);
  }

  private static int run(Path work, Path tree, Kustomizer kustomizer, SopsDecryptor decryptor)
      throws Exception {
    Path copy = Files.createTempDirectory(work, "build");
    try (Stream<Path> files = Files.list(tree)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    if (decryptor != null) {
      BuildDecryption.decryptSources(copy, copy, decryptor);
    }
    List<JsonNode> built = new ArrayList<>(kustomizer.build(copy));
    if (decryptor != null) {
      built = BuildDecryption.decryptResources(built, decryptor);
    }
    try (Stream<Path> walk = Files.walk(copy)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    return built.size();
  }
}
