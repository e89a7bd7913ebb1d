package io.capstan.helm.controller.postrender;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.common.Image;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.KustomizePostRenderer;
import io.capstan.api.helm.v2.PostRenderer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostRenderersTest {
  private static final String DEPLOYMENT =
      """
      ---
      # Source: app/templates/deploy.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
            - name: web
              image: nginx:1.0
      """;

  @Test
  @DisplayName("kustomize images rewrite container images of the rendered manifest")
  void images() throws Exception {
    Image image = new Image();
    image.setName("nginx");
    image.setNewName("registry.local/nginx");
    image.setNewTag("2.0");
    KustomizePostRenderer k = new KustomizePostRenderer();
    k.setImages(List.of(image));
    String out = new KustomizePostRender(k).render(DEPLOYMENT);
    assertThat(out).contains("image: registry.local/nginx:2.0").doesNotContain("nginx:1.0");
  }

  @Test
  @DisplayName("digest: sha256 of Go's JSON encoding (field order, omitempty, newline)")
  void digest() {
    HelmRelease hr =
        Serialization.unmarshal(
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: a, namespace: b}
            spec:
              postRenderers:
              - kustomize:
                  images:
                  - {name: nginx, newTag: "2"}
                  patches:
                  - target: {name: one, kind: ConfigMap}
                    patch: "p"
            """,
            HelmRelease.class);
    String json =
        "[{\"kustomize\":{\"patches\":[{\"patch\":\"p\",\"target\":{\"kind\":\"ConfigMap\","
            + "\"name\":\"one\"}}],\"images\":[{\"name\":\"nginx\",\"newTag\":\"2\"}]}}]\n";
    assertThat(PostRenderers.postRenderersDigest(hr)).isEqualTo(PostRenderers.sha256(json));
    hr.getSpec().setPostRenderers(null);
    assertThat(PostRenderers.postRenderersDigest(hr)).isNull();
    hr.getSpec().setPostRenderers(List.of(new PostRenderer()));
    assertThat(PostRenderers.postRenderersDigest(hr)).isEqualTo(PostRenderers.sha256("[{}]\n"));
  }
}
