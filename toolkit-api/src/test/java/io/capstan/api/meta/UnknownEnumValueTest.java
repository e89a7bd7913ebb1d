package io.capstan.api.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.SourceKind;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward compatibility: a newer Flux CRD may allow an enum value this version does not know. The
 * model rejects it by default (see SourceModelTest), which in a controller would fail every list
 * and watch of the kind; a controller therefore reads with {@link
 * DeserializationFeature#READ_UNKNOWN_ENUM_VALUES_AS_NULL} (README, "Known differences").
 */
@DisplayName("an enum value this version does not know")
class UnknownEnumValueTest {

  /** The mapper setting the README recommends to controllers. */
  private static final ObjectMapper LENIENT =
      new ObjectMapper().enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

  private static final String KUSTOMIZATION =
      """
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata: {name: apps, namespace: flux-system}
      spec:
        interval: 10m
        path: ./apps
        prune: true
        deletionPolicy: OrphanEverythingLater
        sourceRef: {kind: GitRepository, name: fleet}
      """;

  @Test
  @DisplayName("fails the whole object with a default mapper (the limitation)")
  void failsByDefault() {
    assertThatThrownBy(
            () -> new KubernetesSerialization().unmarshal(KUSTOMIZATION, Kustomization.class))
        .isInstanceOf(RuntimeException.class)
        .hasRootCauseInstanceOf(InvalidFormatException.class);
  }

  @Test
  @DisplayName("reads as null with the recommended mapper, the rest of the object intact")
  void readsAsNullWhenLenient() {
    Kustomization ks =
        new KubernetesSerialization(LENIENT, true).unmarshal(KUSTOMIZATION, Kustomization.class);

    assertThat(ks.getSpec().getDeletionPolicy()).isNull();
    assertThat(ks.getSpec().getSourceRef().getKind()).isEqualTo(SourceKind.GitRepository);
    assertThat(ks.getSpec().getPath()).isEqualTo("./apps");
    assertThat(ks.getMetadata().getName()).isEqualTo("apps");
  }

  /** Every enum type of the API, found in the compiled classes so that new enums are covered. */
  static Stream<Class<?>> apiEnums() throws URISyntaxException, IOException {
    Path classes =
        Path.of(Condition.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(classes.resolve("io/capstan/api"))) {
      List<Class<?>> enums =
          files
              .map(file -> classes.relativize(file).toString())
              .filter(name -> name.endsWith(".class"))
              .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
              .map(UnknownEnumValueTest::load)
              .filter(Class::isEnum)
              .toList();
      assertThat(enums).as("enum types found").hasSizeGreaterThan(40);
      return enums.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiEnums")
  @DisplayName("every API enum honours the recommended mapper, and its known values round-trip")
  void everyEnumHonoursLenientMapper(Class<?> enumType) throws Exception {
    assertThat(LENIENT.readValue("\"NoSuchValueYet\"", enumType)).isNull();
    for (Object constant : enumType.getEnumConstants()) {
      String written = LENIENT.writeValueAsString(constant);
      assertThat(LENIENT.readValue(written, enumType)).as(written).isEqualTo(constant);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, UnknownEnumValueTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
