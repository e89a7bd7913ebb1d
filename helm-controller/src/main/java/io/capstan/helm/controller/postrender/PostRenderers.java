package io.capstan.helm.controller.postrender;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.common.Image;
import io.capstan.api.common.Patch;
import io.capstan.api.common.Selector;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.KustomizePostRenderer;
import io.capstan.api.helm.v2.PostRenderStrategy;
import io.capstan.goencoding.GoJson;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.PostRenderer;
import io.capstan.helm.controller.OriginLabels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Flux's {@code postrender.BuildPostRenderers}: the HelmRelease's kustomize post-renderers in
 * order, then {@code spec.commonMetadata}, then the origin labels; and Flux's digest of {@code
 * spec.postRenderers}.
 */
public final class PostRenderers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PostRenderers() {}

  /** The combined post-renderer for {@code hr} (Helm 4's defaults). */
  public static PostRenderer build(HelmRelease hr) {
    return build(hr, false);
  }

  /**
   * The combined post-renderer for {@code hr}; {@code helm3Defaults} (Flux's {@code
   * UseHelm3Defaults} gate): without {@code spec.postRenderStrategy} hooks are left alone.
   */
  public static PostRenderer build(HelmRelease hr, boolean helm3Defaults) {
    List<PostRenderer> chain = new ArrayList<>();
    if (hr.getSpec().getPostRenderers() != null) {
      for (var r : hr.getSpec().getPostRenderers()) {
        if (r.getKustomize() != null) {
          chain.add(new KustomizePostRender(r.getKustomize()));
        }
      }
    }
    if (hr.getSpec().getCommonMetadata() != null) {
      chain.add(new CommonMetadataPostRender(hr.getSpec().getCommonMetadata()));
    }
    chain.add(new OriginLabels(hr.getMetadata().getName(), hr.getMetadata().getNamespace()));
    boolean hooks = rendersHooks(hr.getSpec().getPostRenderStrategy(), helm3Defaults);
    return new PostRenderer() {
      @Override
      public String render(String manifest) throws ActionException {
        String out = manifest;
        for (PostRenderer p : chain) {
          out = p.render(out);
        }
        return out;
      }

      @Override
      public boolean rendersHooks() {
        return hooks;
      }
    };
  }

  /**
   * {@code spec.postRenderStrategy}: {@code nohooks} leaves hooks alone (Helm 3); {@code combined}
   * (the default, as Flux 2.9 with Helm 4) and {@code separate} post-render them too. Capstan
   * post-renders hooks as their own stream in both cases, which for the per-object transformations
   * of Flux's post-renderers (patches, images, common metadata, origin labels) gives Helm's {@code
   * combined} result.
   */
  public static boolean rendersHooks(PostRenderStrategy strategy) {
    return strategy != PostRenderStrategy.nohooks;
  }

  /**
   * As {@link #rendersHooks(PostRenderStrategy)}, except that an unset strategy is {@code nohooks}
   * with Flux's {@code UseHelm3Defaults} gate ({@code helm3Defaults}).
   */
  public static boolean rendersHooks(PostRenderStrategy strategy, boolean helm3Defaults) {
    return strategy == null ? !helm3Defaults : rendersHooks(strategy);
  }

  /**
   * Flux's {@code postrender.Digest}: {@code sha256:} of the JSON encoding (Go field order,
   * omitempty, trailing newline of {@code json.Encoder}) of {@code spec.postRenderers}; null when
   * the field is absent (Flux clears the status field then).
   */
  public static String postRenderersDigest(HelmRelease hr) {
    List<io.capstan.api.helm.v2.PostRenderer> list = hr.getSpec().getPostRenderers();
    if (list == null) {
      return null;
    }
    ArrayNode out = JSON.createArrayNode();
    for (var r : list) {
      ObjectNode o = out.addObject();
      KustomizePostRenderer k = r.getKustomize();
      if (k == null) {
        continue;
      }
      ObjectNode ko = o.putObject("kustomize");
      if (k.getPatches() != null && !k.getPatches().isEmpty()) {
        ArrayNode patches = ko.putArray("patches");
        for (Patch p : k.getPatches()) {
          ObjectNode po = patches.addObject();
          po.put("patch", p.getPatch() == null ? "" : p.getPatch());
          Selector t = p.getTarget();
          if (t != null) {
            ObjectNode to = po.putObject("target");
            putNonEmpty(to, "group", t.getGroup());
            putNonEmpty(to, "version", t.getVersion());
            putNonEmpty(to, "kind", t.getKind());
            putNonEmpty(to, "namespace", t.getNamespace());
            putNonEmpty(to, "name", t.getName());
            putNonEmpty(to, "annotationSelector", t.getAnnotationSelector());
            putNonEmpty(to, "labelSelector", t.getLabelSelector());
          }
        }
      }
      if (k.getImages() != null && !k.getImages().isEmpty()) {
        ArrayNode images = ko.putArray("images");
        for (Image i : k.getImages()) {
          ObjectNode io = images.addObject();
          io.put("name", i.getName() == null ? "" : i.getName());
          putNonEmpty(io, "newName", i.getNewName());
          putNonEmpty(io, "newTag", i.getNewTag());
          putNonEmpty(io, "digest", i.getDigest());
        }
      }
    }
    return sha256(GoJson.encode(out));
  }

  /**
   * The digest of {@code spec.commonMetadata} for {@code status.observedCommonMetadataDigest}:
   * {@code sha256:} of its JSON as Go's {@code json.Encoder} writes the {@code CommonMetadata}
   * struct (annotations then labels, omitempty, keys sorted as Go encodes maps, HTML characters
   * escaped, trailing newline); null when absent.
   */
  public static String commonMetadataDigest(HelmRelease hr) {
    var cm = hr.getSpec().getCommonMetadata();
    if (cm == null) {
      return null;
    }
    ObjectNode o = JSON.createObjectNode();
    if (cm.getAnnotations() != null && !cm.getAnnotations().isEmpty()) {
      ObjectNode a = o.putObject("annotations");
      goMapOrder(cm.getAnnotations()).forEach(a::put);
    }
    if (cm.getLabels() != null && !cm.getLabels().isEmpty()) {
      ObjectNode l = o.putObject("labels");
      goMapOrder(cm.getLabels()).forEach(l::put);
    }
    return sha256(GoJson.encode(o));
  }

  /** The entries in the order Go's encoding/json writes a map's keys (UTF-8 bytes). */
  private static java.util.Map<String, String> goMapOrder(java.util.Map<String, String> map) {
    java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>(GoJson::compareUtf8);
    sorted.putAll(map);
    return sorted;
  }

  private static void putNonEmpty(ObjectNode o, String field, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(field, value);
    }
  }

  static String sha256(String text) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
