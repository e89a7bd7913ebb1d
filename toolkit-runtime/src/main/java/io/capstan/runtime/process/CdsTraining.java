package io.capstan.runtime.process;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The training run of a controller jar's AppCDS archive (issue #19, start-up), run by the build as
 * {@code java -XX:DumpLoadedClassList=target/X.classlist -cp target/X.jar
 * io.capstan.runtime.process.CdsTraining MAIN SECONDS [FLAGS...]}: it starts the controller whose
 * {@code MAIN} class has a static {@code commandLine()} ({@link ControllerCommand}) with {@code
 * FLAGS} ({@code {kubeconfig}} in a flag is replaced by the kubeconfig's path), against a
 * kubeconfig whose API server does not listen ({@code https://127.0.0.1:1}), lets it run {@code
 * SECONDS} (flag parsing, logging, metrics, probes, the Kubernetes client, the operator and its
 * informers starting and retrying), then exits 0. The class list then holds what a controller loads
 * before its first reconcile, apart from what only a live API server answer loads; {@code
 * -Xshare:dump} turns it into the archive. Never used at run time.
 */
public final class CdsTraining {

  private CdsTraining() {}

  /** {@code args}: main class, seconds, controller flags. Always exits 0 once the time is up. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CdsTraining MAIN_CLASS SECONDS [FLAGS...]");
      System.exit(2);
    }
    Method commandLine = Class.forName(args[0]).getMethod("commandLine");
    long seconds = Long.parseLong(args[1]);
    Path kubeconfig = unreachableKubeconfig();
    String[] flags = Arrays.copyOfRange(args, 2, args.length);
    for (int i = 0; i < flags.length; i++) {
      flags[i] = flags[i].replace("{kubeconfig}", kubeconfig.toString());
    }
    // fabric8 reads these before $KUBECONFIG, $KUBERNETES_MASTER and a service account token: the
    // training run never reaches a real cluster, whatever the build machine's environment
    System.setProperty("kubeconfig", kubeconfig.toString());
    System.setProperty("kubernetes.master", "https://127.0.0.1:1");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    Thread controller =
        new Thread(
            () -> {
              try {
                int exit = ((CommandLine) commandLine.invoke(null)).execute(flags);
                System.err.println("cds training: the controller returned " + exit);
              } catch (ReflectiveOperationException | RuntimeException e) {
                System.err.println("cds training: the controller failed: " + e);
              }
            },
            "cds-training");
    controller.setDaemon(true);
    controller.start();
    controller.join(TimeUnit.SECONDS.toMillis(seconds));
    Files.deleteIfExists(kubeconfig);
    // exit without waiting for a graceful stop; a stop that hangs is cut short
    Thread halt =
        new Thread(
            () -> {
              try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(10));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(0);
            },
            "cds-training-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(0);
  }

  private static Path unreachableKubeconfig() throws IOException {
    Path file = Files.createTempFile("cds-training-kubeconfig", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: training
          cluster:
            server: https://127.0.0.1:1
            insecure-skip-tls-verify: true
        contexts:
        - name: training
          context:
            cluster: training
            user: training
            namespace: flux-system
        current-context: training
        users:
        - name: training
          user:
            token: training
        """);
    return file;
  }
}
