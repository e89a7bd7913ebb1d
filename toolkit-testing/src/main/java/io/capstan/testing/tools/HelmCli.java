package io.capstan.testing.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real helm v4 CLI ({@link TestTools#helm()}) pointed at a test API server through a
 * kubeconfig, with its config/cache/data homes under {@code home} and the {@code secret} storage
 * driver.
 *
 * <pre>{@code
 * HelmCli helm = new HelmCli(plane.kubeconfig(), tempDir);
 * String json = helm.ok("list", "-n", "apps", "-o", "json");
 * }</pre>
 */
public final class HelmCli {
  /** Exit status, stdout and stderr of one run. */
  public record Result(int exit, String out, String err) {}

  private final Path kubeconfig;
  private final Path home;

  public HelmCli(Path kubeconfig, Path home) {
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  public Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(TestTools.helm().toString());
    cmd.addAll(List.of(args));
    cmd.add("--kubeconfig");
    cmd.add(kubeconfig.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    pb.environment().put("HELM_DRIVER", "secret");
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("helm timed out: " + cmd);
    }
    return new Result(
        p.exitValue(),
        java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
        java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Runs and fails on a non-zero exit, returning stdout. */
  public String ok(String... args) throws IOException, InterruptedException {
    Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError(
          "helm " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err() + r.out());
    }
    return r.out();
  }
}
