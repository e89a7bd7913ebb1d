package io.capstan.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientCertificateLoginTest {

  static Stream<Arguments> logins() {
    return Stream.of(
        Arguments.of("certificate data only", (UnaryOperator<Config>) c -> certData(c), true),
        Arguments.of(
            "certificate file only",
            (UnaryOperator<Config>)
                c -> {
                  c.setClientCertFile("/tmp/client.crt");
                  return c;
                },
            true),
        Arguments.of(
            "certificate and a token",
            (UnaryOperator<Config>)
                c -> {
                  certData(c).setOauthToken("t");
                  return c;
                },
            false),
        Arguments.of(
            "certificate and an auto-configured token (exec, service account)",
            (UnaryOperator<Config>)
                c -> {
                  certData(c).setAutoOAuthToken("t");
                  return c;
                },
            false),
        Arguments.of(
            "certificate and an auth provider",
            (UnaryOperator<Config>)
                c -> {
                  certData(c).setAuthProvider(new AuthProviderConfig());
                  return c;
                },
            false),
        Arguments.of(
            "certificate and basic auth",
            (UnaryOperator<Config>)
                c -> {
                  certData(c).setUsername("admin");
                  return c;
                },
            false),
        Arguments.of(
            "token only",
            (UnaryOperator<Config>)
                c -> {
                  c.setOauthToken("t");
                  return c;
                },
            false),
        Arguments.of("no credentials", (UnaryOperator<Config>) c -> c, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logins")
  @DisplayName("token refresh is switched off only for a certificate login with nothing to renew")
  void appliesTo(String name, UnaryOperator<Config> login, boolean applies) {
    Config config = login.apply(new ConfigBuilder(Config.empty()).build());

    assertThat(ClientCertificateLogin.appliesTo(config)).isEqualTo(applies);
  }

  private static Config certData(Config c) {
    c.setClientCertData("Y2VydA==");
    return c;
  }
}
