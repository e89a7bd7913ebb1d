package io.capstan.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --force} (Flux's {@code confirmBootstrap}): an installation whose {@code gitrepositories}
 * CRD another tool manages ({@code app.kubernetes.io/managed-by: Helm}) is taken over only when the
 * user confirms or passes {@code --force}. Against the real API server; the CRD's labels are
 * restored afterwards.
 */
@WithKubernetes
class BootstrapOverrideTest {

  private static final String CRD = "gitrepositories.source.toolkit.fluxcd.io";

  private static GitBootstrap bootstrap(StringWriter out, String... args) throws Exception {
    BootstrapGitCommand command = new BootstrapGitCommand();
    new CommandLine(command).parseArgs(args);
    PrintWriter writer = new PrintWriter(out, true);
    return new GitBootstrap(command.settings(writer), writer);
  }

  @Test
  @DisplayName(
      "a CRD managed by Helm: declining the prompt cancels before anything is cloned; 'y' or"
          + " --force proceed; a Flux-managed or unlabelled CRD asks nothing")
  void override(KubernetesClient client, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(CRD).get();
    assertThat(crd).as("the test API server has the Flux CRDs").isNotNull();
    Map<String, String> original =
        crd.getMetadata().getLabels() == null
            ? Map.of()
            : new HashMap<>(crd.getMetadata().getLabels());
    InputStream stdin = System.in;
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git =
            GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start()) {
      ObjectId initial =
          repository.commit("main", "init", Map.of("README.md", "# fleet\n")).getId();
      git.serve("fleet", repository.repository());
      String[] args = {
        "--url=" + git.url("fleet"),
        "--path=clusters/test",
        "--username=fleet",
        "--password=s3cret",
        "--token-auth",
        "--allow-insecure-http",
        "--kubeconfig=" + plane.kubeconfig(),
        "-n",
        "bootstrap-override",
        "--timeout=30s"
      };

      // unlabelled (or managed-by flux): no question
      assertThatCode(() -> bootstrap(new StringWriter(), args).confirmOverride(client))
          .doesNotThrowAnyException();

      label(
          client,
          Map.of("app.kubernetes.io/managed-by", "Helm", "app.kubernetes.io/version", "v2.9.4"));
      System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine capstan = io.capstan.cli.Main.commandLine();
      capstan.setOut(new PrintWriter(out, true));
      capstan.setErr(new PrintWriter(err, true));
      String[] full = new String[args.length + 2];
      full[0] = "bootstrap";
      full[1] = "git";
      System.arraycopy(args, 0, full, 2, args.length);
      int exit = capstan.execute(full);
      String output = out + err.toString();
      assertThat(exit).as(output).isEqualTo(1);
      assertThat(output)
          .contains(
              "Flux v2.9.4 has been installed on this cluster with Helm!",
              "Are you sure you want to override the Helm installation?",
              "bootstrap cancelled")
          .doesNotContain("cloning", "s3cret");
      assertThat(repository.head("main")).isEqualTo(initial);
      assertThat(client.namespaces().withName("bootstrap-override").get()).isNull();

      System.setIn(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)));
      assertThatCode(() -> bootstrap(new StringWriter(), args).confirmOverride(client))
          .doesNotThrowAnyException();

      System.setIn(new ByteArrayInputStream(new byte[0]));
      assertThatThrownBy(() -> bootstrap(new StringWriter(), args).confirmOverride(client))
          .hasMessageContaining("bootstrap cancelled");
      String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
      forced[args.length] = "--force";
      StringWriter quiet = new StringWriter();
      assertThatCode(() -> bootstrap(quiet, forced).confirmOverride(client))
          .doesNotThrowAnyException();
      assertThat(quiet.toString()).doesNotContain("Are you sure");

      label(client, Map.of("app.kubernetes.io/managed-by", "flux"));
      System.setIn(new ByteArrayInputStream(new byte[0]));
      assertThatCode(() -> bootstrap(new StringWriter(), args).confirmOverride(client))
          .doesNotThrowAnyException();
    } finally {
      System.setIn(stdin);
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(CRD)
          .edit(
              c -> {
                c.getMetadata().setLabels(original);
                return c;
              });
    }
  }

  private static void label(KubernetesClient client, Map<String, String> labels) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(CRD)
        .edit(
            c -> {
              Map<String, String> all =
                  c.getMetadata().getLabels() == null
                      ? new HashMap<>()
                      : new HashMap<>(c.getMetadata().getLabels());
              all.remove("app.kubernetes.io/managed-by");
              all.putAll(labels);
              c.getMetadata().setLabels(all);
              return c;
            });
  }
}
