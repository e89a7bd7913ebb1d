package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import io.capstan.notification.Fixtures;
import io.capstan.notification.NotificationController;
import io.capstan.notification.event.NotificationEvent;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Provider {@code certSecretRef} client certificates (mutual TLS), against a real API server (the
 * Secrets) and a JDK HTTPS server on loopback that requires a client certificate issued by a test
 * CA.
 */
@WithKubernetes
class ProviderMtlsTest {

  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));

  private final NotificationEvent event =
      Fixtures.event("Kustomization", "apps", "podinfo", "error", "health check failed", Map.of());

  private KubernetesClient client;
  private String ns;
  private CertificateAuthority ca;
  private IssuedCertificate clientCert;
  private HttpsServer server;
  private final List<String> peers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(KubernetesClient client, KubeNamespace namespace) throws Exception {
    this.client = client;
    this.ns = namespace.name();
    ca = CertificateAuthority.create("capstan-test-ca");
    clientCert = ca.issueClient("notification-controller", "capstan");
    IssuedCertificate serverCert = ca.issueLoopbackServer();
    char[] pass = "changeit".toCharArray();
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(serverCert.keyStore(pass), pass);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = context.getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
          }
          peers.add(((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName());
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  private void secret(String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  private Provider provider(String certSecret) {
    return client
        .resource(
            """
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata: {name: hook-%s, namespace: %s}
            spec: {type: generic, address: "%s", certSecretRef: {name: %s}}
            """
                .formatted(certSecret, ns, url(), certSecret))
        .inNamespace(ns)
        .createOr(r -> r.update())
        .getMetadata()
        .getName()
        .transform(n -> client.resources(Provider.class).inNamespace(ns).withName(n).get());
  }

  private int send(Provider provider) throws Exception {
    ProviderSettings settings = new ProviderResolver(client).resolve(provider);
    return new NotificationSender(settings, FAST).send(Notifiers.create(settings).request(event));
  }

  @Test
  @DisplayName("ca.crt + tls.crt + tls.key: delivered, the server sees the client certificate")
  void deliversWithThePair() throws Exception {
    secret(
        "mtls",
        Map.of(
            "ca.crt", ca.certificatePem(),
            "tls.crt", clientCert.certificatePem(),
            "tls.key", clientCert.privateKeyPem()));
    assertThat(send(provider("mtls"))).isEqualTo(200);
    assertThat(peers).singleElement().asString().contains("CN=notification-controller");
  }

  @Test
  @DisplayName("the deprecated caFile key works with the pair too")
  void deprecatedCaFile() throws Exception {
    secret(
        "legacy",
        Map.of(
            "caFile", ca.certificatePem(),
            "tls.crt", clientCert.certificatePem(),
            "tls.key", clientCert.privateKeyPem()));
    assertThat(send(provider("legacy"))).isEqualTo(200);
    assertThat(peers).hasSize(1);
  }

  @Test
  @DisplayName("ca.crt only: the server refuses the handshake, delivery fails, nothing received")
  void noPairIsRefused() {
    secret("ca-only", Map.of("ca.crt", ca.certificatePem()));
    Provider provider = provider("ca-only");
    assertThatThrownBy(() -> send(provider))
        .isInstanceOf(NotificationSender.DeliveryException.class)
        .hasMessageContaining("postMessage failed");
    assertThat(peers).isEmpty();
  }

  @Test
  @DisplayName("half a pair or a bad key: InvalidProvider naming the keys, never their content")
  void halfAPairIsInvalid() {
    secret("half", Map.of("ca.crt", ca.certificatePem(), "tls.crt", clientCert.certificatePem()));
    assertThatThrownBy(() -> send(provider("half")))
        .isInstanceOfSatisfying(
            UnsupportedProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(UnsupportedProviderException.INVALID))
        .hasMessage("invalid certSecretRef 'half': 'tls.crt' and 'tls.key' must be set together");
    secret(
        "badkey",
        Map.of(
            "ca.crt", ca.certificatePem(),
            "tls.crt", clientCert.certificatePem(),
            "tls.key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"));
    assertThatThrownBy(() -> send(provider("badkey")))
        .isInstanceOf(UnsupportedProviderException.class)
        .hasMessageStartingWith("invalid certSecretRef: ")
        .hasMessageNotContaining("bm90IGEga2V5");
    secret("empty", Map.of("other", "x"));
    assertThatThrownBy(() -> send(provider("empty")))
        .isInstanceOf(UnsupportedProviderException.class)
        .hasMessageContaining("no 'ca.crt' or 'tls.crt'/'tls.key' keys in certSecretRef 'empty'");
    assertThat(peers).isEmpty();
  }

  @Test
  @DisplayName(
      "the running controller: pair delivered; half a pair gets an InvalidProvider Warning")
  void endToEnd() throws Exception {
    secret(
        "mtls",
        Map.of(
            "ca.crt", ca.certificatePem(),
            "tls.crt", clientCert.certificatePem(),
            "tls.key", clientCert.privateKeyPem()));
    secret("half", Map.of("ca.crt", ca.certificatePem(), "tls.key", clientCert.privateKeyPem()));
    provider("mtls");
    provider("half");
    for (String p : List.of("mtls", "half")) {
      client
          .resource(
              """
              apiVersion: notification.toolkit.fluxcd.io/v1beta3
              kind: Alert
              metadata: {name: alert-%s, namespace: %s}
              spec:
                providerRef: {name: hook-%s}
                eventSources: [{kind: Kustomization, name: "*"}]
              """
                  .formatted(p, ns, p))
          .inNamespace(ns)
          .createOr(r -> r.update());
    }
    try (NotificationController controller =
        NotificationController.builder()
            .client(client)
            .options(Fixtures.loopbackOptions(ns))
            .retryPolicy(FAST)
            .build()) {
      controller.start();
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + controller.eventsAddress().getPort() + "/"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                """
                                {"involvedObject":{"kind":"Kustomization","namespace":"%s",
                                 "name":"podinfo","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},
                                 "severity":"info","timestamp":"2026-01-02T03:04:05Z",
                                 "message":"applied %d","reason":"ReconciliationSucceeded",
                                 "reportingController":"kustomize-controller"}
                                """
                                    .formatted(ns, System.nanoTime())))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
                boolean warned =
                    client.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(
                            ev ->
                                "hook-half".equals(ev.getInvolvedObject().getName())
                                    && "InvalidProvider".equals(ev.getReason())
                                    && ev.getMessage().contains("must be set together"));
                return !peers.isEmpty() && warned;
              });
      assertThat(peers).allMatch(p -> p.contains("CN=notification-controller"));
    }
  }
}
