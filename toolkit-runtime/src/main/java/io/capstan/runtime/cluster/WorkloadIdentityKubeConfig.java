package io.capstan.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code spec.kubeConfig.configMapRef}: a remote cluster reached with a Kubernetes service account
 * token instead of a kubeconfig (Flux's workload identity, {@code fluxcd/pkg/auth}). The ConfigMap
 * holds {@code provider}, {@code address}, {@code ca.crt}, {@code audiences} (one per line) and
 * {@code serviceAccountName}. Only the {@code generic} provider is implemented: a token is
 * requested from the controller's cluster ({@code TokenRequest}) for the audiences (default: the
 * address as written) and sent as bearer token to the address; the remote cluster must trust this
 * cluster's service account issuer. With {@code serviceAccountName} (or the controller's default
 * service account) the token is the tenant's service account's, which needs the {@code
 * ObjectLevelWorkloadIdentity} feature gate as in Flux; otherwise it is the controller's own
 * service account's (named by the token file of its pod). The cloud providers ({@code aws}, {@code
 * azure}, {@code gcp}) throw {@link UnsupportedProviderException}.
 */
public final class WorkloadIdentityKubeConfig {

  /** The token file of a pod's service account. */
  public static final Path POD_TOKEN_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  /**
   * How tokens are obtained.
   *
   * @param objectLevelWorkloadIdentity Flux's {@code ObjectLevelWorkloadIdentity} feature gate
   * @param defaultServiceAccount the service account used when the ConfigMap names none (Flux's
   *     {@code --default-service-account} / {@code --default-kubeconfig-service-account}), or null
   * @param controllerTokenFile the token file naming the controller's own service account
   */
  public record Options(
      boolean objectLevelWorkloadIdentity, String defaultServiceAccount, Path controllerTokenFile) {

    /** No feature gate, no default service account, the pod's token file. */
    public static final Options DEFAULT = new Options(false, null, POD_TOKEN_FILE);
  }

  /** A provider Capstan does not implement (a cloud provider): a configuration error. */
  public static final class UnsupportedProviderException extends IllegalArgumentException {
    UnsupportedProviderException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkloadIdentityKubeConfig() {}

  /**
   * The client configuration for the ConfigMap {@code namespace/configMapName}, with a fresh token.
   *
   * @throws UnsupportedProviderException for {@code aws}, {@code azure}, {@code gcp}
   * @throws IllegalArgumentException with Flux's message when the ConfigMap, the provider, the
   *     address, the service account or the token request fails
   */
  public static Config resolve(
      KubernetesClient controller, String namespace, String configMapName, Options options) {
    String cmKey = namespace + "/" + configMapName;
    ConfigMap cm;
    try {
      cm = controller.configMaps().inNamespace(namespace).withName(configMapName).get();
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException(
          "failed to get configmap " + cmKey + ": " + e.getMessage(), e);
    }
    if (cm == null) {
      throw new IllegalArgumentException(
          "failed to get configmap " + cmKey + ": configmaps \"" + configMapName + "\" not found");
    }
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    String provider = data.getOrDefault("provider", "");
    switch (provider) {
      case "generic" -> {}
      case "aws", "azure", "gcp" ->
          throw new UnsupportedProviderException(
              "provider '" + provider + "' (cloud workload identity) is not supported by Capstan");
      default -> throw new IllegalArgumentException("provider '" + provider + "' not implemented");
    }
    String address = data.get("address");
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("cluster address is required to create a REST config");
    }
    String host = parseClusterAddress(address);
    List<String> audiences = new ArrayList<>();
    for (String line : data.getOrDefault("audiences", "").split("\n")) {
      if (!line.isBlank()) {
        audiences.add(line.trim());
      }
    }
    if (audiences.isEmpty()) {
      audiences.add(address);
    }
    String serviceAccount = data.get("serviceAccountName");
    if (serviceAccount == null || serviceAccount.isEmpty()) {
      serviceAccount = options.defaultServiceAccount();
    }
    String token;
    try {
      token =
          serviceAccount == null || serviceAccount.isEmpty()
              ? controllerToken(controller, audiences, options)
              : serviceAccountToken(controller, namespace, serviceAccount, audiences, options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "failed to get access token for cluster: " + e.getMessage(), e);
    }
    Config config = Config.empty();
    config.setMasterUrl(host);
    String ca = data.get("ca.crt");
    if (ca != null && !ca.isEmpty()) {
      config.setCaCertData(Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8)));
    }
    config.setTrustCerts(false);
    config.setDisableHostnameVerification(false);
    config.setOauthToken(token);
    return config;
  }

  /**
   * Flux's {@code ParseClusterAddress}: {@code https://} is added when no scheme is given, only
   * {@code https} is accepted, the port defaults to 443 and the host is lower-cased.
   */
  static String parseClusterAddress(String address) {
    String withScheme = address.startsWith("http") ? address : "https://" + address;
    URI uri;
    try {
      uri = URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "failed to parse Kubernetes API server address '" + withScheme + "': " + e.getMessage(),
          e);
    }
    if (!"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "the Kubernetes API server address '" + withScheme + "' must use https scheme");
    }
    String host = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    host = host.substring(host.lastIndexOf('@') + 1);
    if (uri.getPort() < 0) {
      host += ":443";
    }
    return "https://" + host.toLowerCase(Locale.ROOT);
  }

  private static String serviceAccountToken(
      KubernetesClient controller,
      String namespace,
      String name,
      List<String> audiences,
      Options options) {
    String ref = namespace + "/" + name;
    ServiceAccount account;
    try {
      account = controller.serviceAccounts().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException(
          "failed to get service account '" + ref + "': " + e.getMessage(), e);
    }
    if (account == null) {
      throw new IllegalArgumentException(
          "failed to get service account '"
              + ref
              + "': serviceaccounts \""
              + name
              + "\" not found");
    }
    if (!options.objectLevelWorkloadIdentity()) {
      throw new IllegalArgumentException("ObjectLevelWorkloadIdentity feature gate is not enabled");
    }
    return requestToken(controller, namespace, name, audiences, "service account '" + ref + "'");
  }

  private static String controllerToken(
      KubernetesClient controller, List<String> audiences, Options options) {
    Path file = options.controllerTokenFile();
    String subject;
    try {
      subject = subjectOf(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "failed to create provider access token for the controller: failed to read service"
              + " account token file "
              + file
              + ": "
              + e.getMessage(),
          e);
    }
    String[] parts = subject.split(":");
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "failed to create provider access token for the controller: invalid subject format in"
              + " service account token: "
              + subject);
    }
    return requestToken(
        controller,
        parts[2],
        parts[3],
        audiences,
        "controller service account '" + parts[2] + "/" + parts[3] + "'");
  }

  private static String subjectOf(String jwt) {
    String[] parts = jwt.trim().split("\\.");
    try {
      JsonNode claims =
          JSON.readTree(Base64.getUrlDecoder().decode(parts.length > 1 ? parts[1] : ""));
      return claims.path("sub").asText("");
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "failed to create provider access token for the controller: failed to parse service"
              + " account token",
          e);
    }
  }

  private static String requestToken(
      KubernetesClient controller,
      String namespace,
      String name,
      List<String> audiences,
      String who) {
    TokenRequest request =
        new TokenRequestBuilder().withNewSpec().withAudiences(audiences).endSpec().build();
    try {
      TokenRequest response =
          controller.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(request);
      return response.getStatus().getToken();
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException(
          "failed to create kubernetes token for " + who + ": " + e.getMessage(), e);
    }
  }
}
