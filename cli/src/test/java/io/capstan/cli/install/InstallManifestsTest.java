package io.capstan.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.cli.CapstanVersion;
import io.capstan.cli.Main;
import io.capstan.kustomize.engine.Kustomizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What {@code capstan install} builds from the embedded deploy/ (no API server). */
class InstallManifestsTest {

  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final InstallManifests MANIFESTS = InstallManifests.embedded();

  private static InstallOptions options(
      String namespace,
      List<String> components,
      String registry,
      String pullSecret,
      boolean networkPolicy,
      boolean watchAll) {
    return InstallOptions.builder(VERSION)
        .namespace(namespace)
        .components(components)
        .registry(registry)
        .imagePullSecret(pullSecret)
        .networkPolicy(networkPolicy)
        .watchAllNamespaces(watchAll)
        .build();
  }

  private static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private static String id(JsonNode o) {
    return o.path("kind").asText()
        + "/"
        + o.at("/metadata/namespace").asText("")
        + "/"
        + o.at("/metadata/name").asText();
  }

  @Test
  @DisplayName("with the defaults it builds exactly deploy/ less the CRDs of absent controllers")
  void defaultsAreDeploy() {
    List<ObjectNode> install = MANIFESTS.build(InstallOptions.defaults(VERSION));
    List<ObjectNode> deploy = Kustomizer.create().build(Path.of("..", "deploy"));
    Set<String> absent = Set.of("image-reflector-controller", "image-automation-controller");
    List<ObjectNode> expected =
        deploy.stream()
            .filter(
                o ->
                    !absent.contains(
                        o.at("/metadata/labels/app.kubernetes.io~1component").asText()))
            .toList();
    assertThat(Kustomizer.render(install)).isEqualTo(Kustomizer.render(expected));
    // per image controller (extras, not installed by default): CRD(s), ServiceAccount, 4 RBAC
    // objects, Deployment
    assertThat(deploy.size() - install.size()).isEqualTo((2 + 6) + (1 + 6));
  }

  @Test
  @DisplayName("every object carries Flux's labels; Deployments and their Pods the component too")
  void fluxLabels() {
    List<ObjectNode> objects = MANIFESTS.build(InstallOptions.defaults(VERSION));
    assertThat(objects)
        .allSatisfy(
            o -> {
              JsonNode labels = o.at("/metadata/labels");
              assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("flux");
              assertThat(labels.path("app.kubernetes.io/instance").asText())
                  .isEqualTo("flux-system");
              assertThat(labels.path("app.kubernetes.io/version").asText())
                  .isEqualTo("capstan-v" + VERSION);
            });
    for (ObjectNode d : ofKind(objects, "Deployment")) {
      String name = d.at("/metadata/name").asText();
      JsonNode pod = d.at("/spec/template/metadata/labels");
      assertThat(d.at("/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo(name);
      assertThat(d.at("/metadata/labels/control-plane").asText()).isEqualTo("controller");
      assertThat(pod.path("app").asText()).isEqualTo(name);
      assertThat(pod.path("app.kubernetes.io/component").asText()).isEqualTo(name);
      assertThat(pod.path("app.kubernetes.io/part-of").asText()).isEqualTo("flux");
      // selectors stay Flux's (immutable on a live Deployment)
      assertThat(d.at("/spec/selector/matchLabels").size()).isEqualTo(1);
      assertThat(d.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("manager");
    }
    assertThat(ofKind(objects, "CustomResourceDefinition"))
        .allSatisfy(
            crd ->
                assertThat(crd.at("/metadata/labels/app.kubernetes.io~1component").asText())
                    .isIn(InstallOptions.AVAILABLE));
  }

  @Test
  @DisplayName("--namespace moves every namespaced object, the Namespace and the RBAC subjects")
  void namespace() {
    List<ObjectNode> objects =
        MANIFESTS.build(
            options("gitops", InstallOptions.DEFAULT_COMPONENTS, "r.example/c", "", true, true));
    assertThat(ofKind(objects, "Namespace"))
        .singleElement()
        .satisfies(ns -> assertThat(ns.at("/metadata/name").asText()).isEqualTo("gitops"));
    Set<String> clusterScoped =
        Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");
    assertThat(objects)
        .filteredOn(o -> !clusterScoped.contains(o.path("kind").asText()))
        .allSatisfy(o -> assertThat(o.at("/metadata/namespace").asText()).isEqualTo("gitops"));
    List<ObjectNode> bindings = ofKind(objects, "ClusterRoleBinding");
    assertThat(bindings).isNotEmpty();
    for (ObjectNode b : bindings) {
      for (JsonNode subject : b.path("subjects")) {
        assertThat(subject.path("namespace").asText()).as(id(b)).isEqualTo("gitops");
      }
    }
    assertThat(objects)
        .allSatisfy(
            o ->
                assertThat(o.at("/metadata/labels/app.kubernetes.io~1instance").asText())
                    .isEqualTo("gitops"));
  }

  @Test
  @DisplayName(
      "outside flux-system, cluster-scoped RBAC names (and their roleRefs) get the namespace as"
          + " suffix, as Flux's nameSuffix does; in flux-system deploy/'s names stay")
  void clusterScopedNamesSuffixed() {
    List<ObjectNode> gitops =
        MANIFESTS.build(
            options("gitops", InstallOptions.DEFAULT_COMPONENTS, "r.example/c", "", true, true));
    List<ObjectNode> fluxSystem =
        MANIFESTS.build(
            options(
                "flux-system", InstallOptions.DEFAULT_COMPONENTS, "r.example/c", "", true, true));
    for (String kind : List.of("ClusterRole", "ClusterRoleBinding")) {
      assertThat(ofKind(gitops, kind))
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.at("/metadata/name").asText()).endsWith("-gitops"));
      assertThat(ofKind(fluxSystem, kind))
          .allSatisfy(o -> assertThat(o.at("/metadata/name").asText()).doesNotEndWith("-gitops"));
    }
    assertThat(ofKind(gitops, "ClusterRoleBinding"))
        .extracting(o -> o.at("/metadata/name").asText() + "->" + o.at("/roleRef/name").asText())
        .contains(
            "capstan-cluster-reconciler-gitops->cluster-admin",
            "capstan-source-controller-gitops->capstan-source-controller-gitops",
            "capstan-kustomize-controller-gitops->capstan-kustomize-controller-gitops");
    assertThat(ofKind(fluxSystem, "ClusterRoleBinding"))
        .extracting(o -> o.at("/metadata/name").asText())
        .contains("capstan-cluster-reconciler", "capstan-source-controller");
  }

  @Test
  @DisplayName(
      "--cluster-domain rewrites the service addresses; --toleration-keys adds tolerations")
  void clusterDomainAndTolerations() {
    InstallOptions defaults =
        options("flux-system", InstallOptions.DEFAULT_COMPONENTS, "r.example/c", "", true, true);
    InstallOptions custom =
        InstallOptions.builder(VERSION)
            .registry("r.example/c")
            .clusterDomain("corp.internal")
            .tolerationKeys(List.of("dedicated", "example.com/gpu"))
            .build();
    List<ObjectNode> objects = MANIFESTS.build(custom);
    assertThat(ofKind(objects, "Deployment"))
        .hasSize(InstallOptions.DEFAULT_COMPONENTS.size())
        .allSatisfy(
            d -> {
              String args = d.at("/spec/template/spec/containers/0/args").toString();
              assertThat(args).doesNotContain("cluster.local");
              assertThat(d.at("/spec/template/spec/tolerations").toString())
                  .isEqualTo(
                      "[{\"key\":\"dedicated\",\"operator\":\"Exists\"},"
                          + "{\"key\":\"example.com/gpu\",\"operator\":\"Exists\"}]");
            });
    assertThat(
            ofKind(objects, "Deployment").stream()
                .map(d -> d.at("/spec/template/spec/containers/0/args").toString())
                .toList())
        .anyMatch(
            a ->
                a.contains(
                    "--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.corp.internal."))
        .anyMatch(
            a ->
                a.contains(
                    "--events-addr=http://notification-controller.$(RUNTIME_NAMESPACE)"
                        + ".svc.corp.internal./"));
    assertThat(ofKind(MANIFESTS.build(defaults), "Deployment"))
        .allSatisfy(
            d -> assertThat(d.at("/spec/template/spec/tolerations").isMissingNode()).isTrue());
  }

  @Test
  @DisplayName("--registry, --image-pull-secret, --watch-all-namespaces=false, --log-level")
  void deploymentOptions() {
    InstallOptions options =
        InstallOptions.builder("1.2.3")
            .components(List.of("source-controller", "kustomize-controller"))
            .registry("registry.example.com:5000/mirror/capstan")
            .imagePullSecret("regcred")
            .watchAllNamespaces(false)
            .logLevel("debug")
            .build();
    List<ObjectNode> deployments = ofKind(MANIFESTS.build(options), "Deployment");
    assertThat(deployments)
        .extracting(d -> d.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("source-controller", "kustomize-controller");
    for (ObjectNode d : deployments) {
      String name = d.at("/metadata/name").asText();
      JsonNode pod = d.at("/spec/template/spec");
      assertThat(pod.at("/containers/0/image").asText())
          .isEqualTo("registry.example.com:5000/mirror/capstan/" + name + ":1.2.3");
      assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("regcred");
      assertThat(pod.at("/containers/0/args/0").asText()).isEqualTo("--watch-all-namespaces=false");
      assertThat(pod.at("/containers/0/args/1").asText()).isEqualTo("--log-level=debug");
    }
  }

  @Test
  @DisplayName(
      "--components picks the controllers and their CRDs; --network-policy=false drops them")
  void componentsAndPolicies() {
    List<ObjectNode> objects =
        MANIFESTS.build(
            options(
                "flux-system",
                List.of("source-controller"),
                InstallOptions.DEFAULT_REGISTRY,
                "",
                false,
                true));
    assertThat(ofKind(objects, "Deployment"))
        .extracting(d -> d.at("/metadata/name").asText())
        .containsExactly("source-controller");
    assertThat(ofKind(objects, "CustomResourceDefinition"))
        .extracting(c -> c.at("/spec/group").asText())
        .hasSize(6)
        .containsOnly("source.toolkit.fluxcd.io");
    assertThat(ofKind(objects, "NetworkPolicy")).isEmpty();
    assertThat(objects)
        .extracting(o -> o.at("/metadata/name").asText())
        .noneMatch(n -> n.contains("kustomize") || n.contains("notification"));

    List<ObjectNode> withPolicies = MANIFESTS.build(InstallOptions.defaults(VERSION));
    assertThat(ofKind(withPolicies, "NetworkPolicy"))
        .extracting(p -> p.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("allow-egress", "allow-scraping", "allow-webhooks");
  }

  @Test
  @DisplayName(
      "--components-extra=image-reflector-controller,image-automation-controller adds both"
          + " controllers, their RBAC and the three image CRDs")
  void imageAutomationExtras() {
    List<String> components = new java.util.ArrayList<>(InstallOptions.DEFAULT_COMPONENTS);
    components.addAll(InstallOptions.FLUX_EXTRA_COMPONENTS.subList(0, 2));
    List<ObjectNode> objects =
        MANIFESTS.build(options("flux-system", components, "r.example/c", "", true, true));
    assertThat(ofKind(objects, "Deployment"))
        .extracting(d -> d.at("/metadata/name").asText())
        .contains("image-reflector-controller", "image-automation-controller");
    assertThat(ofKind(objects, "CustomResourceDefinition"))
        .extracting(c -> c.at("/metadata/name").asText())
        .contains(
            "imagerepositories.image.toolkit.fluxcd.io",
            "imagepolicies.image.toolkit.fluxcd.io",
            "imageupdateautomations.image.toolkit.fluxcd.io");
    assertThat(ofKind(objects, "ClusterRole"))
        .extracting(c -> c.at("/metadata/name").asText())
        .contains("capstan-image-reflector-controller", "capstan-image-automation-controller");
    for (String name : List.of("image-reflector-controller", "image-automation-controller")) {
      ObjectNode d =
          ofKind(objects, "Deployment").stream()
              .filter(o -> o.at("/metadata/name").asText().equals(name))
              .findFirst()
              .orElseThrow();
      assertThat(d.at("/spec/template/spec/containers/0/image").asText())
          .isEqualTo("r.example/c/" + name + ":" + VERSION);
      assertThat(d.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "source-watcher | not available in Capstan yet; installable:"
            + " source-controller,kustomize-controller,helm-controller,notification-controller,"
            + "image-reflector-controller,image-automation-controller",
        "kustomize-controler | unknown component(s) [kustomize-controler]",
      })
  @DisplayName("unknown and not-yet-implemented components are refused, naming what is")
  void refusedComponents(String component, String message) {
    assertThatThrownBy(
            () ->
                options(
                    "flux-system",
                    List.of("source-controller", component),
                    InstallOptions.DEFAULT_REGISTRY,
                    "",
                    true,
                    true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Flux_System | invalid --namespace 'Flux_System'",
        "../x | invalid --namespace '../x'",
      })
  @DisplayName("a namespace Kubernetes would refuse is refused before anything is built")
  void badNamespace(String namespace, String message) {
    assertThatThrownBy(
            () ->
                options(
                    namespace,
                    InstallOptions.DEFAULT_COMPONENTS,
                    InstallOptions.DEFAULT_REGISTRY,
                    "",
                    true,
                    true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("install --export prints the manifests it would apply and touches no cluster")
  void export() {
    StringWriter out = new StringWriter();
    CommandLine capstan = Main.commandLine();
    capstan.setOut(new PrintWriter(out, true));
    int exit =
        capstan.execute("install", "--export", "--kubeconfig=/nonexistent", "--namespace=gitops");
    assertThat(exit).isZero();
    InstallOptions expected =
        InstallOptions.builder(CapstanVersion.capstan()).namespace("gitops").build();
    assertThat(out.toString()).isEqualTo(Kustomizer.render(MANIFESTS.build(expected)));
  }

  @Test
  @DisplayName("the component of every CRD file comes from its label")
  void crdFilesByComponent() {
    assertThat(MANIFESTS.crdFiles(List.of("kustomize-controller")))
        .containsExactly("crds/kustomizations.kustomize.toolkit.fluxcd.io-v1.yml");
    assertThat(
            MANIFESTS.crdFiles(List.of("notification-controller")).stream()
                .map(f -> f.replaceAll(".*/|\\..*", ""))
                .collect(Collectors.toList()))
        .containsExactly("alerts", "providers", "receivers");
  }
}
