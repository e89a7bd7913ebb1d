package io.capstan.image.automation.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImagePolicyStatus;
import io.capstan.api.image.v1.ImageRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SetterUpdaterTest {

  static final String DIGEST =
      "sha256:6745aaad46d795c9836632e1fb62f24b7e7f4c843144da8e47a5465c411a14be";

  /** ns:app → ghcr.io/org/app:1.2.3; ns:pinned → with digest; ns:numeric → tag 1.10. */
  static Setters setters() {
    return Setters.builder()
        .policy("ns", "app", new ImageRef("ghcr.io/org/app", "1.2.3", null))
        .policy("ns", "pinned", new ImageRef("ghcr.io/org/pinned", "2.0.0", DIGEST))
        .policy("ns", "numeric", new ImageRef("registry:5000/num", "1.10", null))
        .policy("automation-ns", "policy", new ImageRef("index.repo.fake/updated", "v1.0.1", null))
        .policy("automation-ns", "unchanged", new ImageRef("image", "v1.0.0", null))
        .policy("ns", "waiting", null)
        .build();
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "Flux's own testdata (internal/update/testdata/setters/marked.yaml)",
            """
            ---
            apiVersion: batch/v1beta1
            kind: CronJob
            metadata:
              name: foo
              namespace: bar
            spec:
              schedule: "*/1 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: image:v1.0.0 # {"$imagepolicy": "automation-ns:policy"}
                      - name: d
                        image: image:v1.0.0 # {"$imagepolicy": "automation-ns:unchanged"}
            """,
            """
            ---
            apiVersion: batch/v1beta1
            kind: CronJob
            metadata:
              name: foo
              namespace: bar
            spec:
              schedule: "*/1 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: index.repo.fake/updated:v1.0.1 # {"$imagepolicy": "automation-ns:policy"}
                      - name: d
                        image: image:v1.0.0 # {"$imagepolicy": "automation-ns:unchanged"}
            """),
        Arguments.of(
            "double-quoted value keeps its quotes; odd spacing and ## kept",
            "spec:\n  image:   \"old:1\"    ##{\"$imagepolicy\":\"ns:app\"}   \n",
            "spec:\n  image:   \"ghcr.io/org/app:1.2.3\"    ##{\"$imagepolicy\":\"ns:app\"}   \n"),
        Arguments.of(
            "single-quoted value keeps its quotes",
            "image: 'old:1' # {\"$imagepolicy\": \"ns:app\"}\n",
            "image: 'ghcr.io/org/app:1.2.3' # {\"$imagepolicy\": \"ns:app\"}\n"),
        Arguments.of(
            "sequence items, indented and not, tabs before the comment",
            "args:\n  - old:1\t# {\"$imagepolicy\": \"ns:app\"}\n  - keep:1\nimages:\n- x:1 #"
                + " {\"$imagepolicy\": \"ns:app:tag\"}\n",
            "args:\n  - ghcr.io/org/app:1.2.3\t# {\"$imagepolicy\": \"ns:app\"}\n  - keep:1\n"
                + "images:\n- 1.2.3 # {\"$imagepolicy\": \"ns:app:tag\"}\n"),
        Arguments.of(
            "Helm values: name, tag and digest setters (Flux docs)",
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: my-app
              namespace: default
            spec:
              values:
                image:
                  repository: ghcr.io/org/old # {"$imagepolicy": "ns:pinned:name"}
                  tag: 1.0.0 # {"$imagepolicy": "ns:pinned:tag"}
                  digest: sha256:0000 # {"$imagepolicy": "ns:pinned:digest"}
                  # a comment that stays
                  pullPolicy: IfNotPresent
            """,
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: my-app
              namespace: default
            spec:
              values:
                image:
                  repository: ghcr.io/org/pinned # {"$imagepolicy": "ns:pinned:name"}
                  tag: 2.0.0 # {"$imagepolicy": "ns:pinned:tag"}
                  digest: %s # {"$imagepolicy": "ns:pinned:digest"}
                  # a comment that stays
                  pullPolicy: IfNotPresent
            """
                .formatted(DIGEST)),
        Arguments.of(
            "kustomization images: newName/newTag",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - deployment.yaml
            images:
            - name: app
              newName: old/app # {"$imagepolicy": "ns:app:name"}
              newTag: v0 # {"$imagepolicy": "ns:app:tag"}
            """,
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - deployment.yaml
            images:
            - name: app
              newName: ghcr.io/org/app # {"$imagepolicy": "ns:app:name"}
              newTag: 1.2.3 # {"$imagepolicy": "ns:app:tag"}
            """),
        Arguments.of(
            "CRLF line endings stay CRLF",
            "a: 1\r\nimage: old:1 # {\"$imagepolicy\": \"ns:app\"}\r\nb: 2\r\n",
            "a: 1\r\nimage: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\r\nb: 2\r\n"),
        Arguments.of(
            "comments around the marker line stay; text after the JSON makes it no marker",
            "# head\nimage: old:1 # {\"$imagepolicy\": \"ns:app\"}\n# after\nother: old:1 #"
                + " {\"$imagepolicy\": \"ns:app\"} # trailing\n",
            "# head\nimage: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n# after\n"
                + "other: old:1 # {\"$imagepolicy\": \"ns:app\"} # trailing\n"),
        Arguments.of(
            "multiple documents, separators and end markers kept",
            "---\nkind: A\nimage: a:0 # {\"$imagepolicy\": \"ns:app\"}\n...\n---\nkind: B\n"
                + "image: b:0 # {\"$imagepolicy\": \"ns:pinned\"}\n---\n# empty doc\n",
            "---\nkind: A\nimage: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n...\n"
                + "---\nkind: B\nimage: ghcr.io/org/pinned:2.0.0@"
                + DIGEST
                + " # {\"$imagepolicy\": \"ns:pinned\"}\n---\n# empty doc\n"),
        Arguments.of(
            "a tag YAML 1.1 reads as a number is double-quoted, as kyaml does",
            "tag: v1 # {\"$imagepolicy\": \"ns:numeric:tag\"}\n"
                + "quoted: '1.0' # {\"$imagepolicy\": \"ns:numeric:tag\"}\n",
            "tag: \"1.10\" # {\"$imagepolicy\": \"ns:numeric:tag\"}\n"
                + "quoted: '1.10' # {\"$imagepolicy\": \"ns:numeric:tag\"}\n"),
        Arguments.of(
            "anchored and tagged scalars keep their properties",
            "image: &img old:1 # {\"$imagepolicy\": \"ns:app\"}\n"
                + "tagged: !!str old:1 # {\"$imagepolicy\": \"ns:app\"}\ncopy: *img\n",
            "image: &img ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n"
                + "tagged: !!str ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n"
                + "copy: *img\n"),
        Arguments.of(
            "non-ASCII text before the marker (offsets are code points)",
            "note: \"héllo 🚀 wörld\"\nimage: old:1 # {\"$imagepolicy\": \"ns:app\"} \n",
            "note: \"héllo 🚀 wörld\"\nimage: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\":"
                + " \"ns:app\"} \n"),
        Arguments.of(
            "flow mapping value on its own line",
            "c: {name: a,\n  image: old:1, # {\"$imagepolicy\": \"ns:app\"}\n  x: 1}\n",
            "c: {name: a,\n  image: old:1, # {\"$imagepolicy\": \"ns:app\"}\n  x: 1}\n"),
        Arguments.of(
            "a policy without digest sets the digest setter to the empty string, as Flux does",
            "digest: sha256:0 # {\"$imagepolicy\": \"ns:app:digest\"}\n",
            "digest: \"\" # {\"$imagepolicy\": \"ns:app:digest\"}\n"),
        Arguments.of(
            "identity is known only at the document's end: metadata after the marker",
            "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\nmetadata: {name: late}\n",
            "image: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n"
                + "metadata: {name: late}\n"),
        Arguments.of(
            "kyaml's long $ref form",
            "image: old:1 # {\"$ref\": \"#/definitions/io.k8s.cli.setters.ns:app:name\"}\n"
                + "# \"$imagepolicy\" token present\n",
            "image: ghcr.io/org/app # {\"$ref\":"
                + " \"#/definitions/io.k8s.cli.setters.ns:app:name\"}\n"
                + "# \"$imagepolicy\" token present\n"),
        Arguments.of(
            "mapping keys are never set; multi-line plain value replaced as one",
            "old:1: x # {\"$imagepolicy\": \"ns:app\"}\nimage: part one\n  part two #"
                + " {\"$imagepolicy\": \"ns:app\"}\n",
            "old:1: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n"
                + "image: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  @DisplayName("changes only the marked scalars, byte for byte")
  void updatesShapes(String name, String before, String after, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("manifest.yaml");
    Files.write(file, before.getBytes(StandardCharsets.UTF_8));
    UpdateResult result = new SetterUpdater(setters()).update(dir);
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo(after);
    assertThat(result.problemFiles()).isEmpty();
    assertThat(result.changedFiles())
        .isEqualTo(before.equals(after) ? java.util.Set.of() : java.util.Set.of("manifest.yaml"));
  }

  @Test
  @DisplayName("records file → object → changes as Flux does")
  void recordsChanges(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("apps/deploy.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: prod
        spec:
          template:
            spec:
              containers:
              - image: old:1 # {"$imagepolicy": "ns:app"}
              - image: ghcr.io/org/app:1.2.3 # {"$imagepolicy": "ns:app"}
        ---
        kind: Kustomization
        images:
        - newTag: "0" # {"$imagepolicy": "ns:pinned:tag"}
        """);
    UpdateResult result = new SetterUpdater(setters()).update(dir);
    ObjectIdentifier web = new ObjectIdentifier("apps/v1", "Deployment", "prod", "web");
    ObjectIdentifier kust = new ObjectIdentifier("", "Kustomization", "", "");
    assertThat(result.fileChanges())
        .isEqualTo(
            Map.of(
                "apps/deploy.yaml",
                Map.of(
                    web,
                    List.of(new Change("old:1", "ghcr.io/org/app:1.2.3", "ns:app")),
                    kust,
                    List.of(new Change("0", "2.0.0", "ns:pinned:tag")))));
    assertThat(result.changes())
        .containsExactly(
            new Change("old:1", "ghcr.io/org/app:1.2.3", "ns:app"),
            new Change("0", "2.0.0", "ns:pinned:tag"));
    assertThat(result.objects().keySet()).containsExactly(kust, web);
    assertThat(result.unresolvedMarkers()).isEmpty();
  }

  @Test
  @DisplayName("a marker naming an unknown or not-ready policy is reported, not guessed")
  void reportsUnresolved(@TempDir Path dir) throws IOException {
    String text =
        """
        a: x:1 # {"$imagepolicy": "ns:missing"}
        b: x:1 # {"$imagepolicy": "app"}
        c: x:1 # {"$imagepolicy": "ns:waiting:tag"}
        d: x:1 # {"$imagepolicy": "ns:app:version"}
        """;
    Path file = write(dir.resolve("a.yaml"), text);
    UpdateResult result = new SetterUpdater(setters()).update(dir);
    assertThat(result.isEmpty()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(text);
    assertThat(result.unresolvedMarkers())
        .extracting(UnresolvedMarker::line, UnresolvedMarker::setter, UnresolvedMarker::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, "ns:missing", "no ImagePolicy 'ns/missing' among the automation's policies"),
            org.assertj.core.groups.Tuple.tuple(
                2,
                "app",
                "a setter names <namespace>:<policy>[:tag|:name|:digest]; no ImagePolicy is"
                    + " named without its namespace"),
            org.assertj.core.groups.Tuple.tuple(
                3, "ns:waiting:tag", "ImagePolicy 'ns/waiting' has no latest image yet"),
            org.assertj.core.groups.Tuple.tuple(
                4,
                "ns:app:version",
                "unknown setter 'ns:app:version' (a setter field is one of tag, name, digest)"));
  }

  @Test
  @DisplayName("files without markers, up-to-date files and other extensions are not written")
  void leavesOtherFilesAlone(@TempDir Path dir) throws IOException {
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Path plain = write(dir.resolve("plain.yaml"), "image: old:1\n");
    Path current =
        write(
            dir.resolve("current.yml"),
            "image: ghcr.io/org/app:1.2.3 # {\"$imagepolicy\": \"ns:app\"}\n");
    Path txt = write(dir.resolve("notes.txt"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    Path upper = write(dir.resolve("x.YAML"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    Path kustomization =
        write(
            dir.resolve("sub/Kustomization"), "newTag: v0 # {\"$imagepolicy\": \"ns:app:tag\"}\n");
    for (Path p : List.of(plain, current, txt, upper, kustomization)) {
      Files.setLastModifiedTime(p, old);
    }
    UpdateResult result = new SetterUpdater(setters()).update(dir);
    assertThat(result.changedFiles()).containsExactly("sub/Kustomization");
    for (Path p : List.of(plain, current, txt, upper)) {
      assertThat(Files.getLastModifiedTime(p)).as(p.toString()).isEqualTo(old);
    }
    assertThat(Files.readString(kustomization))
        .isEqualTo("newTag: 1.2.3 # {\"$imagepolicy\": \"ns:app:tag\"}\n");
  }

  @Test
  @DisplayName("symbolic links are not followed and .git is skipped")
  void noSymlinksNoGit(@TempDir Path tmp) throws IOException {
    Path outside =
        write(
            tmp.resolve("outside/secret.yaml"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    Path outsideDir = outside.getParent();
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createSymbolicLink(repo.resolve("link.yaml"), outside);
    Files.createSymbolicLink(repo.resolve("linkdir"), outsideDir);
    Path git =
        write(repo.resolve(".git/config.yaml"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    Path inside = write(repo.resolve("ok.yaml"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    UpdateResult result = new SetterUpdater(setters()).update(repo);
    assertThat(result.changedFiles()).containsExactly("ok.yaml");
    assertThat(Files.readString(outside)).contains("old:1");
    assertThat(Files.readString(git)).contains("old:1");
    assertThat(Files.readString(inside)).contains("ghcr.io/org/app:1.2.3");
    assertThatThrownBy(() -> SetterUpdater.resolveUpdatePath(repo, "linkdir"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside the repository");
    assertThat(SetterUpdater.resolveUpdatePath(repo, "../../..")).isEqualTo(repo.toRealPath());
  }

  @Test
  @DisplayName("a marked file that is not YAML or UTF-8 is reported and left alone")
  void problemFiles(@TempDir Path dir) throws IOException {
    String broken = "a: [unclosed # {\"$imagepolicy\": \"ns:app\"}\nb: 'x\n";
    Path bad = write(dir.resolve("bad.yaml"), broken);
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(
        latin1,
        "n: \"\u00e9\"\nimage: old:1 # {\"$imagepolicy\": \"ns:app\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    Path good = write(dir.resolve("good.yaml"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    UpdateResult result = new SetterUpdater(setters()).update(dir);
    assertThat(result.problemFiles()).containsExactly("bad.yaml", "latin1.yaml");
    assertThat(Files.readString(bad)).isEqualTo(broken);
    assertThat(result.changedFiles()).containsExactly("good.yaml");
    assertThat(Files.readString(good)).contains("ghcr.io/org/app:1.2.3");
  }

  @Test
  @DisplayName("setters come from ImagePolicy status.latestRef; a policy without one defines none")
  void settersFromPolicies() {
    ImagePolicy ready =
        policy("flux-system", "podinfo", new ImageRef("ghcr.io/x/podinfo", "5.0.3", DIGEST));
    ImagePolicy waiting = policy("flux-system", "waiting", null);
    Setters s = Setters.of(List.of(ready, waiting));
    assertThat(s.values())
        .containsExactly(
            Map.entry("flux-system:podinfo", "ghcr.io/x/podinfo:5.0.3@" + DIGEST),
            Map.entry("flux-system:podinfo:tag", "5.0.3"),
            Map.entry("flux-system:podinfo:name", "ghcr.io/x/podinfo"),
            Map.entry("flux-system:podinfo:digest", DIGEST));
    assertThat(s.value("flux-system:waiting")).isEmpty();
  }

  @Test
  @DisplayName("a single file can be the update root; paths are relative to its directory")
  void singleFileRoot(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("one.yaml"), "image: old:1 # {\"$imagepolicy\": \"ns:app\"}\n");
    assertThat(new SetterUpdater(setters()).update(file).changedFiles())
        .containsExactly("one.yaml");
  }

  static ImagePolicy policy(String ns, String name, ImageRef latest) {
    ImagePolicy p = new ImagePolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    ImagePolicyStatus status = new ImagePolicyStatus();
    status.setLatestRef(latest);
    p.setStatus(status);
    return p;
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
