package io.capstan.kustomize.engine.transform;

import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.patch.JsonPatch;
import io.capstan.kustomize.engine.patch.PatchApplier;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceFactory;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.resource.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code patches:} entry: a strategic-merge patch (applied to its own id, or to every resource
 * the target selects) or a JSON 6902 patch (applied to every resource the target selects).
 */
public final class PatchTransformer implements Transformer {
  private final List<Resource> smp;
  private final JsonPatch json;
  private final Selector target;
  private final PatchApplier applier;
  private final String text;

  private PatchTransformer(
      List<Resource> smp, JsonPatch json, Selector target, PatchApplier applier, String text) {
    this.smp = smp;
    this.json = json;
    this.target = target;
    this.applier = applier;
    this.text = text;
  }

  /** Parses patch text: a list of operations is a JSON patch, objects are strategic merge. */
  public static PatchTransformer of(
      String patchText,
      String source,
      Selector target,
      boolean allowNameChange,
      boolean allowKindChange,
      PatchApplier applier) {
    String t = patchText;
    if (t.isBlank()) {
      throw new KustomizeException("empty patch in " + source);
    }
    JsonPatch json = JsonPatch.parse(t, source);
    if (json != null) {
      return new PatchTransformer(null, json, target, applier, t);
    }
    List<Resource> smp = new ArrayList<>(ResourceFactory.fromText(t, source));
    if (smp.isEmpty()) {
      throw new KustomizeException("unable to parse SM or JSON patch from [" + t + "]");
    }
    for (Resource r : smp) {
      r.setPatchOptions(allowNameChange, allowKindChange);
    }
    return new PatchTransformer(smp, null, target, applier, t);
  }

  @Override
  public void transform(ResourceMap m) {
    if (json != null) {
      if (target == null) {
        throw new KustomizeException("must specify a target for patch " + text);
      }
      for (Resource r : m.select(target)) {
        PatchApplier.applyJson(r, json);
      }
      return;
    }
    for (Resource patch : smp) {
      if (target == null) {
        Resource r;
        try {
          r = m.getById(patch.orgId());
        } catch (KustomizeException e) {
          throw new KustomizeException(
              "no resource matches strategic merge patch \""
                  + patch.orgId()
                  + "\": "
                  + e.getMessage());
        }
        applier.applySmp(m, List.of(r), patch);
      } else {
        applier.applySmp(m, m.select(target), patch);
      }
    }
  }
}
