package io.capstan.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CRD generator API is a {@code provided} dependency: applications using toolkit-api do not
 * have it. This loads the model in a class loader without it and uses it as they would.
 */
@DisplayName("toolkit-api without the CRD generator on the class path")
class GeneratorFreeRuntimeTest {

  private static final String GENERATOR_JAR = "crd-generator-api-v2";

  @Test
  @DisplayName("binds and writes a manifest; the generator-only annotations are simply absent")
  void modelWorksWithoutGenerator() throws Exception {
    try (URLClassLoader loader = classLoaderWithout(GENERATOR_JAR)) {
      assertThatThrownBy(() -> loader.loadClass("io.fabric8.crdv2.generator.v1.SchemaCustomizer"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> receiver = loader.loadClass("io.capstan.api.notification.v1.Receiver");
      Class<?> mapperType = loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
      Object mapper = mapperType.getConstructor().newInstance();
      String json =
          "{\"apiVersion\":\"notification.toolkit.fluxcd.io/v1\",\"kind\":\"Receiver\","
              + "\"metadata\":{\"name\":\"hook\"},\"spec\":{\"type\":\"generic-hmac\","
              + "\"resources\":[{\"kind\":\"GitRepository\",\"name\":\"fleet\"}],"
              + "\"secretRef\":{\"name\":\"token\"},\"futureField\":1}}";

      Object bound =
          mapperType
              .getMethod("readValue", String.class, Class.class)
              .invoke(mapper, json, receiver);
      String written =
          (String) mapperType.getMethod("writeValueAsString", Object.class).invoke(mapper, bound);

      assertThat(written).contains("\"type\":\"generic-hmac\"", "\"futureField\":1");
      assertThat(receiver.getAnnotations())
          .noneMatch(a -> a.annotationType().getName().contains("SchemaCustomizer"));
    }
  }

  private static URLClassLoader classLoaderWithout(String jarName) {
    // Surefire may hide the real class path behind a manifest-only jar.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    URL[] urls =
        Arrays.stream(classPath.split(File.pathSeparator))
            .filter(entry -> !entry.contains(jarName))
            .map(GeneratorFreeRuntimeTest::toUrl)
            .toArray(URL[]::new);
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }

  private static URL toUrl(String entry) {
    try {
      return new File(entry).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(entry, e);
    }
  }
}
