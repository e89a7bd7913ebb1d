package io.capstan.kustomize.controller;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Service accounts with narrow RBAC, tokens and kubeconfigs for the access tests. */
final class AccessFixture {

  private final KubernetesClient client;
  private final String namespace;

  AccessFixture(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** A service account that may do everything with ConfigMaps in the namespace, nothing else. */
  void configMapsOnlyServiceAccount(String name) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name + "-configmaps")
                .withNamespace(namespace)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("configmaps")
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                        .build())
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name + "-configmaps")
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name + "-configmaps")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }

  /** Lets service account {@code name} impersonate service account {@code target}. */
  void allowImpersonation(String name, String target) {
    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name + "-impersonates")
                .withNamespace(namespace)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("serviceaccounts")
                        .withResourceNames(target)
                        .withVerbs("impersonate")
                        .build())
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name + "-impersonates")
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name + "-impersonates")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }

  /**
   * A kubeconfig for the same API server as {@code client}, authenticated as service account {@code
   * name} with a bound token (not the admin's client certificate).
   */
  String kubeconfigFor(String name) {
    String token =
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    String server = client.getConfiguration().getMasterUrl().replaceAll("/$", "");
    return """
        apiVersion: v1
        kind: Config
        current-context: remote
        clusters:
        - name: remote
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: remote
          context:
            cluster: remote
            user: %s
        """
        .formatted(server, client.getConfiguration().getCaCertData(), name, token, name);
  }

  static String deployment(String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          selector:
            matchLabels: {app: %s}
          template:
            metadata:
              labels: {app: %s}
            spec:
              containers:
              - name: app
                image: nginx:1.27
        """
        .formatted(name, name, name);
  }
}
