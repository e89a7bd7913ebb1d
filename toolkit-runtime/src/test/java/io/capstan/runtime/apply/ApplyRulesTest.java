package io.capstan.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplyRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode yaml(String text) {
    return JSON.valueToTree(
        new KubernetesSerialization().unmarshal(text, GenericKubernetesResource.class));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "ssa, Merge, MERGE",
        "ssa, merge, MERGE",
        "ssa, IfNotPresent, IF_NOT_PRESENT",
        "ssa, Ignore, IGNORE",
        "ssa, Override, OVERRIDE",
        "ssa, bogus, OVERRIDE",
        "other, Ignore, OVERRIDE",
      })
  @DisplayName("reads the <group>/ssa annotation case-insensitively, defaulting to Override")
  void ssaPolicy(String key, String value, SsaPolicy expected) {
    Map<String, String> annotations = Map.of("kustomize.toolkit.fluxcd.io/" + key, value);

    assertThat(SsaPolicy.of(annotations, "kustomize.toolkit.fluxcd.io")).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "force: enabled, prune: disabled and reconcile: disabled are read from the annotation group")
  void forceAndPruneAnnotations() {
    String g = "kustomize.toolkit.fluxcd.io";
    assertThat(SsaPolicy.forceEnabled(Map.of(g + "/force", "enabled"), g)).isTrue();
    assertThat(SsaPolicy.forceEnabled(Map.of(g + "/force", "disabled"), g)).isFalse();
    assertThat(SsaPolicy.pruneDisabled(Map.of(g + "/prune", "disabled"), g)).isTrue();
    assertThat(SsaPolicy.pruneDisabled(Map.of("helm.toolkit.fluxcd.io/prune", "disabled"), g))
        .isFalse();
    assertThat(SsaPolicy.pruneDisabled(null, g)).isFalse();
    assertThat(SsaPolicy.reconcileDisabled(Map.of(g + "/reconcile", "Disabled"), g)).isTrue();
    assertThat(SsaPolicy.reconcileDisabled(Map.of(g + "/reconcile", "enabled"), g)).isFalse();
  }

  @Test
  @DisplayName(
      "stages: CRDs, Namespaces and ClusterRoles, then *Class kinds, then cluster-scoped before namespaced")
  void applyOrder() {
    ObjectRef deploy = new ObjectRef("apps/v1", "Deployment", "apps", "web");
    ObjectRef cm = new ObjectRef("v1", "ConfigMap", "apps", "cfg");
    ObjectRef widget = new ObjectRef("example.com/v1", "Widget", "apps", "w");
    ObjectRef crb = new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", "b");
    ObjectRef storage = new ObjectRef("storage.k8s.io/v1", "StorageClass", "", "fast");
    ObjectRef role = new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", "", "r");
    ObjectRef crd =
        new ObjectRef(
            "apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com");
    ObjectRef ns = new ObjectRef("v1", "Namespace", "", "apps");
    List<ObjectRef> refs =
        new ArrayList<>(List.of(deploy, cm, widget, crb, storage, role, crd, ns));

    refs.sort(ApplyOrder.applyOrder());

    assertThat(refs).containsExactly(ns, crd, role, storage, crb, cm, deploy, widget);
    assertThat(ApplyOrder.isDefinition(crd)).isTrue();
    assertThat(ApplyOrder.isDefinition(role)).isFalse();
  }

  @Test
  @DisplayName(
      "desired objects get owner labels, lose ignored fields and status, and Secret stringData becomes data")
  void desiredObject() {
    ObjectNode source =
        yaml(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: apps, resourceVersion: "12"}
            stringData: {password: hunter2}
            status: {x: y}
            """);
    ApplyOptions options =
        ApplyOptions.builder("kustomize-controller")
            .owner(new Owner("kustomize.toolkit.fluxcd.io", "infra", "flux-system"))
            .ignore(FieldIgnoreRule.forKind("Secret", "/metadata/annotations", "/type"))
            .build();

    ObjectNode desired = DesiredObject.prepare(source, options);

    assertThat(desired.at("/metadata/labels/kustomize.toolkit.fluxcd.io~1name").asText())
        .isEqualTo("infra");
    assertThat(desired.at("/metadata/labels/kustomize.toolkit.fluxcd.io~1namespace").asText())
        .isEqualTo("flux-system");
    assertThat(desired.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
    assertThat(desired.has("stringData")).isFalse();
    assertThat(desired.has("status")).isFalse();
    assertThat(desired.at("/metadata/resourceVersion").isMissingNode()).isTrue();
    assertThat(source.has("stringData")).as("the input is not modified").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Service | v1 | {ports: [{port: 80}, {port: 53, protocol: UDP}]} | /spec/ports",
        "Deployment | apps/v1 | {template: {spec: {containers: [{name: a, ports: [{containerPort: 80},"
            + " {containerPort: 53, protocol: UDP}]}]}}} | /spec/template/spec/containers/0/ports",
        "Pod | v1 | {initContainers: [{name: a, ports: [{containerPort: 80}, {containerPort: 53,"
            + " protocol: UDP}]}]} | /spec/initContainers/0/ports",
        "CronJob | batch/v1 | {jobTemplate: {spec: {template: {spec: {containers: [{name: a, ports:"
            + " [{containerPort: 80}, {containerPort: 53, protocol: UDP}]}]}}}}}"
            + " | /spec/jobTemplate/spec/template/spec/containers/0/ports",
      })
  @DisplayName("ports without a protocol get TCP, explicit protocols are kept")
  void defaultsPortProtocols(String kind, String apiVersion, String spec, String portsPointer) {
    ObjectNode object =
        yaml(
            "apiVersion: "
                + apiVersion
                + "\nkind: "
                + kind
                + "\nmetadata: {name: x, namespace: y}\nspec: "
                + spec);

    JsonNode ports =
        DesiredObject.prepare(object, ApplyOptions.builder("m").build()).at(portsPointer);

    assertThat(ports).hasSize(2);
    assertThat(ports.get(0).get("protocol").asText()).isEqualTo("TCP");
    assertThat(ports.get(1).get("protocol").asText()).isEqualTo("UDP");
  }

  @Test
  @DisplayName("ignore rules remove fields only from targeted objects")
  void ignoreRules() {
    ObjectNode deployment =
        yaml(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: apps}
        spec: {replicas: 3, paused: false}
        """);
    ApplyOptions options =
        ApplyOptions.builder("m")
            .ignore(new FieldIgnoreRule(ref -> ref.name().equals("web"), List.of("/spec/replicas")))
            .build();

    assertThat(DesiredObject.prepare(deployment, options).at("/spec").toString())
        .isEqualTo("{\"paused\":false}");
    deployment.withObjectProperty("metadata").put("name", "api");
    assertThat(DesiredObject.prepare(deployment, options).at("/spec/replicas").asInt())
        .isEqualTo(3);
  }

  @Test
  @DisplayName("drift ignores server-maintained metadata and status, not spec or labels")
  void drift() {
    JsonNode live =
        yaml(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, namespace: a, resourceVersion: "5", uid: u1, generation: 1, creationTimestamp: "2024-01-01T00:00:00Z", managedFields: [{manager: x}]}
        data: {k: v}
        """);
    JsonNode sameAfterDryRun =
        yaml(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, namespace: a, resourceVersion: "6", uid: u1, managedFields: [{manager: y}]}
        data: {k: v}
        """);
    JsonNode changed =
        yaml(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, namespace: a, labels: {l: x}}
        data: {k: v}
        """);

    assertThat(Drift.hasDrifted(live, sameAfterDryRun)).isFalse();
    assertThat(Drift.hasDrifted(live, changed)).isTrue();
  }

  @Test
  @DisplayName(
      "takeover merges kubectl's and before-first-apply's fields into the manager's Apply entry")
  void takeoverPatch() {
    JsonNode live =
        yaml(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          namespace: a
          annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}"}
          managedFields:
          - {manager: kubectl-client-side-apply, operation: Update, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:old": {}}}}
          - {manager: before-first-apply, operation: Update, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:k": {}}}}
          - {manager: kustomize-controller, operation: Apply, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:k": {}}, "f:metadata": {}}}
          - {manager: kube-controller-manager, operation: Update, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:x": {}}}}
        """);

    Optional<ArrayNode> patch =
        ManagedFieldsTakeover.patch(live, ApplyOptions.builder("kustomize-controller").build());

    assertThat(patch).isPresent();
    JsonNode fields = patch.get().get(0).get("value");
    assertThat(fields).hasSize(2);
    assertThat(fields.get(0).get("manager").asText()).isEqualTo("kustomize-controller");
    assertThat(fields.get(0).at("/fieldsV1/f:data").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("f:k", "f:old");
    assertThat(fields.get(1).get("manager").asText()).isEqualTo("kube-controller-manager");
    assertThat(patch.get().get(1).get("path").asText())
        .isEqualTo("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration");
  }

  @Test
  @DisplayName(
      "no takeover patch when only the manager's own Apply entry and unrelated managers exist")
  void noTakeoverNeeded() {
    JsonNode live =
        yaml(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          managedFields:
          - {manager: kustomize-controller, operation: Apply, fieldsV1: {"f:data": {}}}
          - {manager: hpa, operation: Update, fieldsV1: {"f:spec": {}}}
        """);

    assertThat(
            ManagedFieldsTakeover.patch(live, ApplyOptions.builder("kustomize-controller").build()))
        .isEmpty();
  }
}
