package io.capstan.kustomize.engine.kustomization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hash suffixes equal the ones kustomize v5.5 computes (values taken from its output). */
class ContentHashTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "ConfigMap x=1",
            "kind: ConfigMap\nmetadata: {name: a}\ndata: {x: \"1\"}",
            "hmg6f82fh6"),
        Arguments.of(
            "the name does not take part",
            "kind: ConfigMap\nmetadata: {name: b}\ndata: {x: \"1\"}",
            "hmg6f82fh6"),
        Arguments.of(
            "HTML characters are escaped like Go's JSON encoder",
            "kind: ConfigMap\nmetadata: {name: c}\ndata: {x: \"<&>\"}",
            "77fg4g5dd2"),
        Arguments.of(
            "Secret data and type",
            "kind: Secret\ntype: Opaque\nmetadata: {name: s}\ndata: {x: MQ==}",
            "bf2648c599"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("matches kustomize's hash")
  void matchesKustomize(String name, String yaml, String hash) {
    Resource r = new Resource((ObjectNode) YamlReader.readOne(yaml, "t"));
    assertThat(ContentHash.of(r)).isEqualTo(hash);
  }
}
