package io.capstan.source.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartRepositoryUrlsTest {

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({
    "https://charts.example.com, charts/app-1.0.0.tgz, https://charts.example.com/charts/app-1.0.0.tgz",
    "https://charts.example.com/, app-1.0.0.tgz, https://charts.example.com/app-1.0.0.tgz",
    "https://example.com/helm/stable, app-1.0.0.tgz, https://example.com/helm/stable/app-1.0.0.tgz",
    "https://example.com/helm/stable/, ../app-1.0.0.tgz, https://example.com/helm/app-1.0.0.tgz",
    "https://example.com/helm, /abs/app.tgz, https://example.com/abs/app.tgz",
    "https://example.com/helm?token=1, app.tgz, https://example.com/helm/app.tgz?token=1",
    "https://example.com/helm, https://cdn.example.org/app.tgz, https://cdn.example.org/app.tgz",
  })
  @DisplayName("resolves chart URLs as Helm's ResolveReferenceURL")
  void resolves(String base, String ref, String expected) throws Exception {
    assertThat(ChartRepositoryUrls.resolveChart(URI.create(base), ref).toString())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://example.com, https://example.com/index.yaml",
    "https://example.com/, https://example.com/index.yaml",
    "https://example.com/a/b/, https://example.com/a/b/index.yaml",
    "https://example.com/a?x=1, https://example.com/a/index.yaml?x=1",
  })
  @DisplayName("joins index.yaml to the repository URL as Flux's path.Join")
  void index(String base, String expected) {
    assertThat(ChartRepositoryUrls.index(URI.create(base)).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://u:p@example.com/x, https://example.com/x",
    "https://example.com/x, https://example.com/x",
  })
  @DisplayName("drops user info from URLs shown in messages")
  void redacts(String url, String expected) {
    assertThat(ChartRepositoryUrls.redact(url)).isEqualTo(expected);
  }
}
