package io.capstan.helm.controller.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.common.IgnoreRule;
import io.capstan.api.common.Selector;
import io.capstan.runtime.apply.DiffSet;
import io.capstan.runtime.apply.ObjectDiff;
import io.capstan.runtime.health.ObjectRef;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure parts of drift detection: ignore rules, Flux's summaries, the exclusion key. */
class DriftRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode object(String json) throws Exception {
    return JSON.readTree(json);
  }

  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web-1", "namespace": "apps",
                    "labels": {"tier": "front"}, "annotations": {"team": "a"}},
       "spec": {"replicas": 3}}
      """;

  private static IgnoreRule rule(Selector target, String... paths) {
    IgnoreRule r = new IgnoreRule();
    r.setPaths(List.of(paths));
    r.setTarget(target);
    return r;
  }

  private static Selector selector(
      String group, String version, String kind, String name, String ns, String ann, String lab) {
    Selector s = new Selector();
    s.setGroup(group);
    s.setVersion(version);
    s.setKind(kind);
    s.setName(name);
    s.setNamespace(ns);
    s.setAnnotationSelector(ann);
    s.setLabelSelector(lab);
    return s;
  }

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of("no target: every object", null, true),
        Arguments.of("kind", selector(null, null, "Deployment", null, null, null, null), true),
        Arguments.of(
            "regular expressions are anchored",
            selector(null, null, "Deploy", null, null, null, null),
            false),
        Arguments.of("kind regex", selector(null, null, "Deploy.*", null, null, null, null), true),
        Arguments.of("group", selector("apps", "v1", null, null, null, null, null), true),
        Arguments.of("other group", selector("batch", null, null, null, null, null, null), false),
        Arguments.of("name regex", selector(null, null, null, "web-\\d", null, null, null), true),
        Arguments.of("namespace", selector(null, null, null, null, "other", null, null), false),
        Arguments.of(
            "label selector", selector(null, null, null, null, null, null, "tier=front"), true),
        Arguments.of(
            "label selector not matching",
            selector(null, null, null, null, null, null, "tier in (back)"),
            false),
        Arguments.of(
            "annotation selector", selector(null, null, null, null, null, "team!=b", null), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  @DisplayName("ignore rule targets match as Flux's selectors")
  void targets(String name, Selector target, boolean matches) throws Exception {
    DriftIgnoreRules rules = DriftIgnoreRules.of(List.of(rule(target, "/spec/replicas")));
    assertThat(rules.apply(object(DEPLOYMENT)))
        .isEqualTo(matches ? List.of("/spec/replicas") : List.of());
  }

  @Test
  @DisplayName("bad ignore rules are refused naming the rule")
  void badRules() {
    assertThatThrownBy(
            () ->
                DriftIgnoreRules.of(
                    List.of(
                        rule(null, "/a"),
                        rule(selector(null, null, "(", null, null, null, null), "/b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.driftDetection.ignore[1].target: invalid regular expression");
    assertThatThrownBy(() -> DriftIgnoreRules.of(List.of(rule(null, "spec/replicas"))))
        .hasMessage("spec.driftDetection.ignore[0]: invalid JSON pointer 'spec/replicas'");
    assertThat(DriftIgnoreRules.of(List.of(rule(null, ""))).apply(JSON.createObjectNode()))
        .containsExactly("");
  }

  @Test
  @DisplayName("summaries name objects and count fields as Flux's SummarizeDiffSet")
  void summaries() {
    ObjectNode empty = JSON.createObjectNode();
    DiffSet set =
        new DiffSet(
            List.of(
                new ObjectDiff(
                    new ObjectRef("apps/v1", "Deployment", "apps", "web"),
                    ObjectDiff.Type.UPDATE,
                    empty,
                    empty,
                    1,
                    2,
                    3,
                    List.of("/spec/replicas")),
                new ObjectDiff(
                    new ObjectRef("v1", "ConfigMap", "apps", "gone"),
                    ObjectDiff.Type.CREATE,
                    empty,
                    null,
                    0,
                    0,
                    0,
                    List.of()),
                new ObjectDiff(
                    new ObjectRef("v1", "Secret", "apps", "same"),
                    ObjectDiff.Type.NONE,
                    empty,
                    empty,
                    0,
                    0,
                    0,
                    List.of()),
                new ObjectDiff(
                    new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", "", "r"),
                    ObjectDiff.Type.EXCLUDE,
                    empty,
                    null,
                    0,
                    0,
                    0,
                    List.of())),
            List.of());
    assertThat(DriftSummary.of(set))
        .isEqualTo(
            """
            Deployment/apps/web changed (1 additions, 2 changes, 3 removals)
            ConfigMap/apps/gone removed
            ClusterRole//r excluded""");
    assertThat(DriftSummary.brief(set)).isEqualTo("removed: 1, changed: 1, excluded: 1");
    assertThat(set.hasChanges()).isTrue();
    assertThat(set.changes()).hasSize(2);
  }

  @Test
  @DisplayName("helm.toolkit.fluxcd.io/driftDetection: disabled as label or annotation excludes")
  void exclusion() throws Exception {
    assertThat(ClusterDrift.excluded(object(DEPLOYMENT))).isFalse();
    assertThat(
            ClusterDrift.excluded(
                object(
                    "{\"metadata\":{\"labels\":{\"helm.toolkit.fluxcd.io/driftDetection\":"
                        + "\"disabled\"}}}")))
        .isTrue();
    assertThat(
            ClusterDrift.excluded(
                object(
                    "{\"metadata\":{\"annotations\":{\"helm.toolkit.fluxcd.io/driftDetection\":"
                        + "\"disabled\"}}}")))
        .isTrue();
    assertThat(
            ClusterDrift.excluded(
                object(
                    "{\"metadata\":{\"annotations\":{\"helm.toolkit.fluxcd.io/driftDetection\":"
                        + "\"enabled\"}}}")))
        .isFalse();
  }

  @Test
  @DisplayName("a correction keeps the live value of ignored fields (or leaves them out)")
  void keepLive() throws Exception {
    ObjectNode body = (ObjectNode) object("{\"spec\":{\"replicas\":1,\"paused\":false}}");
    JsonNode live = object("{\"spec\":{\"replicas\":5},\"metadata\":{\"labels\":{\"a/b\":\"x\"}}}");
    ClusterDrift.keepLive(body, live, "/spec/replicas");
    ClusterDrift.keepLive(body, live, "/spec/paused");
    ClusterDrift.keepLive(body, live, "/metadata/labels/a~1b");
    ClusterDrift.keepLive(body, live, "/status/missing");
    assertThat(body.toString())
        .isEqualTo("{\"spec\":{\"replicas\":5},\"metadata\":{\"labels\":{\"a/b\":\"x\"}}}");
  }

  @Test
  @DisplayName(
      "spec.driftDetection: mode default disabled; a bad ignore rule is Stalled InvalidSpec")
  void releaseSettings() {
    io.capstan.api.helm.v2.HelmRelease hr = new io.capstan.api.helm.v2.HelmRelease();
    hr.setSpec(new io.capstan.api.helm.v2.HelmReleaseSpec());
    assertThat(ReleaseDrift.of(hr).detects()).isFalse();
    io.capstan.api.helm.v2.DriftDetection d = new io.capstan.api.helm.v2.DriftDetection();
    d.setMode(io.capstan.api.helm.v2.DriftDetectionMode.warn);
    hr.getSpec().setDriftDetection(d);
    assertThat(ReleaseDrift.of(hr).detects()).isTrue();
    assertThat(ReleaseDrift.of(hr).corrects()).isFalse();
    d.setMode(io.capstan.api.helm.v2.DriftDetectionMode.enabled);
    assertThat(ReleaseDrift.of(hr).corrects()).isTrue();
    d.setIgnore(List.of(rule(selector(null, null, "[", null, null, null, null), "/spec")));
    assertThatThrownBy(() -> ReleaseDrift.of(hr))
        .isInstanceOfSatisfying(
            io.capstan.runtime.reconcile.ReconcileError.Stalling.class,
            e -> assertThat(e.reason()).isEqualTo("InvalidSpec"))
        .hasMessageStartingWith("spec.driftDetection.ignore[0].target: invalid regular expression");
  }
}
