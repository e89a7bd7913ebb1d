package io.capstan.helm.release;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helm's {@code secrets} storage driver: one Secret {@code sh.helm.release.v1.<name>.v<N>} of type
 * {@code helm.sh/release.v1} per revision in the storage namespace, labels {@code name}, {@code
 * owner=helm}, {@code status}, {@code version} and {@code createdAt} (create) / {@code modifiedAt}
 * (update), the release in {@code data.release} as {@code base64(gzip(json))}. Records that do not
 * decode are skipped in lists, as Helm skips them.
 */
public final class SecretReleaseStorage implements ReleaseStorage {
  /** The Secret type Helm 3 and 4 write. */
  public static final String SECRET_TYPE = "helm.sh/release.v1";

  static final Set<String> SYSTEM_LABELS =
      Set.of("name", "owner", "status", "version", "createdAt", "modifiedAt");

  private static final Logger LOG = LoggerFactory.getLogger(SecretReleaseStorage.class);

  private final KubernetesClient client;
  private final String namespace;
  // remembering(): the release names whose LIST is kept, and the kept LISTs
  private final Set<String> remembered = ConcurrentHashMap.newKeySet();
  private final Map<String, List<Secret>> listed = new ConcurrentHashMap<>();

  /**
   * @param client the client of the cluster holding the releases
   * @param namespace the storage namespace (Helm's {@code --namespace}, Flux's storageNamespace)
   */
  public SecretReleaseStorage(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The storage namespace. */
  public String namespace() {
    return namespace;
  }

  /** Helm's key: {@code sh.helm.release.v1.<name>.v<version>}. */
  public static String secretName(String name, int version) {
    return "sh.helm.release.v1." + name + ".v" + version;
  }

  @Override
  public Optional<Release> get(String name, int version) {
    Secret s;
    try {
      s = client.secrets().inNamespace(namespace).withName(secretName(name, version)).get();
    } catch (KubernetesClientException e) {
      throw new StorageException(
          "get: failed to get \"" + secretName(name, version) + "\": " + e.getMessage(), e);
    }
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(decode(s));
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          "get: failed to decode data \"" + s.getMetadata().getName() + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Remembers the history of {@code name} until the returned scope is closed: the label-selector
   * LIST behind {@link #history}, {@link #last} and {@link #deployed} is sent once, and again only
   * after a write of that release through this storage ({@link #create}, {@link #update}, {@link
   * #delete}) or {@link #forget}. For one reconcile, which otherwise lists the same Secrets five
   * times; every read still decodes fresh {@link Release} objects.
   */
  public Remembered remembering(String name) {
    remembered.add(name);
    return () -> {
      remembered.remove(name);
      listed.remove(name);
    };
  }

  /** The scope of {@link #remembering}; closing it forgets. */
  @FunctionalInterface
  public interface Remembered extends AutoCloseable {
    @Override
    void close();
  }

  /** Drops what {@link #remembering} keeps for {@code name}: the next read lists again. */
  public void forget(String name) {
    listed.remove(name);
  }

  @Override
  public List<Release> history(String name) {
    List<Secret> items = listed.get(name);
    if (items == null) {
      try {
        items =
            client
                .secrets()
                .inNamespace(namespace)
                .withLabels(Map.of("name", name, "owner", "helm"))
                .list()
                .getItems();
      } catch (KubernetesClientException e) {
        throw new StorageException("query: failed to query with labels: " + e.getMessage(), e);
      }
      if (remembered.contains(name)) {
        listed.put(name, items);
      }
    }
    List<Release> out = new ArrayList<>();
    for (Secret s : items) {
      try {
        Release r = decode(s);
        if (name.equals(r.name())) {
          out.add(r);
        }
      } catch (IllegalArgumentException e) {
        LOG.debug("failed to decode release {}: {}", s.getMetadata().getName(), e.getMessage());
      }
    }
    out.sort(Comparator.comparingInt(Release::version));
    return out;
  }

  @Override
  public Optional<Release> last(String name) {
    List<Release> h = history(name);
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
  }

  @Override
  public Optional<Release> deployed(String name) {
    List<Release> h = history(name);
    for (int i = h.size() - 1; i >= 0; i--) {
      if (h.get(i).status() == ReleaseStatus.DEPLOYED) {
        return Optional.of(h.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public void create(Release r) {
    listed.remove(r.name());
    Secret s = toSecret(r, "createdAt");
    try {
      client.secrets().inNamespace(namespace).resource(s).create();
      listed.remove(r.name());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StorageException("release: already exists (" + s.getMetadata().getName() + ")");
      }
      throw new StorageException("create: failed to create: " + e.getMessage(), e);
    }
  }

  @Override
  public void update(Release r) {
    listed.remove(r.name());
    Secret s = toSecret(r, "modifiedAt");
    try {
      Secret live =
          client.secrets().inNamespace(namespace).withName(s.getMetadata().getName()).get();
      if (live == null) {
        throw new StorageException(
            "update: failed to update: release: not found (" + s.getMetadata().getName() + ")");
      }
      String created =
          live.getMetadata().getLabels() == null
              ? null
              : live.getMetadata().getLabels().get("createdAt");
      if (created != null) {
        s.getMetadata().getLabels().putIfAbsent("createdAt", created);
      }
      // As Helm, an unconditional replace; the resourceVersion just read spares fabric8's own
      // GET for it (a conflict, someone writing in between, falls back to that).
      s.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
      try {
        client.secrets().inNamespace(namespace).resource(s).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        s.getMetadata().setResourceVersion(null);
        client.secrets().inNamespace(namespace).resource(s).update();
      }
      listed.remove(r.name());
    } catch (KubernetesClientException e) {
      throw new StorageException("update: failed to update: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Release> delete(String name, int version) {
    listed.remove(name);
    Optional<Release> r = get(name, version);
    if (r.isEmpty()) {
      return r;
    }
    try {
      client.secrets().inNamespace(namespace).withName(secretName(name, version)).delete();
      listed.remove(name);
    } catch (KubernetesClientException e) {
      throw new StorageException("delete: " + e.getMessage(), e);
    }
    return r;
  }

  @Override
  public void pruneHistory(String name, int maxHistory) {
    if (maxHistory <= 0) {
      return;
    }
    List<Release> h = history(name);
    if (h.size() <= maxHistory) {
      return;
    }
    int lastDeployed = deployedVersion(h);
    List<Release> toDelete = new ArrayList<>();
    for (Release r : h) {
      if (h.size() - toDelete.size() == maxHistory) {
        break;
      }
      if (r.version() != lastDeployed) {
        toDelete.add(r);
      }
    }
    for (Release r : toDelete) {
      delete(name, r.version());
    }
  }

  private static int deployedVersion(List<Release> sorted) {
    for (int i = sorted.size() - 1; i >= 0; i--) {
      if (sorted.get(i).status() == ReleaseStatus.DEPLOYED) {
        return sorted.get(i).version();
      }
    }
    return -1;
  }

  private Secret toSecret(Release r, String timeLabel) {
    Map<String, String> labels = new LinkedHashMap<>();
    r.labels()
        .forEach(
            (k, v) -> {
              if (!SYSTEM_LABELS.contains(k)) {
                labels.put(k, v);
              }
            });
    labels.put(timeLabel, Long.toString(Instant.now().getEpochSecond()));
    labels.put("name", r.name());
    labels.put("owner", "helm");
    labels.put("status", r.status().value());
    labels.put("version", Integer.toString(r.version()));
    // Helm stores the base64 text as the Secret's bytes, so the wire form is base64 twice.
    String encoded = ReleaseCodec.encode(r);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(r.name(), r.version()))
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withType(SECRET_TYPE)
        .withData(
            Map.of(
                "release",
                Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  private static Release decode(Secret s) {
    Map<String, String> data = s.getData();
    String wire = data == null ? null : data.get("release");
    if (wire == null) {
      throw new IllegalArgumentException("no release data");
    }
    String encoded = new String(Base64.getDecoder().decode(wire), StandardCharsets.US_ASCII);
    Release r = ReleaseCodec.decode(encoded);
    Map<String, String> custom = new LinkedHashMap<>();
    if (s.getMetadata().getLabels() != null) {
      s.getMetadata()
          .getLabels()
          .forEach(
              (k, v) -> {
                if (!SYSTEM_LABELS.contains(k)) {
                  custom.put(k, v);
                }
              });
    }
    r.labels(custom);
    return r;
  }
}
