package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/'s RBAC on a real API server: what each controller's ServiceAccount may and may not do
 * (SubjectAccessReview, as `kubectl auth can-i --as`), and requests made as that ServiceAccount.
 */
@WithKubernetes(cluster = true)
class DeployRbacTest {

  @BeforeAll
  static void install(KubernetesClient admin) {
    DeployInstall.apply(admin);
  }

  static String user(String serviceAccount) {
    return "system:serviceaccount:flux-system:" + serviceAccount;
  }

  static List<String> groups() {
    return List.of(
        "system:serviceaccounts", "system:serviceaccounts:flux-system", "system:authenticated");
  }

  static boolean allowed(
      KubernetesClient admin,
      String serviceAccount,
      String verb,
      String group,
      String resource,
      String namespace) {
    String[] parts = resource.split("/", 2);
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user(serviceAccount))
            .withGroups(groups())
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  @ParameterizedTest(name = "{0}: {1} {2}/{3} in ''{4}'' -> {5}")
  @CsvSource({
    // source-controller: what it needs ...
    "source-controller, list, source.toolkit.fluxcd.io, gitrepositories, '', true",
    "source-controller, watch, source.toolkit.fluxcd.io, gitrepositories, '', true",
    "source-controller, patch, source.toolkit.fluxcd.io, gitrepositories, apps, true",
    "source-controller, patch, source.toolkit.fluxcd.io, gitrepositories/status, apps, true",
    "source-controller, watch, source.toolkit.fluxcd.io, buckets, '', true",
    "source-controller, patch, source.toolkit.fluxcd.io, buckets/status, apps, true",
    "source-controller, get, '', secrets, apps, true",
    "source-controller, watch, source.toolkit.fluxcd.io, ocirepositories, '', true",
    "source-controller, patch, source.toolkit.fluxcd.io, ocirepositories/status, apps, true",
    "source-controller, get, '', serviceaccounts, apps, true",
    "source-controller, watch, source.toolkit.fluxcd.io, helmcharts, '', true",
    "source-controller, patch, source.toolkit.fluxcd.io, helmcharts/status, apps, true",
    "source-controller, list, source.toolkit.fluxcd.io, helmrepositories, apps, true",
    "source-controller, list, '', serviceaccounts, apps, false",
    "source-controller, create, '', events, apps, true",
    "source-controller, create, coordination.k8s.io, leases, flux-system, true",
    "source-controller, update, coordination.k8s.io, leases, flux-system, true",
    // ... and nothing more
    "source-controller, list, '', secrets, '', false",
    "source-controller, watch, '', secrets, apps, false",
    "source-controller, update, '', secrets, apps, false",
    "source-controller, get, '', configmaps, apps, false",
    "source-controller, delete, source.toolkit.fluxcd.io, gitrepositories, apps, false",
    "source-controller, update, source.toolkit.fluxcd.io, gitrepositories, apps, false",
    "source-controller, delete, source.toolkit.fluxcd.io, buckets, apps, false",
    "source-controller, delete, source.toolkit.fluxcd.io, helmcharts, apps, false",
    "source-controller, create, apps, deployments, apps, false",
    "source-controller, list, kustomize.toolkit.fluxcd.io, kustomizations, '', false",
    "source-controller, create, coordination.k8s.io, leases, apps, false",
    "source-controller, delete, '', events, apps, false",
    // kustomize-controller: its own kind, the sources, and (Flux's cluster reconciler) any object
    "kustomize-controller, watch, kustomize.toolkit.fluxcd.io, kustomizations, '', true",
    "kustomize-controller, patch, kustomize.toolkit.fluxcd.io, kustomizations/status, apps, true",
    "kustomize-controller, watch, source.toolkit.fluxcd.io, gitrepositories, '', true",
    "kustomize-controller, get, source.toolkit.fluxcd.io, ocirepositories, apps, true",
    "kustomize-controller, create, coordination.k8s.io, leases, flux-system, true",
    "kustomize-controller, create, apps, deployments, apps, true",
    "kustomize-controller, delete, '', configmaps, apps, true",
    // notification-controller: its kinds, Secrets by name, annotating Flux objects, no more
    "notification-controller, watch, notification.toolkit.fluxcd.io, alerts, '', true",
    "notification-controller, watch, notification.toolkit.fluxcd.io, providers, '', true",
    "notification-controller, patch, notification.toolkit.fluxcd.io, receivers/status, apps, true",
    "notification-controller, patch, source.toolkit.fluxcd.io, gitrepositories, apps, true",
    "notification-controller, patch, kustomize.toolkit.fluxcd.io, kustomizations, apps, true",
    "notification-controller, get, '', secrets, apps, true",
    "notification-controller, create, coordination.k8s.io, leases, flux-system, true",
    "notification-controller, list, '', secrets, apps, false",
    "notification-controller, update, source.toolkit.fluxcd.io, gitrepositories, apps, false",
    "notification-controller, create, apps, deployments, apps, false",
    "notification-controller, patch, notification.toolkit.fluxcd.io, alerts, apps, false",
    // image-reflector-controller: its two kinds, Secrets and Namespaces by name, no more
    "image-reflector-controller, watch, image.toolkit.fluxcd.io, imagerepositories, '', true",
    "image-reflector-controller, watch, image.toolkit.fluxcd.io, imagepolicies, '', true",
    "image-reflector-controller, patch, image.toolkit.fluxcd.io, imagepolicies/status, apps, true",
    "image-reflector-controller, patch, image.toolkit.fluxcd.io, imagerepositories, apps, true",
    "image-reflector-controller, get, '', secrets, apps, true",
    "image-reflector-controller, get, '', namespaces, '', true",
    "image-reflector-controller, create, coordination.k8s.io, leases, flux-system, true",
    "image-reflector-controller, list, '', secrets, apps, false",
    "image-reflector-controller, list, '', namespaces, '', false",
    "image-reflector-controller, patch, image.toolkit.fluxcd.io, imageupdateautomations, apps, false",
    "image-reflector-controller, get, source.toolkit.fluxcd.io, gitrepositories, apps, false",
    // image-automation-controller: its kind, policies and GitRepositories read, Secrets by name
    "image-automation-controller, watch, image.toolkit.fluxcd.io, imageupdateautomations, '', true",
    "image-automation-controller, patch, image.toolkit.fluxcd.io, imageupdateautomations/status, apps, true",
    "image-automation-controller, watch, image.toolkit.fluxcd.io, imagepolicies, '', true",
    "image-automation-controller, watch, source.toolkit.fluxcd.io, gitrepositories, '', true",
    "image-automation-controller, get, '', secrets, apps, true",
    "image-automation-controller, create, '', events, apps, true",
    "image-automation-controller, create, coordination.k8s.io, leases, flux-system, true",
    "image-automation-controller, patch, image.toolkit.fluxcd.io, imagepolicies/status, apps, false",
    "image-automation-controller, patch, source.toolkit.fluxcd.io, gitrepositories, apps, false",
    "image-automation-controller, list, '', secrets, apps, false",
    "image-automation-controller, create, apps, deployments, apps, false",
    // helm-controller: its kind, HelmCharts, and (as Flux: cluster-admin) whatever a chart holds
    "helm-controller, watch, helm.toolkit.fluxcd.io, helmreleases, '', true",
    "helm-controller, patch, helm.toolkit.fluxcd.io, helmreleases/status, apps, true",
    "helm-controller, create, source.toolkit.fluxcd.io, helmcharts, apps, true",
    "helm-controller, watch, source.toolkit.fluxcd.io, ocirepositories, '', true",
    "helm-controller, create, '', secrets, apps, true",
    "helm-controller, impersonate, '', serviceaccounts, apps, true",
    "helm-controller, create, coordination.k8s.io, leases, flux-system, true",
    "helm-controller, create, apps, deployments, apps, true",
    // a ServiceAccount deploy/ binds nothing to: the reviews are not trivially allowed
    "default, list, source.toolkit.fluxcd.io, gitrepositories, '', false",
    "default, get, '', secrets, apps, false",
  })
  @DisplayName("a controller's ServiceAccount may do exactly what the controller needs")
  void accessReview(
      String serviceAccount,
      String verb,
      String group,
      String resource,
      String namespace,
      boolean expected,
      KubernetesClient admin) {
    assertThat(
            allowed(
                admin,
                serviceAccount,
                verb,
                group,
                resource,
                namespace.isEmpty() ? null : namespace))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("requests as source-controller: GitRepositories listed everywhere, Secrets not")
  void impersonatedRequests(KubeControlPlane plane) {
    try (KubernetesClient asSource = impersonating(plane, "source-controller")) {
      assertThat(
              asSource
                  .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
                  .inAnyNamespace()
                  .list()
                  .getItems())
          .isNotNull();
      assertThatThrownBy(() -> asSource.secrets().inAnyNamespace().list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> asSource.configMaps().inNamespace("flux-system").list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  /** A client that authenticates as the admin and acts as {@code serviceAccount} of flux-system. */
  static KubernetesClient impersonating(KubeControlPlane plane, String serviceAccount) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(plane.clientConfig(null))
                .withImpersonateUsername(user(serviceAccount))
                .withImpersonateGroups(groups().toArray(String[]::new))
                .build())
        .build();
  }
}
