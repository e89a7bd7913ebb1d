package io.capstan.testing.helm;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension owning one {@link ChartRepositoryServer} per test class: started before all
 * tests, closed after them, injectable as a test or lifecycle method parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ChartRepositoryExtension CHARTS =
 *     ChartRepositoryExtension.with(b -> b.basicAuth("user", "pass"));
 *
 * @Test void selects(ChartRepositoryServer repo) { repo.publish("app", "1.0.0"); ... }
 * }</pre>
 */
public final class ChartRepositoryExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final Consumer<ChartRepositoryServer.Builder> configure;
  private ChartRepositoryServer server;

  private ChartRepositoryExtension(Consumer<ChartRepositoryServer.Builder> configure) {
    this.configure = configure;
  }

  /** An anonymous plain-HTTP repository. */
  public static ChartRepositoryExtension anonymous() {
    return new ChartRepositoryExtension(b -> {});
  }

  /** A repository configured by {@code configure} (basic auth, TLS, mTLS, chart URLs). */
  public static ChartRepositoryExtension with(Consumer<ChartRepositoryServer.Builder> configure) {
    return new ChartRepositoryExtension(configure);
  }

  /** The running server (after {@code beforeAll}). */
  public ChartRepositoryServer server() {
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ChartRepositoryServer.Builder b = ChartRepositoryServer.builder();
    configure.accept(b);
    server = b.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == ChartRepositoryServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return server;
  }
}
