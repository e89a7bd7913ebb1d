package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.ResId;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.List;

/**
 * Adds a name prefix or suffix ({@code namePrefix}, {@code nameSuffix}). CustomResourceDefinitions,
 * APIServices and Namespaces keep their names. Renamed resources remember their previous id so
 * references to them can be fixed later.
 */
public final class NameAffixTransformer implements Transformer {
  private static final List<Gvk> SKIP =
      List.of(
          new Gvk("", "", "CustomResourceDefinition"),
          new Gvk("apiregistration.k8s.io", "", "APIService"),
          new Gvk("", "", "Namespace"));

  private final String affix;
  private final boolean prefix;
  private final List<FieldSpec> specs;

  /** A prefix ({@code prefix == true}) or suffix transformer. */
  public NameAffixTransformer(String affix, boolean prefix, List<FieldSpec> specs) {
    this.affix = affix == null ? "" : affix;
    this.prefix = prefix;
    this.specs = specs;
  }

  @Override
  public void transform(ResourceMap m) {
    for (Resource r : m.resources()) {
      ResId id = r.orgId();
      if (SKIP.stream().anyMatch(s -> id.gvk().isSelected(s))) {
        continue;
      }
      for (FieldSpec fs : specs) {
        if (!id.gvk().isSelected(fs.gvk())) {
          continue;
        }
        if (fs.path().equals("metadata/name") && !affix.isEmpty()) {
          if (prefix) {
            r.prefixes().add(affix);
          } else {
            r.suffixes().add(affix);
          }
          r.storePreviousId();
        }
        if (!r.gvk().isSelected(fs.gvk())) {
          continue;
        }
        FieldWalker.apply(
            r.obj(),
            fs.path(),
            false,
            FieldWalker.Create.NONE,
            n -> {
              if (!n.isValueNode() || n.isNull()) {
                return n;
              }
              String v = n.asText();
              return TextNode.valueOf(prefix ? affix + v : v + affix);
            });
      }
    }
  }
}
