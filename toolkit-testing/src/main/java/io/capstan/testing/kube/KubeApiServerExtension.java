package io.capstan.testing.kube;

import io.capstan.local.kube.ControlPlaneFailedException;
import io.capstan.local.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithKubernetes}.
 *
 * <ul>
 *   <li>Before the first test class, starts one shared control plane for the JVM (API server only,
 *       or cluster mode) and installs every Capstan CRD found on the classpath. With {@link
 *       WithKubernetes#isolated()} the class gets its own control plane, closed after the class.
 *   <li>Before each test, creates a fresh namespace; in cluster mode waits for its default
 *       ServiceAccount so Pods can be admitted.
 *   <li>Resolves parameters: {@link KubernetesClient} (admin, defaulting to the test's namespace;
 *       closed after the test), {@link KubeNamespace}, {@link KubeControlPlane}.
 *   <li>If a control-plane process died, the test fails with that process's exit status and log
 *       tail, whether the test itself threw or not.
 *   <li>After each test, deletes the namespace.
 * </ul>
 */
public final class KubeApiServerExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);
  private static final String PLANE = "plane";
  private static final String NAMESPACE = "namespace";
  private static final String CLIENT = "client";
  private static final String ISOLATED = "isolated-plane";

  @Override
  public void beforeAll(ExtensionContext context) {
    if (settings(context).isolated()) {
      WithKubernetes settings = settings(context);
      context
          .getStore(STORE)
          .put(ISOLATED, SharedControlPlanes.startWithCrds(settings.cluster(), settings.nodes()));
    }
    plane(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    KubeControlPlane isolated = context.getStore(STORE).remove(ISOLATED, KubeControlPlane.class);
    if (isolated != null) {
      isolated.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    KubeControlPlane plane = plane(context);
    plane.ensureRunning();
    String name = namespaceName(context.getRequiredTestMethod().getName());
    plane
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    if (plane.isCluster()) {
      plane
          .client()
          .serviceAccounts()
          .inNamespace(name)
          .withName("default")
          .waitUntilCondition(
              sa -> sa != null,
              Duration.ofSeconds(30).toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    ExtensionContext.Store store = context.getStore(STORE);
    store.put(NAMESPACE, new KubeNamespace(name));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    KubernetesClient client = context.getStore(STORE).remove(CLIENT, KubernetesClient.class);
    if (client != null) {
      client.close();
    }
    KubeControlPlane plane = plane(context);
    plane.ensureRunning();
    KubeNamespace namespace = context.getStore(STORE).get(NAMESPACE, KubeNamespace.class);
    if (namespace != null) {
      plane.client().namespaces().withName(namespace.name()).delete();
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    KubeControlPlane plane = plane(context);
    if (plane.failure().isPresent()) {
      throw new ControlPlaneFailedException(
          "The test failed while the control plane was down: " + plane.failure().get(), throwable);
    }
    throw throwable;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class
        || type == KubeNamespace.class
        || type == KubeControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    KubeControlPlane plane = plane(context);
    if (type == KubeControlPlane.class) {
      return plane;
    }
    KubeNamespace namespace = context.getStore(STORE).get(NAMESPACE, KubeNamespace.class);
    if (type == KubeNamespace.class) {
      if (namespace == null) {
        throw new ParameterResolutionException(
            "A KubeNamespace exists only for a test method, not in @BeforeAll");
      }
      return namespace;
    }
    if (namespace == null) {
      return plane.client(); // @BeforeAll: the shared admin client
    }
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(
            CLIENT,
            key ->
                new KubernetesClientBuilder()
                    .withConfig(plane.clientConfig(namespace.name()))
                    .build(),
            KubernetesClient.class);
  }

  /** The annotation on the test class or, for {@code @Nested} classes, an enclosing class. */
  private static WithKubernetes settings(ExtensionContext context) {
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      var found = AnnotationSupport.findAnnotation(c, WithKubernetes.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new IllegalStateException(
        "KubeApiServerExtension needs @WithKubernetes on the test class");
  }

  private static KubeControlPlane plane(ExtensionContext context) {
    WithKubernetes settings = settings(context);
    if (settings.isolated()) {
      KubeControlPlane isolated = context.getStore(STORE).get(ISOLATED, KubeControlPlane.class);
      if (isolated == null) {
        throw new IllegalStateException("The isolated control plane was not started");
      }
      return isolated;
    }
    return context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent(
            PLANE + settings.cluster() + settings.nodes(),
            key -> SharedControlPlanes.get(settings.cluster(), settings.nodes()),
            KubeControlPlane.class);
  }

  /** A DNS-1123 label from the test name plus a random suffix, at most 63 characters. */
  static String namespaceName(String testName) {
    String base =
        testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (base.length() > 50) {
      base = base.substring(0, 50).replaceAll("-+$", "");
    }
    if (base.isEmpty()) {
      base = "test";
    }
    return base
        + "-"
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36 * 36), 36);
  }
}
