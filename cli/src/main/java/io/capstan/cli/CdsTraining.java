package io.capstan.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run of the cli's AppCDS archive (issue #19, start-up), run once by the build as
 * {@code java -XX:DumpLoadedClassList=target/capstan.classlist -cp target/capstan.jar
 * io.capstan.cli.CdsTraining DIR [run]} (then {@code -Xshare:dump} makes {@code
 * target/capstan.jsa}, or {@code target/capstan-run.jsa} with {@code run}): it executes {@code
 * build kustomization DIR} (the {@link QuickBuild} path {@code main} takes, and the picocli one),
 * {@code version}, {@code run --help} and {@code --help} in this JVM, output discarded, and, with a
 * second argument {@code run}, then {@code run} for 8 s against an API server that does not listen
 * (toolkit-runtime's {@link io.capstan.runtime.process.CdsTraining}), so the archive holds the
 * classes those paths load: the kustomize engine, picocli's models of every command and controller
 * flag, the controllers, the operator and the Kubernetes client up to their first request.
 */
public final class CdsTraining {

  private CdsTraining() {}

  /**
   * {@code args[0]}: a kustomization directory to build; {@code args[1]}, optional: {@code run} to
   * train {@code run} as well (the archive {@code bin/capstan run} uses), or {@code build} / {@code
   * quickbuild} (then more directories may follow) to train {@code build} alone (the archive / AOT
   * cache of {@code capstan-build.jar}, which {@code bin/capstan build} uses). Exits 1 when a
   * command fails.
   */
  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[1].equals("quickbuild")) {
      System.exit(trainBuild(args));
    }
    int failed = 0;
    StringWriter sink = new StringWriter();
    failed +=
        QuickBuild.run(
                    new String[] {"build", "kustomization", args[0]},
                    new PrintWriter(sink),
                    new PrintWriter(sink))
                == 0
            ? 0
            : 1;
    failed += run(Main.startUpCommandLine(), "build", "kustomization", args[0]);
    failed += run(Main.startUpCommandLine(), "version");
    failed += run(Main.commandLine(), "run", "--help");
    failed += run(Main.commandLine(), "--help");
    if (failed != 0 || args.length < 2 || !args[1].equals("run")) {
      System.exit(failed == 0 ? 0 : 1);
    }
    // then `run` for a few seconds against an API server that does not listen: the classes of
    // every controller, the operator and the Kubernetes client up to their first request
    // the build runs this in the module directory: artifacts (none expected) stay under target/
    Path storage = Files.createDirectories(Path.of("target", "cds-training-storage"));
    io.capstan.runtime.process.CdsTraining.main(
        new String[] {
          Main.class.getName(),
          "8",
          "run",
          "--kubeconfig={kubeconfig}",
          "--metrics-addr=127.0.0.1:0",
          "--health-addr=127.0.0.1:0",
          "--storage-addr=127.0.0.1:0",
          "--storage-path=" + storage
        });
  }

  /**
   * The training of {@code capstan-build.jar}'s archive and AOT cache ({@code bin/capstan build
   * kustomization} in its plain forms): {@code build kustomization} of {@code args[0]} and of each
   * directory after {@code quickbuild}, as {@code main} runs it ({@link QuickBuild} printing
   * through the writers it prints to stdout with, into a null stream). Nothing of picocli: that jar
   * runs only what {@code QuickBuild} takes, and the JVM loads every class of a JDK 25 AOT cache at
   * start, used or not.
   */
  private static int trainBuild(String[] args) {
    int failed = 0;
    List<String> directories = new ArrayList<>(List.of(args[0]));
    directories.addAll(Arrays.asList(args).subList(2, args.length));
    for (String directory : directories) {
      PrintWriter out = QuickBuild.writer(OutputStream.nullOutputStream(), "sun.stdout.encoding");
      PrintWriter err = QuickBuild.writer(OutputStream.nullOutputStream(), "sun.stderr.encoding");
      if (QuickBuild.run(new String[] {"build", "kustomization", directory}, out, err) != 0) {
        System.err.println("capstan build kustomization " + directory + " failed");
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }

  private static int run(picocli.CommandLine commandLine, String... args) {
    StringWriter sink = new StringWriter();
    commandLine.setOut(new PrintWriter(sink));
    commandLine.setErr(new PrintWriter(sink));
    int exit = commandLine.execute(args);
    if (exit != 0) {
      System.err.println("capstan " + String.join(" ", args) + " exited " + exit + ":\n" + sink);
      return 1;
    }
    return 0;
  }
}
