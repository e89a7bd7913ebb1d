package io.capstan.testing.oci;

import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension owning one {@link OciRegistry} per test class: started before all tests, closed
 * after them, injectable as a parameter. When {@code docker-registry} is not installed the class is
 * skipped with a message saying how to install it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OciRegistryExtension REGISTRY = OciRegistryExtension.with(b -> b.basicAuth("u", "p"));
 *
 * @Test void pulls(OciRegistry registry) { registry.pushArtifact("app", "v1", Map.of(...)); }
 * }</pre>
 */
public final class OciRegistryExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final Consumer<OciRegistry.Builder> configure;
  private OciRegistry registry;

  private OciRegistryExtension(Consumer<OciRegistry.Builder> configure) {
    this.configure = configure;
  }

  /** An anonymous plain-HTTP registry. */
  public static OciRegistryExtension anonymous() {
    return new OciRegistryExtension(b -> {});
  }

  /** A registry configured by {@code configure} (auth, TLS). */
  public static OciRegistryExtension with(Consumer<OciRegistry.Builder> configure) {
    return new OciRegistryExtension(configure);
  }

  /** The running registry (after {@code beforeAll}). */
  public OciRegistry registry() {
    return registry;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(
        OciRegistry.available(),
        "docker-registry is not installed: apt-get install -y docker-registry"
            + " (or set CAPSTAN_DOCKER_REGISTRY)");
    OciRegistry.Builder b = OciRegistry.builder();
    configure.accept(b);
    registry = b.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (registry != null) {
      registry.close();
      registry = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == OciRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return registry;
  }
}
