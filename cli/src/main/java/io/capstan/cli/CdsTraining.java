package io.capstan.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The training run of the cli's AppCDS archive (issue #19, start-up), run once by the build as
 * {@code java -XX:ArchiveClassesAtExit=target/capstan.jsa -cp target/capstan.jar
 * io.capstan.cli.CdsTraining DIR}: it executes {@code build kustomization DIR} (the {@link
 * QuickBuild} path {@code main} takes, and the picocli one), {@code version} and {@code run --help}
 * in this JVM, output discarded, so the archive holds the classes those paths load (the kustomize
 * engine, picocli's models of every command and controller flag).
 */
public final class CdsTraining {

  private CdsTraining() {}

  /** {@code args[0]}: a kustomization directory to build. Exits 1 when a command fails. */
  public static void main(String[] args) {
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
    System.exit(failed == 0 ? 0 : 1);
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
