package io.capstan.kustomize.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Field-spec paths find fields through maps and every element of lists met on the way. */
class FieldWalkerTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a plain path", "{a: {b: x}}", "a/b", false, "{a: {b: X}}"),
        Arguments.of(
            "lists are crossed implicitly",
            "{l: [{n: x}, {n: y}]}",
            "l/n",
            false,
            "{l: [{n: X}, {n: X}]}"),
        Arguments.of("[] marks a list", "{l: [{n: x}]}", "l[]/n", false, "{l: [{n: X}]}"),
        Arguments.of(
            "missing fields are left alone without create", "{a: {}}", "a/b", false, "{a: {}}"),
        Arguments.of("create makes missing maps and the field", "{}", "a/b", true, "{a: {b: X}}"),
        Arguments.of(
            "escaped slashes stay in the field name",
            "{m: {'x/y': q}}",
            "m/x\\/y",
            false,
            "{m: {'x/y': X}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("visits the designated fields")
  void visits(String name, String doc, String path, boolean create, String expected) {
    JsonNode root = YamlReader.readOne(doc, "t");
    FieldWalker.apply(root, path, create, FieldWalker.Create.SCALAR, n -> TextNode.valueOf("X"));
    assertThat(root).isEqualTo(YamlReader.readOne(expected, "e"));
  }

  @Test
  @DisplayName("a path is split on unescaped slashes")
  void split() {
    assertThat(FieldWalker.split("metadata/annotations/a.io\\/b"))
        .containsExactly("metadata", "annotations", "a.io/b");
  }
}
