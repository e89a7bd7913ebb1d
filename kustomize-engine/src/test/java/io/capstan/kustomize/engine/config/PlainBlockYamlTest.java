package io.capstan.kustomize.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.kustomize.engine.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The defaults file's own reader (start-up, issue #19) gives the YAML reader's tree, or nothing
 * (and the YAML reader is used) when the text leaves its subset.
 */
class PlainBlockYamlTest {

  private static String defaultsText() throws IOException {
    try (InputStream in =
        TransformerConfig.class.getResourceAsStream(
            "/io/capstan/kustomize/engine/default-fieldspecs.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("the shipped default field specs are read without the YAML parser, to its tree")
  void shippedDefaults() throws IOException {
    String text = defaultsText();
    assertThat(PlainBlockYaml.read(text))
        .isNotNull()
        .isEqualTo(YamlReader.readOne(text, "default field specs"));
  }

  @Test
  @DisplayName("the defaults configuration is the one the YAML path builds, field by field")
  void sameConfiguration() throws IOException {
    String text = defaultsText();
    TransformerConfig fast = TransformerConfig.defaults();
    TransformerConfig yaml = TransformerConfig.parse(text, "default field specs");
    assertThat(fast.namePrefix).isEqualTo(yaml.namePrefix).isNotEmpty();
    assertThat(fast.nameSuffix).isEqualTo(yaml.nameSuffix);
    assertThat(fast.namespace).isEqualTo(yaml.namespace);
    assertThat(fast.commonLabels).isEqualTo(yaml.commonLabels);
    assertThat(fast.templateLabels).isEqualTo(yaml.templateLabels);
    assertThat(fast.labels).isEqualTo(yaml.labels);
    assertThat(fast.commonAnnotations).isEqualTo(yaml.commonAnnotations);
    assertThat(fast.images).isEqualTo(yaml.images);
    assertThat(fast.replicas).isEqualTo(yaml.replicas);
    assertThat(fast.varReference).isEqualTo(yaml.varReference);
    assertThat(fast.nameReference).isEqualTo(yaml.nameReference).hasSizeGreaterThan(10);
  }

  @Test
  @DisplayName("defaults() hands out copies: changing one leaves the next untouched")
  void copies() {
    TransformerConfig first = TransformerConfig.defaults();
    int specs = first.namespace.size();
    int refs = first.nameReference.get(0).referrers().size();
    first.namespace.clear();
    first.nameReference.get(0).referrers().clear();
    TransformerConfig second = TransformerConfig.defaults();
    assertThat(second.namespace).hasSize(specs);
    assertThat(second.nameReference.get(0).referrers()).hasSize(refs);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a:\n- path: x/y\n  create: true\n- path: z[]/w\n  kind: Pod\n",
        "a:\n- path: m/a.io\\/b\n",
        "# c\na:\n  b: v1\n\n  c:\n  - k: x\n    l:\n    - m: q\nd:\n- e: false\n",
        "top:\n  - a: b\n  - c: d\n",
        "- a: b\n- c: d\n"
      })
  @DisplayName("texts of the subset read to the YAML reader's tree")
  void subset(String text) {
    assertThat(PlainBlockYaml.read(text)).isNotNull().isEqualTo(YamlReader.readOne(text, "t"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: 'quoted'\n",
        "a: \"quoted\"\n",
        "a: [x, y]\n",
        "a: {b: c}\n",
        "a: 1\n",
        "a: yes\n",
        "a: null\n",
        "a: True\n",
        "a:\n",
        "a: b # comment\n",
        "a: b\r\n",
        "a: b \n",
        "a: &x b\n",
        "a: !t b\n",
        "a: |\n  b\n",
        "a:\n- - b\n",
        "a:\n- b\n",
        "a: b\na: c\n",
        "a:\n    b: c\n  d: e\n",
        "a:\tb\n",
        "a: b\n---\nc: d\n",
        ""
      })
  @DisplayName("anything outside the subset is left to the YAML reader")
  void outside(String text) {
    assertThat(PlainBlockYaml.read(text)).isNull();
  }
}
