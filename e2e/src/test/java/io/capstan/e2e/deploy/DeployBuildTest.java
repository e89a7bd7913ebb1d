package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.controller.HelmControllerOptions;
import io.capstan.image.controller.ImageReflectorOptions;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.source.SourceControllerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/ as a kustomize base, checked on what the engine builds (no API server). */
class DeployBuildTest {

  @Test
  @DisplayName("deploy/ builds byte-identical with our engine and `kubectl kustomize`")
  void engineMatchesKubectl() throws Exception {
    String ours = Kustomizer.render(DeployTree.objects());
    String kubectl = kubectlKustomize(DeployTree.dir());
    assertThat(ours).isEqualTo(kubectl);
  }

  @ParameterizedTest(name = "{0} {1}/{2}")
  @CsvSource({
    "Namespace, '', flux-system",
    "ServiceAccount, flux-system, source-controller",
    "ServiceAccount, flux-system, kustomize-controller",
    "Deployment, flux-system, source-controller",
    "Deployment, flux-system, kustomize-controller",
    "Service, flux-system, source-controller",
    "ServiceAccount, flux-system, notification-controller",
    "Deployment, flux-system, notification-controller",
    "Service, flux-system, notification-controller",
    "Service, flux-system, webhook-receiver",
    "ClusterRole, '', capstan-notification-controller",
    "ClusterRoleBinding, '', capstan-notification-controller",
    "Role, flux-system, capstan-notification-controller-leader-election",
    "RoleBinding, flux-system, capstan-notification-controller-leader-election",
    "ClusterRole, '', capstan-source-controller",
    "ClusterRole, '', capstan-kustomize-controller",
    "ClusterRoleBinding, '', capstan-source-controller",
    "ClusterRoleBinding, '', capstan-kustomize-controller",
    "ClusterRoleBinding, '', capstan-cluster-reconciler",
    "Role, flux-system, capstan-source-controller-leader-election",
    "Role, flux-system, capstan-kustomize-controller-leader-election",
    "RoleBinding, flux-system, capstan-source-controller-leader-election",
    "RoleBinding, flux-system, capstan-kustomize-controller-leader-election",
    "ServiceAccount, flux-system, image-reflector-controller",
    "Deployment, flux-system, image-reflector-controller",
    "ClusterRole, '', capstan-image-reflector-controller",
    "ClusterRoleBinding, '', capstan-image-reflector-controller",
    "Role, flux-system, capstan-image-reflector-controller-leader-election",
    "RoleBinding, flux-system, capstan-image-reflector-controller-leader-election",
    "ServiceAccount, flux-system, image-automation-controller",
    "Deployment, flux-system, image-automation-controller",
    "ClusterRole, '', capstan-image-automation-controller",
    "ClusterRoleBinding, '', capstan-image-automation-controller",
    "Role, flux-system, capstan-image-automation-controller-leader-election",
    "RoleBinding, flux-system, capstan-image-automation-controller-leader-election",
    "ServiceAccount, flux-system, helm-controller",
    "Deployment, flux-system, helm-controller",
    "ClusterRole, '', capstan-helm-controller",
    "ClusterRoleBinding, '', capstan-helm-controller",
    "ClusterRoleBinding, '', capstan-helm-cluster-reconciler",
    "Role, flux-system, capstan-helm-controller-leader-election",
    "RoleBinding, flux-system, capstan-helm-controller-leader-election",
  })
  @DisplayName("deploy/ installs each object of the install in its namespace")
  void installsObject(String kind, String namespace, String name) {
    ObjectNode object = DeployTree.one(kind, name);
    assertThat(object.at("/metadata/namespace").asText("")).isEqualTo(namespace);
    assertThat(object.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("flux");
    assertThat(object.at("/metadata/labels/app.kubernetes.io~1instance").asText())
        .isEqualTo("flux-system");
    String version = System.getProperty("capstan.project.version", "0.1.0-SNAPSHOT");
    assertThat(object.at("/metadata/labels/app.kubernetes.io~1version").asText())
        .isEqualTo("capstan-v" + version);
    if (name.contains("controller")) {
      assertThat(object.at("/metadata/labels/app.kubernetes.io~1component").asText())
          .isEqualTo(name.replaceFirst("^capstan-", "").replaceFirst("-leader-election$", ""));
    }
  }

  @Test
  @DisplayName("deploy/ carries the 14 Flux CRDs and every namespaced object lives in flux-system")
  void crdsAndNamespace() {
    assertThat(DeployTree.ofKind("CustomResourceDefinition"))
        .extracting(o -> o.at("/spec/group").asText())
        .hasSize(14)
        .allMatch(group -> group.endsWith(".toolkit.fluxcd.io"));
    List<String> clusterScoped =
        List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");
    assertThat(DeployTree.objects())
        .filteredOn(o -> !clusterScoped.contains(o.path("kind").asText()))
        .allSatisfy(o -> assertThat(o.at("/metadata/namespace").asText()).isEqualTo("flux-system"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
        "image-reflector-controller",
        "image-automation-controller"
      })
  @DisplayName("each controller runs non-root, read-only, no capabilities, RuntimeDefault seccomp")
  void securityContext(String controller) {
    JsonNode container = DeployTree.container(controller);
    JsonNode sc = container.path("securityContext");
    assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(sc.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    ObjectNode deployment = DeployTree.one("Deployment", controller);
    assertThat(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
        .isTrue();
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(controller);
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @CsvSource({
    "source-controller, http, 9090",
    "source-controller, http-prom, 8080",
    "source-controller, healthz, 9440",
    "kustomize-controller, http-prom, 8080",
    "kustomize-controller, healthz, 9440",
    "helm-controller, http-prom, 8080",
    "helm-controller, healthz, 9440",
    "notification-controller, http, 9090",
    "notification-controller, http-webhook, 9292",
    "notification-controller, http-prom, 8080",
    "notification-controller, healthz, 9440",
    "image-reflector-controller, http-prom, 8080",
    "image-reflector-controller, healthz, 9440",
    "image-automation-controller, http-prom, 8080",
    "image-automation-controller, healthz, 9440",
  })
  @DisplayName("each controller exposes Flux's ports by name")
  void ports(String controller, String name, int port) {
    JsonNode container = DeployTree.container(controller);
    assertThat(StreamSupport.stream(container.path("ports").spliterator(), false))
        .anySatisfy(
            p -> {
              assertThat(p.path("name").asText()).isEqualTo(name);
              assertThat(p.path("containerPort").asInt()).isEqualTo(port);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
        "image-reflector-controller",
        "image-automation-controller"
      })
  @DisplayName(
      "each controller has probes, resources, the project-version image and an emptyDir /tmp")
  void probesResourcesImage(String controller) {
    JsonNode container = DeployTree.container(controller);
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(container.at("/resources/limits/cpu").asText()).isNotEmpty();
    String version = System.getProperty("capstan.project.version", "0.1.0-SNAPSHOT");
    assertThat(container.path("image").asText())
        .isEqualTo("localhost:5000/capstan/" + controller + ":" + version);
    assertThat(emptyDirMounts(controller)).containsEntry("/tmp", true);
  }

  @Test
  @DisplayName("the JVM flags come from one generated ConfigMap that both controllers read")
  void jvmFlagsInOnePlace() throws IOException {
    List<ObjectNode> configMaps = DeployTree.ofKind("ConfigMap");
    assertThat(configMaps).hasSize(1);
    ObjectNode jvm = configMaps.get(0);
    String name = jvm.at("/metadata/name").asText();
    assertThat(name).matches("capstan-jvm-[a-z0-9]{10}");
    assertThat(jvm.at("/data/JAVA_TOOL_OPTIONS").asText())
        .contains(
            "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=", "-XX:TieredStopAtLevel=1", "-Xss256k");
    assertThat(jvm.at("/data/MALLOC_ARENA_MAX").asText()).isEqualTo("2");
    // the images carry the same flags (jib environment from the parent pom's property)
    String pom = java.nio.file.Files.readString(DeployTree.dir().resolveSibling("pom.xml"));
    assertThat(pom)
        .contains(
            "<capstan.controller.jvm>"
                + jvm.at("/data/JAVA_TOOL_OPTIONS").asText()
                + "</capstan.controller.jvm>");
    for (String controller :
        List.of(
            "source-controller",
            "kustomize-controller",
            "helm-controller",
            "notification-controller",
            "image-reflector-controller",
            "image-automation-controller")) {
      JsonNode container = DeployTree.container(controller);
      assertThat(container.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(name);
      assertThat(container.path("env").toString()).doesNotContain("JAVA_TOOL_OPTIONS", "-XX:");
      assertThat(container.path("args").toString()).doesNotContain("-XX:", "-Xmx");
    }
  }

  @Test
  @DisplayName("source-controller: artifact Service port 80 → http, /data on an emptyDir")
  void artifactService() {
    ObjectNode service = DeployTree.one("Service", "source-controller");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(80);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    assertThat(service.at("/spec/selector/app").asText())
        .isEqualTo(
            DeployTree.one("Deployment", "source-controller")
                .at("/spec/template/metadata/labels/app")
                .asText());
    assertThat(emptyDirMounts("source-controller")).containsEntry("/data", true);
  }

  /** A controller's {@code Main.parse}: its Deployment's args to its options record. */
  @FunctionalInterface
  interface MainParser {
    Object parse(String[] args, String runtimeNamespace);
  }

  static Stream<Arguments> controllerMains() {
    return Stream.of(
        Arguments.of("source-controller", (MainParser) io.capstan.source.Main::parse),
        Arguments.of(
            "kustomize-controller", (MainParser) io.capstan.kustomize.controller.Main::parse),
        Arguments.of("helm-controller", (MainParser) io.capstan.helm.controller.Main::parse),
        Arguments.of("notification-controller", (MainParser) io.capstan.notification.Main::parse),
        Arguments.of(
            "image-reflector-controller", (MainParser) io.capstan.image.controller.Main::parse),
        Arguments.of(
            "image-automation-controller",
            (MainParser) io.capstan.image.automation.controller.Main::parse));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controllerMains")
  @DisplayName(
      "each controller's args are flags its Main accepts: all namespaces, metrics and health"
          + " addresses, leader election, JSON logs")
  void argsParse(String controller, MainParser main) {
    List<String> args = args(controller);
    Object options = main.parse(args.toArray(String[]::new), "flux-system");
    assertThat(options).extracting("watchNamespaces").isEqualTo(Set.of());
    assertThat(args)
        .contains(
            "--metrics-addr=:8080",
            "--health-addr=:9440",
            "--enable-leader-election",
            "--log-encoding=json");
  }

  @Test
  @DisplayName("source-controller's args store on /data and advertise the Service")
  void sourceControllerArgs() {
    SourceControllerOptions options =
        io.capstan.source.Main.parse(
            args("source-controller").toArray(String[]::new), "flux-system");
    assertThat(options.storagePath()).isEqualTo(Path.of("/data"));
    assertThat(options.storageAddress()).isEqualTo(":9090");
    assertThat(options.storageAdvertisedAddress())
        .isEqualTo("source-controller.flux-system.svc.cluster.local.");
  }

  @Test
  @DisplayName("helm-controller's args keep Flux's --concurrent")
  void helmControllerArgs() {
    HelmControllerOptions options =
        io.capstan.helm.controller.Main.parse(
            args("helm-controller").toArray(String[]::new), "flux-system");
    assertThat(options.concurrent()).isEqualTo(HelmControllerOptions.DEFAULT_CONCURRENT);
  }

  @Test
  @DisplayName("notification-controller's Services target the intake and receiver")
  void notificationControllerArgs() {
    assertThat(args("notification-controller"))
        .contains("--events-addr=:9090", "--receiverAddr=:9292");
    assertThat(
            DeployTree.one("Service", "notification-controller")
                .at("/spec/ports/0/targetPort")
                .asText())
        .isEqualTo("http");
    assertThat(
            DeployTree.one("Service", "webhook-receiver").at("/spec/ports/0/targetPort").asText())
        .isEqualTo("http-webhook");
  }

  @Test
  @DisplayName("image-reflector-controller's args keep the tags on the /data emptyDir")
  void imageReflectorArgs() {
    ImageReflectorOptions options =
        io.capstan.image.controller.Main.parse(
            args("image-reflector-controller").toArray(String[]::new), "flux-system");
    assertThat(options.storagePath()).isEqualTo(Path.of("/data"));
    assertThat(emptyDirMounts("image-reflector-controller")).containsEntry("/data", true);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "image-reflector-controller",
        "image-automation-controller"
      })
  @DisplayName("every other controller sends its events to notification-controller's Service")
  void eventsAddress(String controller) {
    assertThat(args(controller))
        .contains("--events-addr=http://notification-controller.flux-system.svc.cluster.local./");
  }

  /** The container args of {@code controller}'s Deployment, the runtime namespace filled in. */
  static List<String> args(String controller) {
    List<String> args = new ArrayList<>();
    DeployTree.container(controller)
        .path("args")
        .forEach(a -> args.add(a.asText().replace("$(RUNTIME_NAMESPACE)", "flux-system")));
    return args;
  }

  /** Mount path → whether its volume is an emptyDir. */
  static Map<String, Boolean> emptyDirMounts(String controller) {
    JsonNode spec = DeployTree.one("Deployment", controller).at("/spec/template/spec");
    Map<String, Boolean> emptyDir = new TreeMap<>();
    spec.path("volumes").forEach(v -> emptyDir.put(v.path("name").asText(), v.has("emptyDir")));
    Map<String, Boolean> mounts = new TreeMap<>();
    spec.at("/containers/0/volumeMounts")
        .forEach(
            m ->
                mounts.put(
                    m.path("mountPath").asText(),
                    emptyDir.getOrDefault(m.path("name").asText(), false)));
    return mounts;
  }

  static String kubectlKustomize(Path dir) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "kubectl is not on PATH: the comparison with kubectl kustomize is skipped");
      throw e;
    }
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize exit status").isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
