package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The status rows read from objects, the table they render to and how it is displayed. */
class StatusTableTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static Stream<Arguments> fluxObjects() {
    return Stream.of(
        Arguments.of(
            "not created",
            null,
            new StatusRow("GitRepository/ns/app", "-", "NotFound", "-", "not created yet")),
        Arguments.of(
            "no status yet",
            "kind: GitRepository\nmetadata: {name: app}\n",
            new StatusRow(
                "GitRepository/ns/app", "Unknown", "-", "-", "waiting for the controller")),
        Arguments.of(
            "a ready source shows its artifact revision",
            """
            kind: GitRepository
            status:
              artifact: {revision: "main@sha1:abc"}
              conditions:
              - {type: ArtifactInStorage, status: "True", reason: Succeeded}
              - {type: Ready, status: "True", reason: Succeeded, message: "stored artifact"}
            """,
            new StatusRow(
                "GitRepository/ns/app", "True", "Succeeded", "main@sha1:abc", "stored artifact")),
        Arguments.of(
            "an applied Kustomization shows lastAppliedRevision",
            """
            kind: Kustomization
            status:
              lastAppliedRevision: main@sha1:111
              lastAttemptedRevision: main@sha1:222
              conditions:
              - type: Ready
                status: "False"
                reason: BuildFailed
                message: |-
                  kustomize build failed:
                  invalid YAML
            """,
            new StatusRow(
                "GitRepository/ns/app",
                "False",
                "BuildFailed",
                "main@sha1:111",
                "kustomize build failed: invalid YAML")),
        Arguments.of(
            "a never-applied Kustomization shows lastAttemptedRevision",
            """
            kind: Kustomization
            status:
              lastAttemptedRevision: main@sha1:222
              conditions:
              - {type: Ready, status: Unknown, reason: Progressing, message: reconciling}
            """,
            new StatusRow(
                "GitRepository/ns/app", "Unknown", "Progressing", "main@sha1:222", "reconciling")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fluxObjects")
  @DisplayName("a Flux object's row is its Ready condition and its revision")
  void fluxObjectRow(String name, String yaml, StatusRow expected) {
    GenericKubernetesResource resource =
        yaml == null ? null : YAML.unmarshal(yaml, GenericKubernetesResource.class);

    assertThat(StatusRow.ofFluxObject("GitRepository", "ns", "app", resource)).isEqualTo(expected);
  }

  static Stream<Arguments> deployments() {
    return Stream.of(
        Arguments.of(
            null, new StatusRow("Deployment/ns/web", "-", "NotFound", "-", "not created yet")),
        Arguments.of(
            "kind: Deployment\nspec: {replicas: 2}\n",
            new StatusRow("Deployment/ns/web", "0/2", "-", "-", "no rollout status yet")),
        Arguments.of(
            """
            kind: Deployment
            spec: {replicas: 1}
            status:
              readyReplicas: 4
              conditions:
              - {type: Progressing, status: "True", reason: NewReplicaSetAvailable, message: done}
              - {type: Available, status: "True", reason: MinimumReplicasAvailable, message: ok}
            """,
            new StatusRow("Deployment/ns/web", "4/1", "MinimumReplicasAvailable", "-", "ok")));
  }

  @ParameterizedTest
  @MethodSource("deployments")
  @DisplayName("a Deployment's row is ready/desired replicas and its Available condition")
  void deploymentRow(String yaml, StatusRow expected) {
    Deployment deployment = yaml == null ? null : YAML.unmarshal(yaml, Deployment.class);

    assertThat(StatusRow.ofDeployment("ns", "web", deployment)).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "notification rows: a Receiver's Ready condition and webhook path; Providers and Alerts"
          + " (no status in v1beta3) with their note, sources and suspension")
  void notificationRows() {
    assertThat(StatusRow.ofNotificationObject("Provider", "ns", "hook", null, "n"))
        .isEqualTo(new StatusRow("Provider/ns/hook", "-", "NotFound", "-", "not created yet"));
    GenericKubernetesResource provider =
        YAML.unmarshal(
            "kind: Provider\nspec: {type: generic, suspend: true}\n",
            GenericKubernetesResource.class);
    assertThat(StatusRow.ofNotificationObject("Provider", "ns", "hook", provider, "2 received"))
        .isEqualTo(new StatusRow("Provider/ns/hook", "-", "Suspended", "-", "2 received"));
    GenericKubernetesResource alert =
        YAML.unmarshal(
            """
            kind: Alert
            spec:
              providerRef: {name: hook}
              eventSources: [{kind: GitRepository, name: app}, {kind: Kustomization, name: "*"}]
            """,
            GenericKubernetesResource.class);
    assertThat(StatusRow.ofNotificationObject("Alert", "ns", "apps", alert, null))
        .isEqualTo(
            new StatusRow(
                "Alert/ns/apps",
                "-",
                "-",
                "-",
                "provider hook, info events of GitRepository/app, Kustomization/*"));
    GenericKubernetesResource receiver =
        YAML.unmarshal(
            """
            kind: Receiver
            status:
              webhookPath: /hook/abc
              conditions:
              - {type: Ready, status: "True", reason: Succeeded, message: "Receiver initialized"}
            """,
            GenericKubernetesResource.class);
    assertThat(StatusRow.ofNotificationObject("Receiver", "ns", "app", receiver, null))
        .isEqualTo(
            new StatusRow(
                "Receiver/ns/app", "True", "Succeeded", "/hook/abc", "Receiver initialized"));
  }

  @Test
  @DisplayName("the table aligns columns, cuts long messages and ends every line without blanks")
  void rendersAlignedTable() {
    List<StatusRow> rows =
        List.of(
            new StatusRow("GitRepository/a/b", "True", "Succeeded", "main@sha1:1", "short"),
            new StatusRow("Deployment/x/y", "1/1", null, null, "a message that is too long"));

    assertThat(StatusTable.render(rows, 12))
        .isEqualTo(
            """
            OBJECT             READY  REASON     REVISION     MESSAGE
            GitRepository/a/b  True   Succeeded  main@sha1:1  short
            Deployment/x/y     1/1    -          -            a message...
            """);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "main@sha1:0a8e46e833207157204768f3b1d2c4e5f6a7b8c9, main@sha1:0a8e46e83320",
    "v1.0.0@sha256:aaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,"
        + " v1.0.0@sha256:aaaaaaaaaaaa",
    "main@sha1:0a8e46e83320, main@sha1:0a8e46e83320",
    "/hook/5c1f0e2d9a47aaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, /hook/5c1f0e2d9a47",
    "-, -"
  })
  @DisplayName("revisions show their digest abbreviated to 12 hex digits")
  void abbreviatesRevisions(String revision, String shown) {
    assertThat(StatusTable.abbreviate(revision)).isEqualTo(shown);
  }

  @Test
  @DisplayName("without a terminal, only changed snapshots are appended, each under its time")
  void plainSnapshots() {
    StringWriter out = new StringWriter();
    LiveDisplay display = new LiveDisplay(new PrintWriter(out), false);

    display.show("A\n", LocalTime.of(10, 0, 0), 0);
    display.show("A\n", LocalTime.of(10, 0, 2), 0);
    display.show("B\n", LocalTime.of(10, 0, 4), 0);

    assertThat(out.toString()).isEqualTo("--- 10:00:00 ---\nA\n--- 10:00:04 ---\nB\n");
  }

  @Test
  @DisplayName(
      "on a terminal, each refresh moves the cursor up over the previous block and erases it")
  void ansiRedrawsInPlace() {
    StringWriter out = new StringWriter();
    LiveDisplay display = new LiveDisplay(new PrintWriter(out), true);

    display.show("A\nB\n", LocalTime.of(10, 0, 0), 0);
    display.show("C\n", LocalTime.of(10, 0, 2), 0);

    assertThat(out.toString())
        .isEqualTo(
            "status at 10:00:00 (Ctrl-C stops)\nA\nB\n"
                + "\033[3F\033[J"
                + "status at 10:00:02 (Ctrl-C stops)\nC\n");
  }

  @Test
  @DisplayName("on a terminal, lines are cut to its width so none wraps and the redraw stays exact")
  void ansiCutsLinesToTheTerminalWidth() {
    StringWriter out = new StringWriter();
    LiveDisplay display = new LiveDisplay(new PrintWriter(out), true);

    display.show("0123456789ABCDEF\nshort\n", LocalTime.of(10, 0, 0), 11);
    display.show("x\n", LocalTime.of(10, 0, 2), 11);

    assertThat(out.toString())
        .isEqualTo("status at \n0123456789\nshort\n" + "\033[3F\033[J" + "status at \nx\n");
  }
}
