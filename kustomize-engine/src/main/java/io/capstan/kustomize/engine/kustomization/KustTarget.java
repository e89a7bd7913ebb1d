package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.TransformerConfig;
import io.capstan.kustomize.engine.remote.RemoteFetcher;
import io.capstan.kustomize.engine.remote.RemoteLoading;
import io.capstan.kustomize.engine.remote.RepoSpec;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceFactory;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One kustomization directory being built: accumulates its resources, bases and components, runs
 * its generators and transformers in kustomize's order.
 */
public final class KustTarget {
  private final FileLoader ldr;
  private final Kustomization k;
  private final BuildContext ctx;
  private final String originPath;

  KustTarget(FileLoader ldr, Kustomization k, BuildContext ctx, String originPath) {
    this.ldr = ldr;
    this.k = k;
    this.ctx = ctx;
    this.originPath = originPath;
  }

  /** Loads the kustomization file of {@code ldr}'s root. */
  static KustTarget load(FileLoader ldr, BuildContext ctx, String originPath) {
    return new KustTarget(ldr, Kustomization.load(ldr), ctx, originPath);
  }

  String originPath() {
    return originPath;
  }

  Kustomization kustomization() {
    return k;
  }

  FileLoader loader() {
    return ldr;
  }

  /** Accumulates this target into a fresh accumulator (a Kustomization). */
  Accumulator accumulate() {
    return accumulate(new Accumulator());
  }

  /** Accumulates into {@code ra} (fresh for kustomizations, the parent's for components). */
  Accumulator accumulate(Accumulator ra) {
    try {
      accumulateResources(ra, k.strings("resources"));
    } catch (KustomizeException e) {
      throw e.wrap("accumulating resources");
    }
    TransformerConfig tc = TransformerConfig.defaults();
    for (String path : k.strings("configurations")) {
      tc.merge(TransformerConfig.parse(ldr.load(path), ldr.resolve(path).toString()));
    }
    ra.config.merge(tc);
    for (String crd : k.strings("crds")) {
      ra.config.merge(CrdConfig.load(ldr, crd));
    }
    runGenerators(ra);
    for (String path : k.strings("components")) {
      FileLoader child;
      try {
        child = ldr.child(path);
      } catch (KustomizeException e) {
        throw e.wrap("accumulating components: loader.New \"" + path + "\"");
      }
      ra = accumulateDirectory(ra, child, true, join(originPath, path));
    }
    runTransformers(ra);
    if (!k.nodes("validators").isEmpty()) {
      throw new KustomizeException("validators are not supported (external plugins are disabled)");
    }
    ra.declareVars(k.nodes("vars"));
    return ra;
  }

  private void accumulateResources(Accumulator ra, List<String> paths) {
    RemoteLoading remote = ldr.remote().options();
    for (String path : paths) {
      if (RemoteFetcher.isHttpUrl(path) && remote.httpFiles()) {
        accumulateRemoteFile(ra, path);
        continue;
      }
      if (ldr.isRepository(path) && !ldr.isFile(path)) {
        accumulateDirectory(ra, ldr.child(path), false, join(originPath, path));
        continue;
      }
      if (FileLoader.isRemote(path)) {
        throw ldr.refusal(path);
      }
      if (ldr.isDirectory(path)) {
        FileLoader child = ldr.child(path);
        accumulateDirectory(ra, child, false, join(originPath, path));
        continue;
      }
      if (!ldr.isFile(path)) {
        throw new KustomizeException(
            "resource '" + path + "' not found: '" + ldr.resolve(path) + "' does not exist");
      }
      String text = ldr.load(path);
      List<Resource> loaded = ResourceFactory.fromText(text, ldr.resolve(path).toString());
      ResourceMap m = new ResourceMap();
      for (Resource r : loaded) {
        ctx.origins.annotate(r, join(originPath, path));
        m.resources().add(r);
      }
      ra.resources.appendAll(m);
    }
  }

  /**
   * An {@code http(s)://} entry, as kustomize reads it: first as a file; when that fails (an HTTP
   * error, or content that is not YAML) and the URL is also a Git repository location, as a remote
   * base.
   */
  private void accumulateRemoteFile(Accumulator ra, String path) {
    boolean repository = RepoSpec.parse(path).isPresent();
    List<Resource> loaded;
    try {
      String text = new String(ldr.loadBytes(path), StandardCharsets.UTF_8);
      loaded = ResourceFactory.fromText(text, path);
    } catch (KustomizeException fileError) {
      if (!repository) {
        throw fileError;
      }
      String first =
          fileError instanceof RemoteFetcher.HttpStatusException
              ? "accumulating resources from '" + path + "': URL is a git repository"
              : fileError.getMessage();
      if (!ldr.remote().options().gitRepositories()) {
        throw ldr.refusal(path).wrap("accumulation err='" + first + "'");
      }
      try {
        accumulateDirectory(ra, ldr.child(path), false, join(originPath, path));
      } catch (KustomizeException baseError) {
        throw baseError.wrap("accumulation err='" + first + "'");
      }
      return;
    }
    ResourceMap m = new ResourceMap();
    for (Resource r : loaded) {
      ctx.origins.annotate(r, path);
      m.resources().add(r);
    }
    ra.resources.appendAll(m);
  }

  private Accumulator accumulateDirectory(
      Accumulator ra, FileLoader child, boolean component, String childOrigin) {
    KustTarget sub;
    try {
      sub = KustTarget.load(child, ctx, childOrigin);
    } catch (KustomizeException e) {
      throw e.wrap("couldn't make target for path '" + child.root() + "'");
    }
    if (component && !sub.k.isComponent()) {
      throw new KustomizeException(
          "expected kind 'Component' for path '"
              + child.root()
              + "' but got '"
              + sub.k.string("kind")
              + "'");
    }
    if (!component && sub.k.isComponent()) {
      throw new KustomizeException("expected kind != 'Component' for path '" + child.root() + "'");
    }
    ctx.openapi.register(sub.k.get("openapi"), child::load, child.root().toString());
    if (component) {
      Accumulator res = sub.accumulate(ra);
      Accumulator fresh = new Accumulator();
      fresh.merge(res);
      return fresh;
    }
    Accumulator subRa;
    try {
      subRa = sub.accumulate();
    } catch (KustomizeException e) {
      throw e.wrap("recursed accumulation of path '" + child.root() + "'");
    }
    ra.merge(subRa);
    return ra;
  }

  private void runGenerators(Accumulator ra) {
    List<List<Resource>> outputs = new ArrayList<>();
    JsonNode options = k.get("generatorOptions");
    for (JsonNode g : k.nodes("configMapGenerator")) {
      outputs.add(
          ctx.origins.generated(
              KvGenerator.generate("ConfigMap", g, options, ldr), this, "ConfigMapGenerator"));
    }
    for (JsonNode g : k.nodes("secretGenerator")) {
      outputs.add(
          ctx.origins.generated(
              KvGenerator.generate("Secret", g, options, ldr), this, "SecretGenerator"));
    }
    if (!k.nodes("helmCharts").isEmpty() || !k.nodes("helmChartInflationGenerator").isEmpty()) {
      throw new KustomizeException("helm chart inflation is not supported");
    }
    for (ObjectNode cfg : pluginConfigs(k.strings("generators"))) {
      List<Resource> out = BuiltinPlugins.generate(cfg, ldr, ctx);
      if (ctx.origins.tracking()) {
        for (Resource r : out) {
          java.util.Map<String, String> a = new java.util.LinkedHashMap<>(r.annotations());
          a.put(Origins.ORIGIN, pluginOrigin(cfg));
          r.setAnnotations(a);
        }
      }
      outputs.add(out);
    }
    for (List<Resource> out : outputs) {
      try {
        ra.absorb(out);
      } catch (KustomizeException e) {
        throw e.wrap("merging from generator");
      }
    }
  }

  private void runTransformers(Accumulator ra) {
    List<BuiltinTransformers.Named> ts =
        new ArrayList<>(BuiltinTransformers.fromKustomization(k, ra.config, ldr, ctx));
    for (ObjectNode cfg : pluginConfigs(k.strings("transformers"))) {
      ts.add(
          new BuiltinTransformers.Named(
              Resource.text(cfg.get("kind")),
              BuiltinPlugins.transformer(cfg, ldr, ra.config, ctx),
              pluginOrigin(cfg)));
    }
    for (BuiltinTransformers.Named t : ts) {
      t.transformer().transform(ra.resources);
      if (ctx.origins.tracking()) {
        for (Resource r : ra.resources.resources()) {
          ctx.origins.transformed(
              r, t.origin() != null ? t.origin() : Origins.configuredBy(this, t.kind()));
        }
      }
    }
  }

  /** Plugin configurations listed inline or in files/directories. */
  private List<ObjectNode> pluginConfigs(List<String> entries) {
    List<ObjectNode> out = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (String e : entries) {
      List<JsonNode> docs = null;
      if (e.contains("\n") || e.contains(": ")) {
        try {
          docs =
              YamlReader.readAll(
                  e, ldr.root().resolve(k.fileName()).toString(), YamlReader.Mode.CONFIG);
        } catch (KustomizeException ex) {
          docs = null;
        }
      }
      if (docs != null
          && !docs.isEmpty()
          && docs.stream().allMatch(d -> d == null || d.isObject())) {
        for (JsonNode d : docs) {
          if (d != null && d.size() > 0) {
            out.add((ObjectNode) d);
          }
        }
      } else {
        paths.add(e);
      }
    }
    for (String path : paths) {
      List<Resource> configs;
      if (ldr.isFile(path)) {
        configs = new ArrayList<>();
        for (JsonNode d :
            YamlReader.readAll(
                ldr.load(path), ldr.resolve(path).toString(), YamlReader.Mode.CONFIG)) {
          if (d instanceof ObjectNode o && o.size() > 0) {
            configs.add(new Resource(o));
          }
        }
      } else {
        Accumulator pra = new Accumulator();
        accumulateResources(pra, List.of(path));
        configs = pra.resources.resources();
      }
      for (Resource r : configs) {
        ObjectNode cfg = r.obj();
        if (ctx.origins.tracking()) {
          java.util.Map<String, String> a = new java.util.LinkedHashMap<>(r.annotations());
          a.remove(Origins.ORIGIN);
          r.setAnnotations(a);
          cfg.put(PLUGIN_SOURCE, path);
        }
        out.add(cfg);
      }
    }
    return out;
  }

  /** The origin text of a plugin configured in this kustomization. */
  private String pluginOrigin(ObjectNode cfg) {
    String in = cfg.has(PLUGIN_SOURCE) ? Resource.text(cfg.remove(PLUGIN_SOURCE)) : k.fileName();
    StringBuilder b = new StringBuilder();
    b.append("configuredIn: ").append(join(originPath == null ? "" : originPath, in)).append('\n');
    b.append("configuredBy:\n  apiVersion: ").append(Resource.text(cfg.get("apiVersion")));
    b.append("\n  kind: ").append(Resource.text(cfg.get("kind"))).append('\n');
    String name = Resource.text(cfg.path("metadata").get("name"));
    String ns = Resource.text(cfg.path("metadata").get("namespace"));
    if (!name.isEmpty()) {
      b.append("  name: ").append(name).append('\n');
    }
    if (!ns.isEmpty()) {
      b.append("  namespace: ").append(ns).append('\n');
    }
    return b.toString();
  }

  private static final String PLUGIN_SOURCE = "$capstan.source";

  static String join(String base, String path) {
    if (base == null) {
      return null;
    }
    java.nio.file.Path p =
        java.nio.file.Path.of(base.isEmpty() ? "." : base).resolve(path).normalize();
    String s = p.toString();
    return s.isEmpty() ? "." : s;
  }
}
