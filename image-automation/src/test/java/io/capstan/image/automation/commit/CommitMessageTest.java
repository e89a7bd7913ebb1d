package io.capstan.image.automation.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.image.automation.update.Change;
import io.capstan.image.automation.update.ObjectIdentifier;
import io.capstan.image.automation.update.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Flux's documented message templates (docs/spec/v1/imageupdateautomations.md) and data model. */
class CommitMessageTest {

  static final ObjectIdentifier PODINFO =
      new ObjectIdentifier("apps/v1", "Deployment", "default", "podinfo");
  static final ObjectIdentifier KUSTOMIZATION =
      new ObjectIdentifier("kustomize.config.k8s.io/v1beta1", "Kustomization", "", "");
  static final Change IMAGE =
      new Change(
          "ghcr.io/stefanprodan/podinfo:5.0.0",
          "ghcr.io/stefanprodan/podinfo:5.0.3",
          "flux-system:podinfo-policy");
  static final Change TAG = new Change("5.0.0", "5.0.3", "flux-system:podinfo-policy:tag");

  static UpdateResult result() {
    return UpdateResult.builder()
        .addChange("deploy/podinfo.yaml", PODINFO, IMAGE)
        .addChange("deploy/kustomization.yaml", KUSTOMIZATION, TAG)
        .build();
  }

  static String render(String template) throws CommitMessageException {
    return CommitMessage.render(template, "flux-system", "podinfo-update", result(), null);
  }

  @Test
  @DisplayName("no template: Flux's default message")
  void defaultMessage() throws CommitMessageException {
    assertThat(render(null)).isEqualTo("Update from image update automation");
    assertThat(render("")).isEqualTo("Update from image update automation");
  }

  @Test
  @DisplayName("the docs' example ranging files and objects")
  void docsExample() throws CommitMessageException {
    String template =
        """
        Automated image update

        Automation name: {{ .AutomationObject }}

        Files:
        {{ range $filename, $_ := .Changed.FileChanges -}}
        - {{ $filename }}
        {{ end -}}

        Objects:
        {{ range $resource, $changes := .Changed.Objects -}}
        - {{ $resource.Kind }} {{ $resource.Name }}
          Changes:
        {{- range $_, $change := $changes }}
            - {{ $change.OldValue }} -> {{ $change.NewValue }}
        {{ end -}}
        {{ end -}}
        """;
    assertThat(render(template))
        .isEqualTo(
            """
            Automated image update

            Automation name: flux-system/podinfo-update

            Files:
            - deploy/kustomization.yaml
            - deploy/podinfo.yaml
            Objects:
            - Deployment podinfo
              Changes:
                - ghcr.io/stefanprodan/podinfo:5.0.0 -> ghcr.io/stefanprodan/podinfo:5.0.3
            - Kustomization\s
              Changes:
                - 5.0.0 -> 5.0.3
            """);
  }

  @Test
  @DisplayName("the docs' example with Sprig functions (lower, contains)")
  void docsExampleWithFunctions() throws CommitMessageException {
    String template =
        """
        Automated image update

        Automation name: {{ .AutomationObject }}

        Files:
        {{ range $filename, $_ := .Changed.FileChanges -}}
        - {{ $filename }}
        {{ end -}}

        Objects:
        {{ range $resource, $changes := .Changed.Objects -}}
        - {{ $resource.Kind | lower }} {{ $resource.Name | lower }}
          Changes:
        {{- range $_, $change := $changes }}
          {{ if contains "5.0.3" $change.NewValue -}}
            - {{ $change.OldValue }} -> {{ $change.NewValue }}
          {{ else -}}
            [skip ci] wrong image
          {{ end -}}
        {{ end -}}
        {{ end -}}
        """;
    assertThat(render(template))
        .isEqualTo(
            "Automated image update\n\nAutomation name: flux-system/podinfo-update\n\nFiles:\n"
                + "- deploy/kustomization.yaml\n- deploy/podinfo.yaml\nObjects:\n"
                + "- deployment podinfo\n  Changes:\n"
                + "  - ghcr.io/stefanprodan/podinfo:5.0.0 -> ghcr.io/stefanprodan/podinfo:5.0.3\n"
                + "  - kustomization \n  Changes:\n  - 5.0.0 -> 5.0.3\n  ");
  }

  @Test
  @DisplayName("the docs' messageTemplateValues example")
  void values() throws CommitMessageException {
    assertThat(
            CommitMessage.render(
                "Automated image update by Flux for cluster {{ .Values.cluster }}.",
                "flux-system",
                "podinfo-update",
                result(),
                Map.of("cluster", "prod")))
        .isEqualTo("Automated image update by Flux for cluster prod.");
    assertThat(render("[{{ .Values.missing }}]")).isEqualTo("[<no value>]");
  }

  @Test
  @DisplayName("the docs' Gitea example over .Changed.Changes")
  void giteaExample() throws CommitMessageException {
    assertThat(
            render("{{range .Changed.Changes}}{{print .OldValue}} -> {{println .NewValue}}{{end}}"))
        .isEqualTo(
            "ghcr.io/stefanprodan/podinfo:5.0.0 -> ghcr.io/stefanprodan/podinfo:5.0.3\n"
                + "5.0.0 -> 5.0.3\n");
  }

  @Test
  @DisplayName("the docs' Gerrit Change-Id hashes Flux's deterministic String() forms")
  void gerritChangeId() throws Exception {
    String template =
        """
        Perform automatic image update

        Automation name: {{ .AutomationObject }}

        {{- $ChangeId := .AutomationObject -}}
        {{- $ChangeId = printf "%s%s" $ChangeId ( .Changed.FileChanges | toString ) -}}
        {{- $ChangeId = printf "%s%s" $ChangeId ( .Changed.Objects | toString ) -}}
        {{- $ChangeId = printf "%s%s" $ChangeId ( .Changed.Changes | toString ) }}
        Change-Id: {{ printf "I%s" ( sha256sum $ChangeId | trunc 40 ) }}
        """;
    String podinfo = "{{{apps/v1 Deployment} {podinfo default}}}";
    String kust = "{{{kustomize.config.k8s.io/v1beta1 Kustomization} { }}}";
    String image =
        "{OldValue:\"ghcr.io/stefanprodan/podinfo:5.0.0\""
            + " NewValue:\"ghcr.io/stefanprodan/podinfo:5.0.3\""
            + " Setter:\"flux-system:podinfo-policy\"}";
    String tag =
        "{OldValue:\"5.0.0\" NewValue:\"5.0.3\" Setter:\"flux-system:podinfo-policy:tag\"}";
    String files =
        "{\"deploy/kustomization.yaml\":{"
            + kust
            + ":["
            + tag
            + "]} \"deploy/podinfo.yaml\":{"
            + podinfo
            + ":["
            + image
            + "]}}";
    String objects = "{" + podinfo + ":[" + image + "] " + kust + ":[" + tag + "]}";
    String changes = "[" + image + " " + tag + "]";
    String id = "flux-system/podinfo-update" + files + objects + changes;
    String sha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    assertThat(render(template))
        .isEqualTo(
            "Perform automatic image update\n\nAutomation name: flux-system/podinfo-update\n"
                + "Change-Id: I"
                + sha.substring(0, 40)
                + "\n");
  }

  @Test
  @DisplayName("printing the data: structs as Go prints them, names as namespace/name")
  void printing() throws CommitMessageException {
    assertThat(render("{{ .AutomationObject.Namespace }} {{ .AutomationObject.Name }}"))
        .isEqualTo("flux-system podinfo-update");
    assertThat(render("{{ range .Changed.Changes }}{{ . }};{{ end }}"))
        .isEqualTo(
            "{ghcr.io/stefanprodan/podinfo:5.0.0 ghcr.io/stefanprodan/podinfo:5.0.3"
                + " flux-system:podinfo-policy};{5.0.0 5.0.3 flux-system:podinfo-policy:tag};");
    assertThat(render("{{ len .Changed.FileChanges }} {{ len .Changed.Changes }}"))
        .isEqualTo("2 2");
  }

  @Test
  @DisplayName("v1 removed .Updated: using it fails; parse errors are reported as Flux does")
  void errors() {
    assertThatThrownBy(() -> render("{{ range .Updated.Images }}{{ . }}{{ end }}"))
        .isInstanceOf(CommitMessageException.class)
        .hasMessageStartingWith("failed to run template from spec: template: commit message:1:")
        .hasMessageContaining("Updated")
        .matches(e -> !((CommitMessageException) e).isParseError());
    assertThatThrownBy(() -> render("{{ .AutomationObject"))
        .isInstanceOf(CommitMessageException.class)
        .hasMessageStartingWith(
            "unable to create commit message template from spec: template: commit message:1:")
        .matches(e -> ((CommitMessageException) e).isParseError());
  }

  @Test
  @DisplayName("only hermetic Sprig functions: now, date, randAlpha, env are not defined")
  void hermetic() throws CommitMessageException {
    for (String fn :
        new String[] {"now", "randAlpha 3", "env \"HOME\"", "uuidv4", "date \"2006\" 0"}) {
      assertThatThrownBy(() -> render("{{ " + fn + " }}"))
          .as(fn)
          .isInstanceOf(CommitMessageException.class)
          .hasMessageContaining("not defined");
    }
    assertThat(
            render("{{ \"a-b\" | upper | replace \"-\" \"_\" }} {{ sha256sum \"x\" | trunc 8 }}"))
        .isEqualTo("A_B 2d711642");
  }
}
