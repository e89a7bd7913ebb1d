package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan run --local} as a user runs it: its own JVM, stdout not a terminal (so plain
 * snapshots), stopped with SIGTERM as Ctrl-C would stop it. The whole demo must converge and leave
 * nothing behind.
 */
class LocalDemoProcessTest {

  private static final Duration CONVERGE = Duration.ofMinutes(5);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final String REVISION = "main@sha1:[0-9a-f]{12}";

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "run --local reaches GitRepository and Kustomization Ready at main@sha1, creates the"
          + " Deployment, and a SIGTERM to its process group stops it cleanly: no process left, state"
          + " deleted")
  void localDemoConvergesAndStopsCleanly() throws Exception {
    Path state = tmp.resolve("state");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // In a session of its own (when setsid exists), so that the stop below can signal the whole
    // process group, as a terminal, `timeout` or a service manager does.
    boolean ownGroup = Files.isExecutable(SETSID);
    List<String> command = new ArrayList<>();
    if (ownGroup) {
      command.add(SETSID.toString());
    }
    command.addAll(
        List.of(
            java.toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--local",
            "--state-dir=" + state,
            "--refresh=1s",
            "--metrics-addr=127.0.0.1:0"));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> copy(demo, output), "demo-output");
    reader.start();
    List<ProcessHandle> started = new ArrayList<>();
    try {
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofSeconds(1))
          .failFast("the demo exited:\n" + output, () -> !demo.isAlive())
          .until(() -> converged(output.toString()));

      String text = output.toString();
      Matcher commit = Pattern.compile("\\(main@sha1:([0-9a-f]{40})\\)").matcher(text);
      assertThat(commit.find()).as("the commit in the Git server line").isTrue();
      assertThat(text)
          .containsPattern("Kustomization/flux-system/webapp +True")
          .contains("main@sha1:" + commit.group(1).substring(0, 12));
      assertThat(text)
          .contains("kubeconfig: " + state)
          .containsPattern("kubectl --kubeconfig \\S+ -n webapp scale deployment/web --replicas=4")
          .containsPattern("git clone http://127\\.0\\.0\\.1:\\d+/webapp\\.git");
      assertThat(Files.exists(state.resolve("git/webapp.git"))).isTrue();
      // the controllers log to the state directory in toolkit-runtime's console encoding, with
      // the reconcile fields
      assertThat(Files.readAllLines(state.resolve("capstan.log")))
          .anyMatch(
              line ->
                  line.matches(
                      "\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\tINFO\tio\\.capstan\\.\\S+\t.+"
                          + "\t\\{\"controller\":\"kustomization\",.*\"name\":\"webapp\".*"));

      // an explicit --metrics-addr serves both controllers' series in --local mode too
      Matcher metrics = Pattern.compile("metrics: (http://\\S+/metrics)").matcher(text);
      assertThat(metrics.find()).as("the metrics line").isTrue();
      String exposition =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(metrics.group(1))).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(exposition)
          .contains("gotk_reconcile_condition{kind=\"GitRepository\",name=\"webapp\"")
          .contains("gotk_reconcile_condition{kind=\"Kustomization\",name=\"webapp\"");

      notificationsWork(output);

      if (LocalRegistry.binary().isPresent()) {
        pushedTagRollsOut(output, state);
      }

      started.addAll(demo.descendants().toList());
      assertThat(started)
          .as("control plane processes")
          .anyMatch(p -> command(p).contains("kube-apiserver"))
          .anyMatch(p -> command(p).contains("kwok"));

      if (ownGroup) {
        // SIGTERM to every process of the group: the watchdog shells die at once
        new ProcessBuilder("kill", "-TERM", "--", "-" + demo.pid()).inheritIO().start().waitFor();
      } else {
        // SIGTERM to the JVM only (the handle, unlike Process.destroy, keeps stdout open)
        demo.toHandle().destroy();
      }
      assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("the demo stops").isTrue();
      reader.join(10_000);
      // generous for a loaded 2-core machine; the message names what is left
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          started.stream()
                              .filter(ProcessHandle::isAlive)
                              .map(p -> p.pid() + " " + command(p))
                              .toList())
                      .as("leftover processes")
                      .isEmpty());
      assertThat(output.toString()).contains("[capstan] stopped");
      assertThat(state)
          .as(
              "state directory left: %s; demo output: %s",
              leftovers(state),
              output.toString().lines().filter(l -> l.contains("while stopping")).toList())
          .doesNotExist();
    } finally {
      // a failed run must not leave a control plane behind either
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }

  /**
   * The image automation part of the demo (a local registry is installed): the policy selects
   * 1.0.0; pushing {@code webapp:1.1.0} as the printed hint says makes the automation commit it and
   * the Kustomization apply it: the Deployment runs the new image.
   */
  private static void pushedTagRollsOut(StringBuffer output, Path state) throws Exception {
    Matcher holds =
        Pattern.compile("holds (127\\.0\\.0\\.1:\\d+/webapp):1\\.0\\.0").matcher(output.toString());
    assertThat(holds.find()).as("the registry line").isTrue();
    String image = holds.group(1);
    assertThat(output.toString())
        .contains("bin/capstan push artifact oci://" + image + ":1.1.0")
        .contains("applied ImageRepository, ImagePolicy");
    await("ImagePolicy selects 1.0.0")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                lastRow(output.toString(), "ImagePolicy/flux-system/webapp")
                    .filter(r -> r[1].equals("True") && r[3].equals("1.0.0"))
                    .isPresent());
    Path content = Files.writeString(state.resolveSibling("VERSION"), "1.1.0\n");
    int pushed =
        Main.commandLine()
            .execute(
                "push",
                "artifact",
                "oci://" + image + ":1.1.0",
                "--path=" + content,
                "--source=demo",
                "--revision=1.1.0",
                "--insecure-registry");
    assertThat(pushed).isZero();
    String[] automation =
        await("ImageUpdateAutomation pushes a commit")
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    lastRow(output.toString(), "ImageUpdateAutomation/flux-system/webapp")
                        .filter(r -> r[1].equals("True") && r[3].matches("[0-9a-f]{40}"))
                        .orElse(null),
                r -> r != null);
    String applied = "main@sha1:" + automation[3].substring(0, 12);
    await("Kustomization applies the automation's commit")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                lastRow(output.toString(), "Kustomization/flux-system/webapp")
                    .filter(r -> r[1].equals("True") && r[3].equals(applied))
                    .isPresent());
    try (var client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                io.fabric8.kubernetes.client.Config.fromKubeconfig(
                    Files.readString(kubeconfig(output.toString()))))
            .build()) {
      await("the Deployment runs " + image + ":1.1.0")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  client
                      .apps()
                      .deployments()
                      .inNamespace("webapp")
                      .withName("web")
                      .get()
                      .getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .stream()
                      .anyMatch(c -> (image + ":1.1.0").equals(c.getImage())));
    }
  }

  /**
   * The notification part of the demo: the Receiver is Ready at its webhook path, the Alert and
   * Provider are listed, the Provider's webhook received the events of the first apply, and the
   * printed {@code curl} for the generic Receiver is accepted and requests a reconcile of the
   * GitRepository.
   */
  private static void notificationsWork(StringBuffer output) throws Exception {
    String[] receiver =
        await("Receiver Ready")
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> lastRow(output.toString(), "Receiver/flux-system/webapp").orElse(null),
                r -> r != null && r[1].equals("True") && r[3].startsWith("/hook/"));
    assertThat(receiver[2]).isEqualTo("Succeeded");
    assertThat(lastRow(output.toString(), "Alert/flux-system/webapp"))
        .get()
        .satisfies(r -> assertThat(String.join(" ", r)).contains("provider webapp, info events"));
    await("the Provider's webhook received the events of the first apply")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                lastRow(output.toString(), "Provider/flux-system/webapp")
                    .map(r -> String.join(" ", r))
                    .filter(r -> r.contains("received, last:"))
                    .isPresent());
    Matcher curl = Pattern.compile("curl -X POST (http://\\S+)").matcher(output.toString());
    assertThat(curl.find()).as("the Receiver's curl line").isTrue();
    assertThat(curl.group(1)).containsPattern("/hook/[0-9a-f]{64}$").contains(receiver[3]);
    int status =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(curl.group(1)))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
    assertThat(status).isEqualTo(200);
    try (var client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                io.fabric8.kubernetes.client.Config.fromKubeconfig(
                    Files.readString(kubeconfig(output.toString()))))
            .build()) {
      assertThat(
              client
                  .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
                  .inNamespace("flux-system")
                  .withName("webapp")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsKey("reconcile.fluxcd.io/requestedAt");
    }
  }

  private static List<String> leftovers(Path state) {
    if (!Files.exists(state)) {
      return List.of();
    }
    try (var files = Files.walk(state)) {
      return files.limit(20).map(Path::toString).toList();
    } catch (java.io.IOException e) {
      return List.of(e.toString());
    }
  }

  private static Path kubeconfig(String output) {
    Matcher m = Pattern.compile("kubeconfig: (\\S+)").matcher(output);
    assertThat(m.find()).as("the kubeconfig line").isTrue();
    return Path.of(m.group(1));
  }

  /** The row of {@code object} in the last complete snapshot. */
  private static Optional<String[]> lastRow(String output, String object) {
    String[] snapshots = output.split("--- \\d\\d:\\d\\d:\\d\\d ---\n");
    for (int i = snapshots.length - 1; i >= 0; i--) {
      Optional<String[]> row = row(snapshots[i], object);
      if (row.isPresent()) {
        return row;
      }
    }
    return Optional.empty();
  }

  /** True once one snapshot shows both Flux objects Ready at a commit and the Deployment. */
  private static boolean converged(String output) {
    String[] snapshots = output.split("--- \\d\\d:\\d\\d:\\d\\d ---\n");
    String last = snapshots[snapshots.length - 1];
    Optional<String[]> source = row(last, "GitRepository/flux-system/webapp");
    Optional<String[]> kustomization = row(last, "Kustomization/flux-system/webapp");
    Optional<String[]> deployment = row(last, "Deployment/webapp/web");
    return source.isPresent()
        && kustomization.isPresent()
        && deployment.isPresent()
        && source.get()[1].equals("True")
        && source.get()[3].matches(REVISION)
        && kustomization.get()[1].equals("True")
        && kustomization.get()[2].equals("ReconciliationSucceeded")
        && kustomization.get()[3].equals(source.get()[3])
        && !deployment.get()[2].equals("NotFound");
  }

  private static Optional<String[]> row(String snapshot, String object) {
    return snapshot
        .lines()
        .filter(line -> line.startsWith(object + " "))
        .map(line -> line.trim().split("\\s+"))
        .findFirst();
  }

  private static String command(ProcessHandle process) {
    return process.info().commandLine().orElse("");
  }

  private static void copy(Process process, StringBuffer output) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
      }
    } catch (java.io.IOException e) {
      output.append("(output closed: ").append(e).append(")\n");
    }
  }
}
