package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP proxy from a proxy secret: the repository URL's host does not resolve, so a checkout
 * succeeds only if every request went through the proxy (the test server, which serves by path).
 */
class GitCheckoutProxyTest {

  static final String UNRESOLVABLE = "http://git.capstan.invalid/repo.git";

  @TempDir Path root;
  GitHttpServer proxy;
  Repository served;
  String head;

  @BeforeEach
  void start() throws Exception {
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      head = repo.commit("main", Map.of("a", "b"), "init");
    }
    served = TestRepository.openForServing(root.resolve("repo.git"));
    proxy = GitHttpServer.builder().start().serve("repo", served);
  }

  @AfterEach
  void stop() {
    proxy.close();
    served.close();
  }

  private static Map<String, byte[]> data(String... kv) {
    Map<String, byte[]> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  @DisplayName("every request goes through the proxy named by the proxy secret")
  void throughProxy(@TempDir Path dir) throws Exception {
    CheckoutResult r =
        new GitCheckout()
            .url(UNRESOLVABLE)
            .proxy(GitProxy.fromSecret(data("address", proxy.proxyAddress())))
            .reference(GitReference.branch("main"))
            .into(dir)
            .call();

    assertThat(r.hash()).isEqualTo(head);
    assertThat(proxy.proxiedHosts()).contains("git.capstan.invalid");
  }

  @Test
  @DisplayName("proxy credentials are sent to a proxy that requires them")
  void proxyCredentials(@TempDir Path ok, @TempDir Path refused) throws Exception {
    proxy.close();
    proxy = GitHttpServer.builder().proxyAuth("mandalorian", "grogu").start().serve("repo", served);

    CheckoutResult r =
        new GitCheckout()
            .url(UNRESOLVABLE)
            .proxy(
                GitProxy.fromSecret(
                    data(
                        "address",
                        proxy.proxyAddress(),
                        "username",
                        "mandalorian",
                        "password",
                        "grogu")))
            .reference(GitReference.branch("main"))
            .into(ok)
            .call();
    assertThat(r.hash()).isEqualTo(head);

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(UNRESOLVABLE)
                    .proxy(GitProxy.fromSecret(data("address", proxy.proxyAddress())))
                    .reference(GitReference.branch("main"))
                    .into(refused)
                    .call())
        .isInstanceOf(GitException.class)
        .hasMessageNotContaining("grogu");
  }

  @Test
  @DisplayName("without the proxy the unresolvable host is Unreachable")
  void withoutProxy(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                new GitCheckout().url(UNRESOLVABLE).timeout(Duration.ofSeconds(5)).into(dir).call())
        .isInstanceOf(GitException.Unreachable.class);
  }
}
