package io.capstan.testing.kube;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real Kubernetes API server (see {@link
 * KubeApiServerExtension}): test methods may declare {@link io.fabric8.kubernetes.client.
 * KubernetesClient}, {@link KubeNamespace} and {@link KubeControlPlane} parameters.
 *
 * <pre>{@code
 * @WithKubernetes
 * class MyReconcilerTest {
 *   @Test
 *   void createsConfigMap(KubernetesClient client, KubeNamespace namespace) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubeApiServerExtension.class)
public @interface WithKubernetes {

  /**
   * Also run kube-controller-manager, kube-scheduler and kwok fake nodes, so Deployments roll out,
   * Pods turn Ready and garbage collection works. Slower to start; for end-to-end tests.
   */
  boolean cluster() default false;

  /** Number of fake nodes in cluster mode. */
  int nodes() default 1;

  /**
   * Give this test class its own control plane, started before its first test and stopped after its
   * last, instead of the JVM-wide shared one. For tests that stop, crash or otherwise disturb the
   * control plane.
   */
  boolean isolated() default false;
}
