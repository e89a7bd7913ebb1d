package io.capstan.cli.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.common.ResourceInventory;
import io.capstan.api.common.ResourceRef;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.release.HookRecord;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.inventory.InventoryEntry;
import java.util.ArrayList;
import java.util.List;

/** The text {@code build helmrelease} and {@code diff helmrelease} print. */
final class HelmReleaseOutput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmReleaseOutput() {}

  /** The rendered objects (then hooks), each after {@code ---}, Secrets masked unless asked. */
  static String build(HelmReleaseFlags flags, boolean showSecrets, boolean noHooks)
      throws HelmReleaseSource.RenderException, InterruptedException {
    try (HelmReleaseSource source = new HelmReleaseSource(flags)) {
      HelmReleaseSource.Rendered r = source.render();
      StringBuilder out = new StringBuilder();
      List<ObjectNode> objects;
      try {
        objects = r.template().objects(null, r.releaseName(), r.releaseNamespace());
      } catch (ActionException e) {
        throw new HelmReleaseSource.RenderException(e.getMessage(), e);
      }
      for (ObjectNode o : objects) {
        append(out, o, showSecrets);
      }
      if (!noHooks) {
        for (HookRecord hook : r.template().hooks()) {
          try {
            for (Object doc : GoYaml.parseAll(hook.manifest())) {
              if (doc != null) {
                append(out, JSON.valueToTree(doc), showSecrets);
              }
            }
          } catch (GoYaml.YamlException e) {
            throw new HelmReleaseSource.RenderException(
                "hook " + hook.path() + ": " + e.getMessage(), e);
          }
        }
      }
      return out.toString();
    }
  }

  private static void append(
      StringBuilder out, com.fasterxml.jackson.databind.JsonNode o, boolean showSecrets) {
    out.append("---\n").append(ObjectYaml.yaml(showSecrets ? o : ObjectYaml.masked(o)));
  }

  /** The changes as {@code ► Kind/ns/name action} lines (and diffs); empty when none. */
  static String diff(HelmReleaseFlags flags)
      throws HelmReleaseSource.RenderException, ServerSideDiff.DiffException, InterruptedException {
    try (HelmReleaseSource source = new HelmReleaseSource(flags)) {
      HelmReleaseSource.Rendered r = source.render();
      ApiResources resources = new ApiResources(source.client());
      List<ObjectNode> objects;
      try {
        objects = r.template().objects(resources, r.releaseName(), r.releaseNamespace());
      } catch (ActionException e) {
        throw new HelmReleaseSource.RenderException(e.getMessage(), e);
      }
      List<InventoryEntry> inventory = new ArrayList<>();
      HelmRelease inCluster =
          flags.file == null
              ? r.release()
              : source
                  .client()
                  .resources(HelmRelease.class)
                  .inNamespace(flags.namespace)
                  .withName(flags.name)
                  .get();
      if (inCluster != null && inCluster.getStatus() != null) {
        ResourceInventory recorded = inCluster.getStatus().getInventory();
        if (recorded != null && recorded.getEntries() != null) {
          for (ResourceRef ref : recorded.getEntries()) {
            inventory.add(new InventoryEntry(ref.getId(), ref.getV()));
          }
        }
      }
      StringBuilder out = new StringBuilder();
      for (ServerSideDiff.Change c :
          new ServerSideDiff(resources, "helm-controller").diff(objects, inventory)) {
        out.append("► ").append(c.object()).append(' ').append(c.action()).append('\n');
        if (!c.diff().isEmpty()) {
          out.append(c.diff()).append('\n');
        }
      }
      return out.toString();
    }
  }
}
