package io.capstan.cli.install;

import io.capstan.cli.Main;
import io.capstan.testing.tools.TestTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Test helpers: {@code capstan install} and the real {@code flux} CLI against a test cluster. */
final class ClusterInstall {

  /** Exit code and everything printed (stdout, then stderr). */
  record Result(int exit, String output) {}

  private ClusterInstall() {}

  /** Runs {@code capstan install ARGS --kubeconfig=KUBECONFIG} in this JVM. */
  static Result capstan(Path kubeconfig, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine capstan = Main.commandLine();
    capstan.setOut(new PrintWriter(out, true));
    capstan.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("install", "--kubeconfig=" + kubeconfig));
    all.addAll(List.of(args));
    int exit = capstan.execute(all.toArray(String[]::new));
    return new Result(exit, out + err.toString());
  }

  /** Runs the real {@code flux} CLI ({@link TestTools#flux()}) with {@code --kubeconfig}. */
  static Result flux(Path kubeconfig, Path home, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(TestTools.flux().toString());
    command.addAll(List.of(args));
    command.add("--kubeconfig=" + kubeconfig);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HOME", home.toString()); // flux's discovery cache, not the user's
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("flux " + String.join(" ", args) + " hung:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }
}
