package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.remote.RemoteFetcher;
import io.capstan.kustomize.engine.remote.RemoteLoading;
import io.capstan.kustomize.engine.remote.RepoSpec;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.transform.HashSuffixTransformer;
import io.capstan.kustomize.engine.transform.NameReferenceFixer;
import io.capstan.kustomize.engine.transform.SortOrderTransformer;
import io.capstan.kustomize.engine.transform.VarResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One top-level build: accumulate the root kustomization, then the steps kustomize runs once at the
 * end: hash suffixes, name-reference fixing, vars, dropping local-config objects, sorting and
 * removing build-only annotations.
 */
public final class Build {
  private Build() {}

  /** Builds {@code dir}; {@code rootOnly} applies the root-only load restriction. */
  public static List<ObjectNode> run(Path dir, boolean rootOnly) {
    return run(dir, rootOnly, RemoteLoading.disabled());
  }

  /**
   * Builds {@code dir}, fetching remote resources and bases as {@code remote} allows; clones are
   * deleted before this returns.
   */
  public static List<ObjectNode> run(Path dir, boolean rootOnly, RemoteLoading remote) {
    try (RemoteFetcher fetcher = new RemoteFetcher(remote)) {
      return run(FileLoader.at(dir, rootOnly, fetcher));
    } catch (KustomizeException e) {
      throw redacted(e);
    }
  }

  /** Builds the kustomization at a Git repository location ({@code kustomize build URL}). */
  public static List<ObjectNode> run(RepoSpec spec, RemoteLoading remote) {
    try (RemoteFetcher fetcher = new RemoteFetcher(remote)) {
      return run(FileLoader.atRepository(spec, fetcher));
    } catch (KustomizeException e) {
      throw redacted(e);
    }
  }

  /**
   * {@code e} without the passwords of URLs ({@code https://user:password@host/...}) it may quote:
   * build errors end up in statuses, events and logs.
   */
  private static KustomizeException redacted(KustomizeException e) {
    String message = String.valueOf(e.getMessage());
    String clean = USERINFO.matcher(message).replaceAll("$1$2:***@");
    return clean.equals(message) ? e : new KustomizeException(clean);
  }

  private static final Pattern USERINFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s:'\"]*):[^/@\\s'\"]+@");

  private static List<ObjectNode> run(FileLoader ldr) {
    Kustomization k = Kustomization.load(ldr);
    List<String> buildMetadata = k.strings("buildMetadata");
    for (String b : buildMetadata) {
      if (!List.of("originAnnotations", "transformerAnnotations", "managedByLabel").contains(b)) {
        throw new KustomizeException("invalid buildMetadata option: " + b);
      }
    }
    BuildContext ctx = new BuildContext(new Origins(buildMetadata));
    ctx.openapi.register(k.get("openapi"), ldr::load, ldr.root().toString());
    KustTarget kt = new KustTarget(ldr, k, ctx, ctx.origins.tracking() ? "" : null);
    Accumulator ra = kt.accumulate();
    ResourceMap m = ra.resources;
    new HashSuffixTransformer().transform(m);
    new NameReferenceFixer(ra.config.nameReference).transform(m);
    new VarResolver(ra.vars, ra.config.varReference).transform(m);
    // kustomize drops an object annotated local-config unless the value is exactly "false".
    m.retain(
        r -> {
          String local = r.annotations().get("config.kubernetes.io/local-config");
          return local == null || local.equals("false");
        });
    if (k.get("sortOptions") != null && !k.get("sortOptions").isNull()) {
      SortOrderTransformer.of(k.get("sortOptions")).transform(m);
    } else {
      SortOrderTransformer.legacyDefault().transform(m);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Resource r : m.resources()) {
      Map<String, String> annos = new LinkedHashMap<>(r.annotations());
      boolean changed = false;
      if (!ctx.origins.originAnnotations && annos.remove(Origins.ORIGIN) != null) {
        changed = true;
      }
      if (!ctx.origins.transformerAnnotations && annos.remove(Origins.TRANSFORMATIONS) != null) {
        changed = true;
      }
      if (!annos.isEmpty() || changed) {
        r.setAnnotations(annos);
      }
      if (buildMetadata.contains("managedByLabel")) {
        Map<String, String> labels = new LinkedHashMap<>(r.labels());
        labels.put("app.kubernetes.io/managed-by", "kustomize-v5.5.0");
        r.setLabels(labels);
      }
      out.add(r.obj());
    }
    return out;
  }
}
